"""What happens to a report after intake: classify, route, transfer, answer, approve and publish,
rate and reopen, extensions, sharing contact details with the unit.

Each function is one transaction: the report row is locked, its status checked and changed, and
the timeline entry and any outbox rows written together. `now`/`today` are always passed in.
An operator's or focal point's action passes `version`, the report's version their page was drawn
from: when the report's state, unit or what the action writes changed since, `core.versions.StaleEdit`
says what, and nothing is done (core/versions.py).
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import add_working_days
from core.versions import check_version
from members.models import Unit
from members.unit_changes import check_valid_for_new_work

from . import codes, outbox, people
from .models import Event, ExtensionRequest, Outbox, Report
from .personal import has_personal, known_personal

S = Report.Status


# What a stale action form is checked on (core/versions.py): the report's state and unit, and what the
# action itself writes. A change of anything else (an escalation, a rating) lets the action go on.
DECIDING = ("status", "routed_unit")
CLASSIFYING = (*DECIDING, "classification_reason", "duplicate_of", "forwarded_to")
ANSWERING = (*DECIDING, "answer")
DEADLINE = (*DECIDING, "answer_due")


def _locked(report: Report, version: int | None = None, fields: tuple[str, ...] = DECIDING) -> Report:
    """The report's row, locked; a form drawn from an older `version` whose `fields` changed since raises
    `core.versions.StaleEdit` (None: not checked)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_version(report, version, fields=fields)
    return report


def _require(report: Report, *statuses: str) -> None:
    if report.status not in statuses:
        raise ValidationError(
            _("Không thể thực hiện: phản ánh đang ở trạng thái “%(status)s”.") % {"status": report.get_status_display()}
        )


def _transition(
    report: Report,
    *,
    to: str | None,
    kind: str,
    actor,
    now: datetime,
    note: str = "",
    internal_note: str = "",
    public: bool | None = None,
) -> Event:
    """Save the report (with its new status) and its timeline entry; call inside an atomic block.
    `note` is shown to the citizen when the entry is public (Event.PUBLIC_KINDS); `internal_note` only
    to staff."""
    before = report.status
    if to is not None:
        report.status = to
    report.full_clean(validate_unique=False)
    report.save()
    return Event.objects.create(
        report=report,
        kind=kind,
        at=now,
        actor=actor,
        status_from=before,
        status_to=report.status,
        note=note,
        internal_note=(internal_note or "").strip(),
        is_public=kind in Event.PUBLIC_KINDS if public is None else public,
    )


def classify(
    *,
    report: Report,
    user,
    decision: str,
    reason: str = "",
    duplicate_code: str = "",
    forwarded_to: str = "",
    now: datetime,
    version: int | None = None,
    internal_note: str = "",
) -> Report:
    """Classify a new report, or classify an accepted one again (it may then be refused, found a duplicate or
    forwarded; accepting it twice is refused). `reason` (and the duplicate's code, the body forwarded to) is shown to the
    citizen at look-up; `internal_note` to staff only."""
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked(report, version, CLASSIFYING)
        _require(report, S.NEW, S.ACCEPTED)
        if decision == "accept" and report.status == S.ACCEPTED:
            raise ValidationError({"decision": _("Phản ánh đã được tiếp nhận; chọn cách phân loại khác.")})
        if decision == "accept":
            return _finish(
                report, to=S.ACCEPTED, kind=Event.Kind.ACCEPTED, user=user, now=now, note=reason, internal=internal_note
            )
        if not reason:
            raise ValidationError({"reason": _("Vui lòng nêu lý do.")})
        report.classification_reason = reason
        if decision == "not_accepted":
            return _finish(
                report,
                to=S.NOT_ACCEPTED,
                kind=Event.Kind.NOT_ACCEPTED,
                user=user,
                now=now,
                note=reason,
                internal=internal_note,
            )
        if decision == "duplicate":
            code = codes.normalise_code(duplicate_code)
            original = Report.objects.filter(code=code).exclude(pk=report.pk).first()
            if original is None:
                raise ValidationError({"duplicate_code": _("Không tìm thấy phản ánh có mã này.")})
            report.duplicate_of = original
            note = _("Trùng với phản ánh %(code)s. %(reason)s") % {"code": original.display_code, "reason": reason}
            return _finish(
                report, to=S.DUPLICATE, kind=Event.Kind.DUPLICATE, user=user, now=now, note=note, internal=internal_note
            )
        if decision == "forward":
            if not (forwarded_to or "").strip():
                raise ValidationError({"forwarded_to": _("Vui lòng nêu cơ quan có thẩm quyền.")})
            report.forwarded_to = forwarded_to.strip()
            note = _("Chuyển đến %(body)s. %(reason)s") % {"body": report.forwarded_to, "reason": reason}
            return _finish(
                report, to=S.FORWARDED, kind=Event.Kind.FORWARDED, user=user, now=now, note=note, internal=internal_note
            )
        raise ValidationError({"decision": _("Phân loại không hợp lệ.")})


def _finish(report: Report, *, to: str, kind: str, user, now: datetime, note: str, internal: str = "") -> Report:
    _transition(report, to=to, kind=kind, actor=user, now=now, note=note, internal_note=internal)
    return report


def route(
    *,
    report: Report,
    user,
    unit: Unit,
    days: int,
    today: date,
    now: datetime,
    note: str = "",
    version: int | None = None,
    internal_note: str = "",
) -> Report:
    """Send an accepted (or new: routing accepts it) report to the unit that must answer (a unit valid today).
    The timeline entry is public: `note` is shown to the citizen at look-up, `internal_note` to staff only."""
    check_valid_for_new_work(unit=unit, day=today)
    with transaction.atomic():
        report = _locked(report, version, CLASSIFYING)
        _require(report, S.NEW, S.ACCEPTED)
        report.routed_unit = unit
        report.answer_due = add_working_days(today, days)
        text = _("Chuyển %(unit)s xử lý, hạn trả lời %(due)s.") % {
            "unit": unit.name,
            "due": report.answer_due.strftime("%d/%m/%Y"),
        }
        _transition(
            report,
            to=S.PROCESSING,
            kind=Event.Kind.ROUTED,
            actor=user,
            now=now,
            note=(text + " " + (note or "").strip()).strip(),
            internal_note=internal_note,
        )
        outbox.notify_people(report=report, person_ids=people.unit_contact_ids(unit), notice="routed", now=now)
    return report


def transfer(
    *,
    report: Report,
    user,
    unit: Unit,
    days: int,
    reason: str,
    today: date,
    now: datetime,
    version: int | None = None,
    internal_note: str = "",
) -> Report:
    """Move a report to another unit, with a reason the citizen sees (`internal_note`: staff only)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Vui lòng nêu lý do chuyển đơn vị.")})
    check_valid_for_new_work(unit=unit, day=today)
    with transaction.atomic():
        report = _locked(report, version, DEADLINE)
        _require(report, S.PROCESSING, S.ANSWER_SUBMITTED)
        if unit.pk == report.routed_unit_id:
            raise ValidationError({"unit": _("Phản ánh đang do chính đơn vị này xử lý.")})
        previous = report.routed_unit
        report.routed_unit = unit
        report.answer_due = add_working_days(today, days)
        report.contact_shared = False  # sharing was with the previous unit only
        report.answer = ""
        note = _("Chuyển từ %(old)s sang %(new)s, hạn trả lời %(due)s. Lý do: %(reason)s") % {
            "old": previous.name if previous else "—",
            "new": unit.name,
            "due": report.answer_due.strftime("%d/%m/%Y"),
            "reason": reason.strip(),
        }
        _transition(
            report,
            to=S.PROCESSING,
            kind=Event.Kind.TRANSFERRED,
            actor=user,
            now=now,
            note=note,
            internal_note=internal_note,
        )
        outbox.notify_people(report=report, person_ids=people.unit_contact_ids(unit), notice="routed", now=now)
    return report


def _history_note(obj, *, reason: str, actor) -> None:
    # django-simple-history writes the reason (at most 100 characters) and the user on the next history row.
    obj._change_reason = reason[:100]
    if actor is not None:
        obj._history_user = actor


def pass_to_successor(*, report: Report, unit: Unit, note: str, reason: str, actor, now: datetime) -> Report:
    """The unit handling an open report has ended: its successor `unit` carries on (members/unit_changes.py,
    through hotline/unit_work.py). The answer deadline the citizen was told stays; contact details shared
    with the ended unit are not shared with the successor until an operator shares them again. The
    timeline says why (public: the citizen sees who now handles the report); `reason` (at most 100
    characters) goes to the report's history. Call inside a transaction.

    The timeline entry is a transfer, from which hotline/deadlines.py counts the answer deadline when the
    calendar changes later; a day off added afterwards between the routing and the succession is then
    not counted (a past day: the calendar is rarely changed backwards)."""
    report = _locked(report)
    _require(report, *Report.OPEN_STATUSES)
    report.routed_unit = unit
    report.contact_shared = False
    _history_note(report, reason=reason, actor=actor)
    _transition(report, to=None, kind=Event.Kind.TRANSFERRED, actor=actor, now=now, note=note[:2000])
    outbox.notify_people(report=report, person_ids=people.unit_contact_ids(unit), notice="routed", now=now)
    return report


def save_answer(*, report: Report, user, answer: str, send: bool, now: datetime, version: int | None = None) -> Report:
    """The unit's focal point keeps a draft, or sends it to the operators for approval."""
    with transaction.atomic():
        report = _locked(report, version, ANSWERING)
        _require(report, S.PROCESSING)
        report.answer = answer.strip()
        if not send:
            report.full_clean(validate_unique=False)
            report.save(update_fields=["answer"])
            return report
        report.answer_submitted_at = now
        _transition(report, to=S.ANSWER_SUBMITTED, kind=Event.Kind.ANSWER_SUBMITTED, actor=user, now=now)
        outbox.notify_people(report=report, person_ids=people.operator_ids(), notice="answer_submitted", now=now)
    return report


def review_answer(
    *,
    report: Report,
    user,
    approve: bool,
    answer: str,
    publish: bool,
    public_summary: str,
    note: str,
    now: datetime,
    version: int | None = None,
    public_title: str = "",
) -> Report:
    """An operator approves the unit's answer (sending it to the citizen, and publishing it if chosen)
    or returns it to the unit. `note` goes to the unit and staff only (the timeline's internal note).

    Publishing is a moderation step: only `public_title`, `public_summary` and the answer reach the
    public pages; each is required to hold no personal data that hotline/personal.py recognises (phone
    numbers, e-mail addresses, identity numbers, the submitter's name and address), else ValidationError
    on that field and nothing is saved. The citizen's own title and content stay for staff."""
    with transaction.atomic():
        report = _locked(report, version, ANSWERING)
        _require(report, S.ANSWER_SUBMITTED)
        if not approve:
            _transition(
                report, to=S.PROCESSING, kind=Event.Kind.ANSWER_RETURNED, actor=user, now=now, internal_note=note
            )
            outbox.notify_people(
                report=report, person_ids=people.unit_contact_ids(report.routed_unit), notice="answer_returned", now=now
            )
            return report
        report.answer = answer.strip()
        report.answered_at = now
        report.answered_on_time = timezone.localdate(now) <= report.answer_due if report.answer_due else None
        report.satisfied = None  # a new answer gets its own rating
        report.rated_at = None
        report.rating_comment = ""
        report.is_published = publish
        report.published_at = now if publish else None
        report.public_title = (public_title or "").strip() if publish else ""
        report.public_summary = (public_summary or "").strip() if publish else ""
        if publish:
            _check_publishable(report)
        _transition(report, to=S.ANSWERED, kind=Event.Kind.ANSWERED, actor=user, now=now, internal_note=note)
        if publish:
            Event.objects.create(report=report, kind=Event.Kind.PUBLISHED, at=now, actor=user, is_public=True)
        if report.contact_email:
            outbox.add(kind=Outbox.Kind.CITIZEN_ANSWER, payload={"report_id": report.pk}, now=now)
    return report


def _check_publishable(report: Report) -> None:
    """ValidationError on each public field that is empty (title, summary) or holds personal data."""
    errors = {}
    labels = {
        "public_title": _("Tiêu đề công khai"),
        "public_summary": _("Tóm tắt công khai"),
        "answer": _("Nội dung trả lời"),
    }
    for name in ("public_title", "public_summary"):
        if not getattr(report, name):
            errors[name] = _("Cần điền %(field)s để công khai.") % {"field": labels[name].lower()}
    for name in ("public_title", "public_summary", "answer"):
        if name not in errors and has_personal(getattr(report, name), **known_personal(report)):
            errors[name] = _(
                "%(field)s còn thông tin cá nhân (họ tên, địa chỉ của người phản ánh, số điện thoại, thư điện tử "
                "hoặc số giấy tờ). Vui lòng lược bỏ trước khi công khai."
            ) % {"field": labels[name]}
    if errors:
        raise ValidationError(errors)


def rate(*, report: Report, satisfied: bool, comment: str, now: datetime) -> Report:
    with transaction.atomic():
        report = _locked(report)
        _require(report, S.ANSWERED)
        if report.rated_at is not None:
            raise ValidationError(_("Câu trả lời này đã được đánh giá."))
        report.satisfied = satisfied
        report.rating_comment = comment.strip()
        report.rated_at = now
        label = _("Hài lòng") if satisfied else _("Không hài lòng")
        _transition(report, to=None, kind=Event.Kind.RATED, actor=None, now=now, note=label)
    return report


def can_reopen(report: Report) -> bool:
    return report.status == S.ANSWERED and report.satisfied is False and report.reopen_count == 0


def reopen(*, report: Report, reason: str, today: date, now: datetime) -> Report:
    """The citizen, unsatisfied, asks once for the report to be looked at again."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Vui lòng nêu lý do đề nghị xem xét lại.")})
    with transaction.atomic():
        report = _locked(report)
        if not can_reopen(report):
            raise ValidationError(_("Phản ánh này không thể mở lại (chỉ mở lại một lần, khi không hài lòng)."))
        report.reopen_count += 1
        report.answer_due = add_working_days(today, settings.HOTLINE_ANSWER_WORKING_DAYS)
        report.is_published = False
        report.published_at = None
        report.answered_on_time = None
        report.answered_at = None
        _transition(report, to=S.PROCESSING, kind=Event.Kind.REOPENED, actor=None, now=now, note=reason.strip())
        ids = people.unit_contact_ids(report.routed_unit) + people.operator_ids()
        outbox.notify_people(report=report, person_ids=ids, notice="reopened", now=now)
    return report


def request_extension(
    *, report: Report, user, days: int, reason: str, now: datetime, version: int | None = None
) -> ExtensionRequest:
    with transaction.atomic():
        report = _locked(report, version, DEADLINE)
        _require(report, S.PROCESSING)
        if report.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ quyết định."))
        extension = ExtensionRequest(
            report=report, days=days, reason=reason.strip(), requested_by=user, requested_at=now
        )
        extension.full_clean()
        extension.save()
        note = _("Xin gia hạn %(days)s ngày làm việc. Lý do: %(reason)s") % {"days": days, "reason": extension.reason}
        _transition(report, to=None, kind=Event.Kind.EXTENSION_REQUESTED, actor=user, now=now, note=note)
        outbox.notify_people(report=report, person_ids=people.operator_ids(), notice="extension_requested", now=now)
    return extension


def decide_extension(
    *, extension: ExtensionRequest, user, grant: bool, note: str, now: datetime, version: int | None = None
) -> ExtensionRequest:
    """Grant or refuse a pending extension (`version`: the report's, as the form was drawn)."""
    with transaction.atomic():
        report = _locked(extension.report, version, DEADLINE)
        extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
        if extension.status != ExtensionRequest.Status.PENDING:
            raise ValidationError(_("Đề nghị gia hạn này đã được quyết định."))
        extension.status = ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.REFUSED
        extension.decided_by = user
        extension.decided_at = now
        extension.decision_note = note.strip()
        extension.full_clean()
        extension.save()
        if grant and report.answer_due:
            report.answer_due = add_working_days(report.answer_due, extension.days)
            text = _("Gia hạn trả lời đến %(due)s.") % {"due": report.answer_due.strftime("%d/%m/%Y")}
            _transition(
                report,
                to=None,
                kind=Event.Kind.EXTENSION_GRANTED,
                actor=user,
                now=now,
                note=text,
                internal_note=note,
            )
        else:
            _transition(report, to=None, kind=Event.Kind.EXTENSION_REFUSED, actor=user, now=now, internal_note=note)
        outbox.notify_people(
            report=report, person_ids=people.unit_contact_ids(report.routed_unit), notice="extension_decided", now=now
        )
    return extension


def share_contact(*, report: Report, user, now: datetime, version: int | None = None) -> Report:
    """An operator lets the routed unit see the submitter's contact details (logged on the timeline)."""
    with transaction.atomic():
        report = _locked(report, version, DECIDING)
        unit = report.routed_unit
        if unit is None:
            raise ValidationError(_("Phản ánh chưa được chuyển đơn vị xử lý."))
        if not report.has_contact:
            raise ValidationError(_("Phản ánh không có thông tin liên hệ."))
        report.contact_shared = True
        note = _("Chia sẻ cho %(unit)s.") % {"unit": unit.name}
        _transition(report, to=None, kind=Event.Kind.CONTACT_SHARED, actor=user, now=now, note=note)
    return report
