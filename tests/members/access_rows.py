"""Access rows for every members URL: readers (secretariat, leadership, members) see the roster;
only the secretariat changes it; focal points, operators and outsiders get 403; anonymous users
are sent to the login page. POSTs with empty data reach the form (400) only for the secretariat.
"""

from datetime import date

from members.models import Assignment, Membership
from tests import factories as f
from tests.access import Row, staff_only

READERS = ("secretariat", "member", "leadership")
CHANGERS = ("secretariat",)
EVERYONE_LOGGED_IN = ("secretariat", "member", "focal_point", "hotline_operator", "leadership")


def setup(world):
    world.membership = Membership.objects.get(person=world.cast["member"].person, committee=world.committee)
    world.assignment = Assignment.objects.create(membership=world.membership, start=date(2023, 4, 11))
    world.assignment.units.add(world.department)
    world.sub_committee = f.CommitteeFactory(
        name="Tổ công tác Sở Nội vụ", kind="working_group", unit=world.department, parent=world.committee
    )


def committee(w):
    return {"pk": w.committee.pk}


def membership(w):
    return {"pk": w.membership.pk}


def form_refused_for_others(ok=400):
    return staff_only(CHANGERS, ok=ok)


ROWS = [
    Row("members:roster", None, staff_only(READERS)),
    Row("members:history", None, staff_only(READERS)),
    Row("members:me", None, staff_only(EVERYONE_LOGGED_IN, refused=200)),
    Row("members:committee_list", None, staff_only(READERS)),
    Row("members:committee_detail", lambda w: {"pk": w.sub_committee.pk}, staff_only(READERS)),
    Row("members:committee_history", lambda w: {"pk": w.sub_committee.pk}, staff_only(READERS)),
    Row("members:membership_detail", membership, staff_only(READERS)),
    Row("members:person_detail", lambda w: {"pk": w.membership.person_id}, staff_only(READERS)),
    Row("members:appoint", committee, staff_only(CHANGERS)),
    Row("members:appoint", committee, form_refused_for_others(), method="post"),
    Row("members:end", membership, staff_only(CHANGERS)),
    Row("members:end", membership, form_refused_for_others(), method="post"),
    Row("members:replace", membership, staff_only(CHANGERS)),
    Row("members:replace", membership, form_refused_for_others(), method="post"),
    Row("members:assignment_create", membership, staff_only(CHANGERS)),
    Row("members:assignment_create", membership, form_refused_for_others(), method="post"),
    Row("members:assignment_edit", lambda w: {"pk": w.assignment.pk}, staff_only(CHANGERS)),
    Row("members:assignment_edit", lambda w: {"pk": w.assignment.pk}, form_refused_for_others(), method="post"),
]
