"""Demo (`load_nghean_2023 --demo`): the provincial committee's report of the first six months of 2023, drafted
from the demo progress reports (tasks/seed_reports.py) and issued on 19/06/2023 by the secretariat (`thuky`)
with the first report number of the committee's 2023 series, so the list of periodic reports is not empty and
shows an issued report beside the drafts a clerk makes.

Fixed dates, whatever day it is loaded: drafted 16/06/2023 (after the cut-off day 14/06), issued 19/06/2023,
signed by the head in office that day (the letterhead's default). Idempotent: nothing is done when the
committee already has that report."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents.letterheads import letterhead_for
from members.selectors import provincial_committee

from . import drafting, issuing
from .models import PeriodicReport

DRAFTED = date(2023, 6, 16)
ISSUED = date(2023, 6, 19)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(*, demo: bool, stdout) -> None:
    committee = provincial_committee()
    clerk = get_user_model().objects.filter(username="thuky").first()
    if not demo or committee is None or clerk is None:
        return
    if PeriodicReport.objects.filter(committee=committee, kind="half", year=2023, index=1).exists():
        stdout.write("  periodic_reports: không có gì mới.")
        return
    letterhead = letterhead_for(committee, ISSUED)
    try:
        with transaction.atomic():
            report = drafting.create_report(
                committee=committee, kind="half", year=2023, index=1, by=clerk, now=_at(DRAFTED, 9), is_demo=True
            )
            issuing.issue_version(
                report=report,
                base_version=report.version,
                issued_on=ISSUED,
                place=letterhead.place,
                authority=letterhead.signing_authority,
                signer_name=letterhead.signer_name or "Thái Thanh Quý",
                signer_position=letterhead.signer_position,
                by=clerk,
                now=_at(ISSUED, 15),
                is_demo=True,
            )
    except ValidationError as error:  # the register refused (a later document of 2023 already numbered)
        stdout.write(f"  periodic_reports: chưa ban hành được báo cáo minh họa: {'; '.join(error.messages)}")
        return
    stdout.write("  periodic_reports: đã ban hành báo cáo 6 tháng đầu năm 2023 (minh họa).")
