"""Access rows for every hotline URL (see tests/access.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from hotline.models import Attachment, ExtensionRequest, Report
from hotline.reference import ensure_categories
from tests.access import Row, everyone, staff_only

from .conftest import make_report


def setup(world):
    ensure_categories()
    from hotline.models import Category

    categories = {c.code: c for c in Category.objects.all()}
    now = datetime(2023, 6, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    report, _ = make_report(categories, now=now)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.PROCESSING, routed_unit=world.department, answer_due=now.date()
    )
    world.report = Report.objects.get(pk=report.pk)
    world.attachment = Attachment(report=world.report, original_name="don.pdf", content_type="application/pdf", size=10)
    world.attachment.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    world.extension = ExtensionRequest.objects.create(
        report=world.report, days=3, reason="Cần xác minh", requested_by=world.cast["focal_point"], requested_at=now
    )


def _pk(w):
    return {"pk": w.report.pk}


READERS = ("hotline_operator", "leadership", "secretariat", "focal_point")
OPERATOR_POST = staff_only(("hotline_operator",), ok=400)

ROWS = [
    # Public pages
    Row("hotline:submit", None, everyone(200)),
    Row("hotline:receipt", None, everyone(302), note="nothing sent from this session"),
    Row("hotline:lookup", None, everyone(200)),
    Row("hotline:lookup_result", None, everyone(302), note="no code looked up in this session"),
    Row("hotline:lookup_rate", None, everyone(302), method="post"),
    Row("hotline:lookup_reopen", None, everyone(302), method="post"),
    Row(
        "hotline:lookup_file",
        lambda w: {"attachment_pk": w.attachment.pk},
        everyone(302),
        note="no code looked up in this session: sent to the look-up",
    ),
    Row("hotline:published", None, everyone(200)),
    # Staff lists
    Row("hotline:inbox", None, staff_only(("hotline_operator", "leadership"))),
    Row("hotline:unit_inbox", None, staff_only(("focal_point",))),
    Row("hotline:phone_intake", None, staff_only(("hotline_operator",))),
    Row("hotline:hotspots", None, staff_only(("leadership", "secretariat", "hotline_operator"))),
    Row("hotline:hotspots_export", None, staff_only(("leadership", "secretariat", "hotline_operator"))),
    Row("hotline:access_log", None, staff_only(("leadership",))),
    # A report routed to the focal point's unit
    Row("hotline:detail", _pk, staff_only(READERS)),
    Row("hotline:attachment", lambda w: {"pk": w.report.pk, "attachment_pk": w.attachment.pk}, staff_only(READERS)),
    Row("hotline:classify", _pk, OPERATOR_POST, method="post"),
    Row("hotline:route", _pk, OPERATOR_POST, method="post"),
    Row("hotline:transfer", _pk, OPERATOR_POST, method="post"),
    Row("hotline:review", _pk, OPERATOR_POST, method="post"),
    Row(
        "hotline:decide_extension",
        lambda w: {"pk": w.report.pk, "extension_pk": w.extension.pk},
        OPERATOR_POST,
        method="post",
    ),
    Row("hotline:answer", _pk, staff_only(("focal_point",), ok=400), method="post"),
    Row("hotline:request_extension", _pk, staff_only(("focal_point",), ok=400), method="post"),
    Row(
        "hotline:attach_answer_files",
        _pk,
        OPERATOR_POST,
        method="post",
        note="no file chosen (and no answer yet): refused with the page",
    ),
    Row("hotline:make_task", _pk, staff_only(("hotline_operator", "secretariat"), ok=400), method="post"),
    Row("hotline:share_contact", _pk, staff_only(("hotline_operator",), ok=302), method="post"),
    # The contact block, on an explicit logged action: the routed unit's focal point only once shared.
    Row("hotline:contact", _pk, staff_only(("hotline_operator", "leadership")), method="post"),
]
