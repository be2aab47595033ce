"""The loaded world is true to the sources' dates, whatever day it is loaded, and `--demo` makes every 2023
review month a month to learn from: tasks owed, reported on time and late, missing, returned; the monthly
cycle of a 2023 month sends its e-mails to the demo people's addresses."""

import os
import subprocess
import sys
from datetime import date, datetime, time
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from documents.models import IssuedDocument
from hotline.models import Event, Report
from members.models import Assignment, Decision, Membership, Person
from members.seed import DEMO_ACCOUNTS
from members.selectors import provincial_committee
from periodic_reports.models import PeriodicReport, ReportVersion
from reviews.board import close_month, open_month, reopen_month, review_board
from reviews.models import Reminder
from reviews.reminders import run_cycle
from tasks.models import Meeting, Plan, ProgressReport, Task
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SESSION = date(2023, 4, 11)
FOUNDED = date(2023, 3, 6)
TODAY = date(2026, 11, 29)
BASE_DIR = Path(__file__).resolve().parent.parent


def load(demo: bool = True) -> None:
    call_command("load_nghean_2023", demo=demo, stdout=StringIO())


def local(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def plan_2023() -> Plan:
    return Plan.objects.get(committee=provincial_committee(), year=2023)


def test_the_2023_plan_and_its_tasks_exist_from_the_session_that_adopted_them(reference_data):
    load(demo=False)
    plan = plan_2023()
    assert plan.starts_on == SESSION
    assert local(plan.approved_at) == SESSION
    tasks = Task.objects.filter(plan=plan)
    assert tasks.count() == 8
    assert {local(t.created_at) for t in tasks} == {SESSION}
    assert {local(h) for h in Task.history.filter(history_type="+").values_list("history_date", flat=True)} == {SESSION}
    assert local(plan.history.earliest("history_date").history_date) == SESSION
    assert Meeting.objects.get(committee=plan.committee).date == SESSION
    founding = Decision.objects.get(number="1830-QĐ/TU")
    assert local(founding.created_at) == FOUNDED
    seats = Membership.objects.filter(committee=plan.committee)
    assert set(seats.values_list("start", flat=True)) == {FOUNDED}
    assert {local(h.history_date) for h in Membership.history.filter(history_type="+")} == {FOUNDED}


def test_demo_seats_assignments_and_people_carry_the_sources_dates_and_demo_addresses(reference_data):
    load()
    committee = provincial_committee()
    assert set(Membership.objects.filter(committee=committee).values_list("start", flat=True)) == {FOUNDED}
    assert set(Assignment.objects.filter(transferred_from=None).values_list("start", flat=True)) == {SESSION}
    demo = Person.objects.filter(is_demo=True)
    assert demo.exists() and not demo.filter(email="").exists()
    assert all(p.email.endswith("@example.invalid") for p in demo)
    assert Person.objects.get(full_name="Lê Thị Đầu Mối").email == "le.thi.dau.moi@example.invalid"
    assert not Person.objects.filter(is_demo=False).exclude(email="").exists(), "no address invented for real people"
    assert get_user_model().objects.get(username="lanhdao").email == "lanhdao@example.invalid"


def test_each_2023_review_month_has_owed_on_time_late_missing_and_returned(reference_data):
    load()
    committee = provincial_committee()
    for month in (1, 2, 3):
        assert review_board(committee=committee, month=date(2023, month, 1), today=TODAY).total.owed == 0
    for month in range(5, 13):
        board = review_board(committee=committee, month=date(2023, month, 1), today=TODAY)
        total = board.total
        assert total.owed > 0, month
        assert total.on_time and total.late and total.missing, (month, total)
        assert board.returned_rows, month
        assert total.owed == total.on_time + total.late + total.missing
    reports = ProgressReport.objects.filter(task__plan=plan_2023())
    assert not reports.filter(is_demo=False).exists()
    assert set(reports.values_list("status", flat=True)) == {"accepted", "returned"}, "all of 2023 was reviewed"
    returned = reports.filter(status="returned")
    assert not returned.filter(review_comment="").exists()
    assert all(local(r.submitted_at).year == 2023 for r in reports)
    # The summaries went through the real services: done tasks stop owing after their month.
    hotline_task = Task.objects.get(plan__year=2023, code="KL2")
    assert hotline_task.progress.done_period == date(2023, 6, 1)
    july = review_board(committee=committee, month=date(2023, 7, 1), today=TODAY)
    assert "KL2" not in {t.code for t in july.rows}
    # A report returned and sent again by the deadline counts as on time (KL4, 08/2023).
    august = review_board(committee=committee, month=date(2023, 8, 1), today=TODAY)
    assert {t.code: t.outcome for t in august.rows}["KL4"] == "on_time"
    # History shows the reports at their own times, not the day of the load.
    assert {local(h).year for h in ProgressReport.history.values_list("history_date", flat=True)} == {2023}


def test_the_monthly_cycle_of_a_2023_month_sends_email_to_the_demo_people(reference_data, settings):
    settings.SITE_URL = "http://localhost:8104"
    load()
    committee = provincial_committee()
    result = run_cycle(committee=committee, month=date(2023, 5, 1), now=at(date(2023, 5, 22), 9))
    assert result.kinds == [Reminder.Kind.FIRST] and result.sent > 0
    assert mail.outbox
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients and all(address.endswith("@example.invalid") for address in recipients)
    assert "le.thi.dau.moi@example.invalid" in recipients
    assert "http://localhost:8104/tasks/task/" in mail.outbox[0].body

    mail.outbox.clear()
    after_deadline = run_cycle(committee=committee, month=date(2023, 5, 1), now=at(date(2023, 5, 29), 9))
    assert Reminder.Kind.OVERDUE in after_deadline.kinds and after_deadline.sent > 0
    sent = Reminder.objects.filter(review=after_deadline.review, sent_at__isnull=False).select_related("recipient")
    kinds = {r.kind for r in sent if r.emailed}
    assert {Reminder.Kind.OVERDUE, Reminder.Kind.OVERDUE_MEMBER, Reminder.Kind.SECRETARIAT_SUMMARY} <= kinds
    assert all(a.endswith("@example.invalid") for m in mail.outbox for a in m.to)


def _counts() -> dict[str, int]:
    models = [Plan, Task, ProgressReport, Meeting, Person, Membership, Assignment, Decision, Report, Event]
    models += [PeriodicReport, ReportVersion, IssuedDocument]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history:{m.__name__}": m.history.count() for m in (Plan, Task, ProgressReport, Person, Report)})
    return counts


def test_the_demo_has_an_issued_report_of_the_first_six_months_of_2023(reference_data):
    load()
    report = PeriodicReport.objects.get(committee=provincial_committee(), kind="half", year=2023)
    assert (report.status, report.starts_on, report.ends_on, report.is_demo) == (
        "issued",
        date(2022, 12, 15),
        date(2023, 6, 14),
        True,
    )
    version = report.versions.get()
    document = version.issued_document
    assert (document.issued_on, document.sequence, document.is_demo) == (date(2023, 6, 19), 1, True)
    assert document.file
    sections = {s.key: s.text for s in version.sections.all()}
    assert "Phiên họp ngày 11/04/2023" in sections["direction"]
    assert version.data["annex"], "the annex lists the 2023 tasks"


def test_the_following_years_plans_are_approved_by_decisions_numbered_in_the_register(reference_data):
    load()
    for plan in Plan.objects.filter(committee=provincial_committee(), year__gt=2023).select_related("approved_by"):
        document = plan.approved_by.issued_document  # in the committee's register, its own number form
        assert (document.number, document.kind, document.year, document.is_demo) == ("01-QĐ/BCĐ", "QĐ", plan.year, True)
        assert document.issued_on == date(plan.year, 1, 10) == plan.approved_by.date


def test_every_demo_account_has_a_full_name_which_a_reopened_month_shows(reference_data):
    load()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)}
    assert {name: bool(users[name].get_full_name().strip()) for name in DEMO_ACCOUNTS} == dict.fromkeys(
        DEMO_ACCOUNTS, True
    )
    review = open_month(committee=provincial_committee(), month=date(2023, 5, 1), today=TODAY)
    now = timezone.now()
    with transaction.atomic():
        close_month(review=review, user=users["thuky"], now=now)
        reopen_month(review=review, user=users["lanhdao"], reason="Bổ sung báo cáo", now=now)
    month = review.month
    page = client_for(users["thuky"]).get(f"/tasks/review/{review.committee_id}/{month.year}/{month.month}/")
    reopened = page.content.decode()
    assert "Hoàng Văn Lãnh Đạo" in reopened and "(lanhdao)" not in reopened


def test_loading_twice_adds_nothing(reference_data):
    load()
    first = _counts()
    load()
    assert _counts() == first


def test_a_rerun_puts_right_a_world_loaded_with_the_day_it_ran(reference_data):
    """A database loaded by an earlier version: rows dated the day it ran, demo people without addresses,
    part of the story missing, a report left waiting for review."""
    load()
    plan = plan_2023()
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(starts_on=None)
    Task.objects.filter(plan=plan).update(created_at=now)
    Task.history.update(history_date=now)
    Person.objects.filter(is_demo=True).update(email="")
    Report.objects.filter(is_demo=True).update(received_on=TODAY, created_at=now)
    september = ProgressReport.objects.get(task__plan=plan, task__code="KL1", period=date(2023, 9, 1))
    ProgressReport.objects.filter(pk=september.pk).update(status="submitted", reviewed_by=None, reviewed_at=None)
    ProgressReport.objects.filter(task__plan=plan, period=date(2023, 12, 1)).delete()
    expected = ProgressReport.objects.count()

    load()

    plan.refresh_from_db()
    assert plan.starts_on == SESSION
    assert {local(t.created_at) for t in Task.objects.filter(plan=plan)} == {SESSION}
    assert {local(h) for h in Task.history.filter(plan_id=plan.pk).values_list("history_date", flat=True)} == {SESSION}
    assert not Person.objects.filter(is_demo=True, email="").exists()
    assert not Report.objects.filter(is_demo=True, received_on=TODAY).exists()
    assert Report.objects.get(code="NA23DEM4").received_on == date(2023, 8, 14)
    september.refresh_from_db()
    assert september.status == "accepted" and local(september.reviewed_at).month == 9
    december = review_board(committee=plan.committee, month=date(2023, 12, 1), today=TODAY)
    assert december.total.on_time and december.total.late and december.returned_rows
    assert ProgressReport.objects.count() > expected


def _story() -> dict[str, list]:
    """What the loaded world says happened when, as rows of plain values: the sources' year (the demo
    plans of the following years run up to the year it is loaded in, by design)."""
    return {
        "plans": list(Plan.objects.filter(year=2023).values_list("year", "starts_on", "approved_at")),
        "tasks": sorted(Task.objects.filter(plan__year=2023).values_list("code", "created_at")),
        "reports": sorted(
            ProgressReport.objects.filter(task__plan__year=2023).values_list(
                "task__code", "period", "status", "percent", "submitted_at", "reviewed_at"
            )
        ),
        "hotline": sorted(Report.objects.values_list("code", "status", "received_on", "classify_due", "answer_due")),
        "events": sorted(Event.objects.values_list("report__code", "kind", "at")),
        "history": sorted(Task.history.filter(plan__year=2023).values_list("code", "history_type", "history_date")),
    }


def test_the_story_is_the_same_whatever_day_it_is_loaded(reference_data):
    stories = []
    for day in (datetime(2026, 11, 29, 10, 0), datetime(2031, 2, 3, 21, 0)):
        with (
            time_machine.travel(timezone.make_aware(day), tick=False),
            pytest.raises(_RolledBack),
            transaction.atomic(),
        ):
            load()
            stories.append(_story())
            years = set(
                Plan.objects.filter(committee__parent__isnull=True, committee__kind="provincial").values_list(
                    "year", flat=True
                )
            )
            assert years == set(range(2023, day.year + 1))
            raise _RolledBack
    assert stories[0]["reports"] and stories[0]["hotline"]
    assert stories[0] == stories[1]


class _RolledBack(Exception):
    pass


def _settings_of(**env) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL", "EMAIL_URL")}
    environment.update(DJANGO_SETTINGS_MODULE="steering.settings", DEBUG="1", VAR_DIR="/tmp/steering-var", **env)
    code = 'from django.conf import settings as s; print(s.SITE_URL); print(s.EMAIL_BACKEND); print(getattr(s, "EMAIL_FILE_PATH", "-"))'
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_site_url_follows_the_port_make_run_serves_on_and_mail_lands_in_var_mail():
    assert _settings_of(PORT="8104") == [
        "http://localhost:8104",
        "django.core.mail.backends.filebased.EmailBackend",
        "/tmp/steering-var/mail",
    ]
    assert _settings_of()[0] == "http://localhost:8000"
    assert _settings_of(PORT="8104", SITE_URL="https://cchc.nghean.gov.vn/")[0] == "https://cchc.nghean.gov.vn"
    assert _settings_of(EMAIL_URL="smtp://mail.example.invalid:25")[1] == "django.core.mail.backends.smtp.EmailBackend"
