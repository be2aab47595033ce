"""Every page that creates a record, posted back as its own page draws it: the right role opens the page,
fills what a clerk fills (the page's hidden fields, selects and defaults kept as drawn), posts, and the
record exists. A form that draws a field its service does not take (a hidden "version" carried into
`create_plan(**cleaned_data)`) answers 500 here."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model
from django.urls import reverse

from core.models import CalendarEntry
from documents.models import IssuedDocument
from hotline.models import Report as HotlineReport
from members.models import Assignment, Membership, Person, ReformArea, Unit
from members.selectors import provincial_committee
from periodic_reports.models import PeriodicReport
from tasks.models import AgendaItem, Conclusion, Meeting, Opinion, PilotUnit, Plan, ProgressReport, Task
from tasks.personal_models import PersonalPlan
from tests.conftest import client_for
from tests.production.htmlforms import Form, parse_forms

pytestmark = pytest.mark.django_db

TEXT = "Nội dung nhập thử"


@dataclass
class Case:
    """A create page: who opens it, its url, the model it adds a row to, and what a clerk types."""

    user: str
    url: Callable[[], str]
    model: type[Model]
    typed: dict[str, str | Callable[[], str] | None] = field(default_factory=dict)
    form: str = ""  # a field name that picks the page's form among several
    page: Callable[[], str] | None = None  # the page drawing the form, when `url` only takes the post


def _fill(form: Form, typed: dict[str, str | Callable[[], str] | None]) -> dict[str, str | list[str]]:
    """The form's values as drawn (hidden fields, selected or first options, checked boxes, defaults), a
    text where a text is empty, then what the clerk types."""
    data: dict[str, str | list[str]] = {}
    for item in form.inputs:
        name, kind = item.get("name"), item.get("type")
        if not name or kind in ("submit", "button", "reset", "file"):
            continue
        if kind == "select":
            options = [o["value"] for o in item["options"]]
            chosen = [o["value"] for o in item["options"] if o["selected"] and o["value"]] or [v for v in options if v][
                :1
            ]
            if chosen:
                data[name] = chosen[0]
        elif kind in ("checkbox", "radio"):
            if item["checked"]:
                data[name] = item["value"] or "on"
        elif kind == "textarea" or (
            kind in ("text", "search") and not item["value"] and item.get("placeholder") != "dd/mm/yyyy"
        ):  # an empty date box stays empty, as an empty `type=date` did
            data[name] = TEXT
        else:
            data[name] = item["value"]
    data.update({k: v() if callable(v) else v for k, v in typed.items()})  # None: left empty
    return {k: v for k, v in data.items() if v is not None}


def _plan() -> Plan:
    return Plan.objects.get(committee=provincial_committee(), year=2023)


def _draft_plan() -> Plan:
    return Plan.objects.filter(status=Plan.Status.DRAFT, closed_at__isnull=True).order_by("-year").first()


def _meeting() -> Meeting:
    """The meeting created above (this year's: its conclusions may still become tasks)."""
    return Meeting.objects.order_by("-pk").first()


def _unassigned() -> Membership:
    memberships = Membership.objects.filter(committee=provincial_committee(), assignments__isnull=True)
    return memberships.order_by("pk").first()


def _task_of(username: str) -> Task:
    person = get_user_model().objects.get(username=username).person
    tasks = Task.objects.filter(lead_unit=person.unit, plan__year=2023, plan__status=Plan.Status.APPROVED)
    return tasks.order_by("pk").first()


CASES = {
    "plan": Case("thuky", lambda: reverse("tasks:plan_create"), Plan, {"year": "2029", "title": "Kế hoạch 2029"}),
    "task": Case(
        "thuky",
        lambda: reverse("tasks:task_create", args=[_draft_plan().pk]),
        Task,
        {"title": "Nhiệm vụ thử", "due_date": "2029-06-30", "coordinating_units": None},
    ),
    "pilot unit": Case("thuky", lambda: reverse("tasks:pilot_create", args=[_draft_plan().pk]), PilotUnit),
    "meeting": Case(
        "thuky", lambda: reverse("tasks:meeting_create"), Meeting, {"date": "2026-12-15", "title": "Phiên họp thử"}
    ),
    "conclusion": Case(
        "thuky",
        lambda: reverse("tasks:conclusion_add", args=[_meeting().pk]),
        Conclusion,
        form="/conclusions/",
        page=lambda: reverse("tasks:meeting_detail", args=[_meeting().pk]),
    ),
    "agenda item": Case(
        "thuky",
        lambda: reverse("tasks:agenda_add", args=[_meeting().pk]),
        AgendaItem,
        form="/agenda/",
        page=lambda: reverse("tasks:meeting_detail", args=[_meeting().pk]),
    ),
    "opinion": Case(
        "thuky",
        lambda: reverse("tasks:opinion_add", args=[_meeting().pk]),
        Opinion,
        form="/opinions/",
        page=lambda: reverse("tasks:meeting_detail", args=[_meeting().pk]),
    ),
    "task from a conclusion": Case(
        "thuky",
        lambda: reverse("tasks:conclusion_task", args=[Conclusion.objects.order_by("-pk").first().pk]),
        Task,
        {"due_date": "2026-12-31", "coordinating_units": None},
    ),
    "assignment": Case(
        "thuky",
        lambda: reverse("members:assignment_create", args=[_unassigned().pk]),
        Assignment,
        {"areas": lambda: str(ReformArea.objects.order_by("pk").first().pk), "end": ""},
    ),
    "progress report": Case(
        "daumoi",
        lambda: reverse("tasks:report_create", args=[_task_of("daumoi").pk]),
        ProgressReport,
        {"percent": "40"},
    ),
    "personal plan": Case("thanhvien", lambda: reverse("tasks:personal_plan"), PersonalPlan),
    "person": Case(
        "thuky",
        lambda: reverse("members:person_create"),
        Person,
        {"full_name": "Trần Thị Thử Nghiệm", "phone": "0912 345 678", "zalo": "", "email": ""},
    ),
    "membership": Case(
        "thuky",
        lambda: reverse("members:appoint", args=[provincial_committee().pk]),
        Membership,
        {
            "full_name": "Trần Văn Bổ Nhiệm",
            "start": "01/11/2026",
            "decision": "",  # a new decision and a new person, typed below
            "person": "",
            "decision_number": "99/QĐ-UBND",
            "decision_date": "01/11/2026",
        },
    ),
    "unit": Case(
        "thuky",
        lambda: reverse("members:unit_create"),
        Unit,
        {"name": "Sở Thử Nghiệm", "code": "STN", "valid_from": "01/11/2026"},
    ),
    "hotline report by phone": Case(
        "tongdai",
        lambda: reverse("hotline:phone_intake"),
        HotlineReport,
        {"contact_phone": "0912345678", "consent": "on", "contact_email": ""},
    ),
    "register entry": Case(
        "thuky",
        lambda: reverse("documents:register_add", args=[provincial_committee().pk]),
        IssuedDocument,
        {"issued_on": "20/11/2026", "number": "07-BC/BCĐ"},
    ),
    "periodic report": Case(
        "thuky",
        lambda: reverse("periodic_reports:create"),
        PeriodicReport,
        form="period",
        page=lambda: reverse("periodic_reports:list"),
    ),
    "calendar entry": Case(
        "thuky",
        lambda: reverse("core:holidays"),
        CalendarEntry,
        {"date": "2027-05-04", "name": "Nghỉ thêm", "source_document": "TB 1/UBND", "confirmed": "on"},
        form="date",
    ),
}


def _errors(html: str) -> str:
    """The page's errors, "field: message" (a form-wide one with an empty field)."""
    found = re.findall(r'id="id_(\w+)_error"[^>]*>(.*?)</ul>|role="alert"[^>]*>(.*?)</div>', html, re.S)
    return " | ".join(
        f"{name}: " + re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", a or b)).strip() for name, a, b in found
    )[:600]


def test_every_create_page_creates_its_record():
    call_command("load_nghean_2023", demo=True, verbosity=0)
    failures = {}
    for name, case in CASES.items():
        client = client_for(get_user_model().objects.get(username=case.user))
        client.raise_request_exception = False  # a 500 is a failure of its case, the others still run
        try:
            url = case.url()
            page_url = case.page() if case.page else url
        except AttributeError as e:  # nothing to add to (a case before it failed)
            failures[name] = f"no page: {e}"
            continue
        page = client.get(page_url)
        if page.status_code != 200:
            failures[name] = f"GET {url}: {page.status_code}"
            continue
        forms = [
            f for f in parse_forms(page.content.decode()) if f.method == "post" and "csrfmiddlewaretoken" in f.names()
        ]
        forms = [f for f in forms if not case.form or case.form in f.names() or case.form in f.action]
        forms = [f for f in forms if f.names() - {"csrfmiddlewaretoken", "language", "next"}]
        if not forms:
            failures[name] = f"GET {url}: no form"
            continue
        form = forms[0]
        before = case.model.objects.count()
        target = urljoin(page_url, form.action) if form.action else url
        response = client.post(target, _fill(form, case.typed))
        created = case.model.objects.count() - before
        if response.status_code not in (200, 302) or created != 1:
            failures[name] = (
                f"POST {target}: {response.status_code}, {created} new; {_errors(response.content.decode())}"
            )
    assert failures == {}
