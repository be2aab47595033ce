"""Access rows for every members URL: readers (secretariat, leadership, members) see the roster;
only the secretariat changes it; focal points, operators and outsiders get 403; anonymous users
are sent to the login page. POSTs with empty data reach the form (400) only for the secretariat.
"""

from datetime import date

from django.utils import timezone

from members.models import Assignment, Membership, Person, UnitChange
from tests import factories as f
from tests.access import Row, everyone, staff_only

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
    # A unit that ended (with its record) beside the working ones.
    world.ended_unit = f.UnitFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28))
    world.ended_unit.successors.set([world.other_department])
    UnitChange.objects.create(
        unit=world.ended_unit,
        on=date(2025, 3, 1),
        source="Sắp xếp tổ chức bộ máy năm 2025",
        recorded_at=timezone.now(),
    )
    # A person without an account (the account page offers to create one).
    world.new_person = Person.objects.create(full_name="Nguyễn Văn Mới", email="nguyen.van.moi@example.invalid")


def committee(w):
    return {"pk": w.committee.pk}


def membership(w):
    return {"pk": w.membership.pk}


def unit(w):
    return {"pk": w.department.pk}


def ended_unit(w):
    return {"pk": w.ended_unit.pk}


def focal_person(w):
    return {"pk": w.cast["focal_point"].person.pk}


def new_person(w):
    return {"pk": w.new_person.pk}


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
    Row("members:unit_list", None, staff_only(READERS)),
    Row("members:unit_detail", unit, staff_only(READERS)),
    Row("members:unit_detail", ended_unit, staff_only(READERS)),
    Row("members:unit_create", None, staff_only(CHANGERS)),
    Row("members:unit_create", None, form_refused_for_others(), method="post"),
    Row("members:unit_end", unit, staff_only(CHANGERS)),
    Row("members:unit_end", unit, form_refused_for_others(), method="post"),
    Row("members:unit_transfer", ended_unit, staff_only(CHANGERS)),
    Row("members:unit_transfer", ended_unit, form_refused_for_others(), method="post"),
    Row("members:committee_create", None, staff_only(CHANGERS)),
    Row("members:committee_create", None, form_refused_for_others(), method="post"),
    Row("members:committee_edit", lambda w: {"pk": w.sub_committee.pk}, staff_only(CHANGERS)),
    Row("members:committee_edit", lambda w: {"pk": w.sub_committee.pk}, form_refused_for_others(), method="post"),
    Row("members:unit_edit", unit, staff_only(CHANGERS)),
    Row("members:unit_edit", ended_unit, staff_only(CHANGERS), note="an ended unit"),
    Row("members:unit_edit", unit, form_refused_for_others(), method="post"),
    # People and accounts: the secretariat (and the administrator, tests/members/test_people_accounts.py).
    Row("members:people_list", None, staff_only(CHANGERS)),
    Row("members:people_history", None, staff_only(CHANGERS)),
    Row("members:person_create", None, staff_only(CHANGERS)),
    Row("members:person_create", None, form_refused_for_others(), method="post"),
    Row("members:person_edit", focal_person, staff_only(CHANGERS)),
    Row("members:person_edit", focal_person, form_refused_for_others(), method="post"),
    Row("members:person_account", focal_person, staff_only(CHANGERS)),
    Row("members:person_account", new_person, staff_only(CHANGERS)),
    Row("members:person_account", new_person, form_refused_for_others(), method="post"),
    Row("members:account_action", focal_person, staff_only(CHANGERS), data={"action": "deactivate"}),
    Row("members:account_action", focal_person, form_refused_for_others(), method="post"),
    # The e-mailed link needs no session: an unknown token shows why the link no longer works.
    Row("members:invitation", lambda w: {"uidb64": "MQ", "token": "unknown-token"}, everyone(200)),
    Row("members:roster_xlsx", None, staff_only(READERS)),
    Row("members:roster_print", None, staff_only(READERS)),
]
