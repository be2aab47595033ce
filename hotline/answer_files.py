"""Files of the answer: the official reply letter (văn bản trả lời) and what goes with it, attached by an
operator once the unit's answer is in. The citizen downloads them at look-up when the report is answered,
under a name made of the tracking code (`public_name`), never the name the file had on the operator's
computer (it may name the citizen). Checked like every upload (core/uploads.py) and deleted with the
report's other files at the end of the retention period (privacy.anonymise_expired)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import extension_of, safe_filename, storage_name

from .models import Attachment, Event, Report
from .workflow import _locked, _require, _transition

S = Report.Status
# The states in which the answer exists: sent by the unit (waiting for approval) or approved.
STATES = (S.ANSWER_SUBMITTED, S.ANSWERED)


def can_attach(report: Report) -> bool:
    """Whether the answer of `report` may take files now (its state is one of STATES)."""
    return report.status in STATES


def attach(*, report: Report, user, files: list[tuple], now: datetime) -> list[Attachment]:
    """Store `files` ([(uploaded file, checked MIME type)], forms.AnswerFilesForm) as files of the answer of
    `report`, with an internal timeline entry; one transaction. ValidationError when the report has no
    answer yet, or when the answer would hold more than settings.HOTLINE_MAX_ATTACHMENTS files."""
    with transaction.atomic():
        report = _locked(report)
        _require(report, *STATES)
        already = Attachment.objects.filter(report=report, is_answer=True).count()
        if already + len(files) > settings.HOTLINE_MAX_ATTACHMENTS:
            raise ValidationError(
                {"files": _("Trả lời chỉ được kèm tối đa %(n)s tệp.") % {"n": settings.HOTLINE_MAX_ATTACHMENTS}}
            )
        saved = []
        for uploaded, content_type in files:
            item = Attachment(
                report=report,
                original_name=safe_filename(uploaded.name),
                content_type=content_type,
                size=uploaded.size,
                is_answer=True,
                added_by=user,
                added_at=now,
            )
            item.file.save(storage_name(uploaded.name), uploaded, save=False)
            item.full_clean()
            item.save()
            saved.append(item)
        # The entry says how many, not the names (a name may hold personal data; the files list shows them to staff).
        count = _("%(n)s tệp") % {"n": len(saved)}
        _transition(report, to=None, kind=Event.Kind.ANSWER_FILES, actor=user, now=now, internal_note=count)
    return saved


def public_name(report: Report, item: Attachment, number: int) -> str:
    """The name the citizen's download gets: the tracking code and the file's number, e.g.
    "tra-loi-ABCD-EFGH-1.pdf" (the extension was checked at upload)."""
    return f"tra-loi-{report.display_code}-{number}.{extension_of(item.file.name or item.original_name)}"
