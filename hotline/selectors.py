"""Reads shared by the hotline views: who may open a report, the inbox, the unit's list, the
published answers. Every list runs a fixed number of queries whatever the number of reports."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.roles import Role, has_role
from core.search import search_filter
from core.text import fold

from . import codes
from .escalation import overdue_q
from .followup import task_done
from .models import Attachment, Event, ExtensionRequest, Report
from .personal import canonical_phone
from .tally_models import open_counts

S = Report.Status
READ_ALL_ROLES = (Role.HOTLINE_OPERATOR, Role.LEADERSHIP, Role.SECRETARIAT)


def is_operator(user) -> bool:
    return has_role(user, Role.HOTLINE_OPERATOR)


def user_unit_id(user) -> int | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.unit_id if person is not None else None


def is_unit_focal_point(user, report: Report) -> bool:
    unit_id = user_unit_id(user)
    return has_role(user, Role.FOCAL_POINT) and unit_id is not None and unit_id == report.routed_unit_id


def get_report_for_user(user, pk: int) -> Report:
    """A report the user may open: operators, leadership and the secretariat any; a focal point
    only those routed to their unit (others are 404, not to reveal they exist)."""
    if not has_role(user, *READ_ALL_ROLES, Role.FOCAL_POINT):
        raise PermissionDenied
    report = (
        Report.objects.select_related(
            "category", "routed_unit", "unit_concerned", "duplicate_of", "task", "task__plan", "recorded_by"
        )
        .annotate(task_done=task_done())
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.select_related("actor__person").order_by("at", "pk")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            Prefetch("extensions", queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by")),
            "escalations",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if not has_role(user, *READ_ALL_ROLES) and not is_unit_focal_point(user, report):
        raise Http404
    return report


def moved_away_from(user, pk: int) -> bool:
    """True when the report was routed to the focal point's unit once and is now with another unit
    (transferred): the unit may be told so instead of a bare 404. Read from the report's history."""
    unit_id = user_unit_id(user)
    if unit_id is None or not has_role(user, Role.FOCAL_POINT):
        return False
    was_ours = Report.history.filter(id=pk, routed_unit_id=unit_id).exists()
    return was_ours and Report.objects.filter(pk=pk).exclude(routed_unit_id=unit_id).exists()


def get_attachment_for_user(user, report_pk: int, pk: int) -> Attachment:
    """A file of a report the user may open (`get_report_for_user`); 404 for a file of another report."""
    report = get_report_for_user(user, report_pk)
    return get_object_or_404(report.attachments.all(), pk=pk)


def get_extension_for_user(user, pk: int, *, report: Report) -> ExtensionRequest:
    """An extension request of `report`, for a user who may open that report; 404 for one of another
    report, so an id from the URL never reaches a report the user was not given."""
    if not has_role(user, *READ_ALL_ROLES) and not is_unit_focal_point(user, report):
        raise Http404
    return get_object_or_404(ExtensionRequest, pk=pk, report=report)


def _list_qs() -> QuerySet:
    return (
        Report.objects.select_related("category", "routed_unit", "unit_concerned")
        .defer(
            "content",
            "answer",
            "public_summary",
            "rating_comment",
            "classification_reason",
            "search_text",
            "public_search_text",
        )
        .annotate(task_done=task_done())
    )


def contact_match(q: str) -> Q | None:
    """The reports whose submitter `q` names: the phone number however typed (stored canonical,
    hotline/personal.py), the e-mail address (whole, any case) or a part of the name (at least 3 characters,
    any case); None when `q` can be none of them."""
    q = q.strip()
    parts = []
    phone = canonical_phone(q)  # any way of typing it: +84…, 84…, 0…, spaces, dots, other digit scripts
    if phone:
        parts.append(Q(contact_phone=phone))
    if "@" in q:
        parts.append(Q(contact_email__iexact=q))
    elif len(q) >= 3 and not phone:
        parts.append(Q(contact_name__icontains=q))
    if not parts:
        return None
    found = parts[0]
    for part in parts[1:]:
        found |= part
    return found


def inbox(*, filters: dict, today: date, contact_search: bool = False) -> QuerySet:
    """The operators' and leadership's list. `filters["q"]` finds a report by its code or by its text (title,
    public title and summary, answer; folded); with `contact_search` (operators only) also by the submitter's
    phone number, e-mail address or name (`contact_match`), and each row says whether it was found so
    (`found_by_contact`), for the personal-data access log (privacy.log_contact_search)."""
    qs = _list_qs()
    view = filters.get("view") or "open"
    if view == "open":
        qs = qs.filter(status__in=Report.OPEN_STATUSES)
    elif view == "new":
        qs = qs.filter(status=S.NEW)
    elif view == "overdue":
        qs = qs.filter(overdue_q(today))
    elif view == "pending_approval":
        qs = qs.filter(status=S.ANSWER_SUBMITTED)
    elif view == "closed":
        qs = qs.filter(status__in=Report.CLOSED_STATUSES)
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(Q(routed_unit=unit) | Q(routed_unit__isnull=True, unit_concerned=unit))
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    q = (filters.get("q") or "").strip()
    if q:
        code = codes.normalise_code(q)
        wanted = Q(code=code)
        found = search_filter(q)  # title, public title and summary, answer (folded); or the exact code
        if found is not None:
            wanted |= found
        by_contact = contact_match(q) if contact_search else None
        if by_contact is not None:
            wanted |= by_contact
            qs = qs.annotate(found_by_contact=ExpressionWrapper(by_contact, output_field=BooleanField()))
        qs = qs.filter(wanted)
    return qs.order_by("-created_at", "-pk")


def inbox_counts(*, today: date) -> dict:
    """Open, new, overdue and waiting-for-approval reports, read from the open reports' tally kept with every
    report write (hotline/tally_models.py): one query over a few dozen rows, whatever the number of reports."""
    return open_counts(today=today)


def inbox_count(*, filters: dict, counts: dict) -> int | None:
    """How many reports the inbox lists when the tally (`inbox_counts`) already says it: a view by status
    alone, without another filter; None when the list must be counted."""
    view = filters.get("view") or "open"
    if view not in counts or any(filters.get(name) for name in ("unit", "category", "channel", "q")):
        return None
    return counts[view]


def unit_reports(*, unit_id: int | None, view: str = "open") -> QuerySet:
    if unit_id is None:
        return Report.objects.none()
    qs = _list_qs().filter(routed_unit_id=unit_id)
    if view == "open":
        qs = qs.filter(status__in=(S.PROCESSING, S.ANSWER_SUBMITTED))
    return qs.order_by("answer_due", "pk")


def published(*, filters: dict) -> QuerySet:
    """The published answers: only their public title, public summary and answer are read (and searched),
    never the title and content as the citizen wrote them."""
    qs = (
        Report.objects.filter(status=S.ANSWERED, is_published=True)
        .select_related("category", "routed_unit")
        .only(
            "pk",
            "public_title",
            "public_summary",
            "answer",
            "published_at",
            "received_on",
            "category__name",
            "routed_unit__name",
        )
    )
    if filters.get("unit"):
        qs = qs.filter(routed_unit=filters["unit"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    # The public title and summary and the answer: what the page shows, never the citizen's own text.
    folded = fold(filters.get("q") or "")
    if folded:
        qs = qs.filter(public_search_text__contains=folded)
    return qs.order_by("-published_at", "-pk")


def find_by_code_and_pin(code: str, pin: str) -> Report | None:
    """The report for a code and PIN, or None: an unknown code and a wrong PIN look the same."""
    code = codes.normalise_code(code)
    pin = codes.normalise_pin(pin)
    report = (
        Report.objects.filter(code=code).only("pk", "code", "pin_hash").first() if codes.is_code_shaped(code) else None
    )
    # Compute the HMAC either way so the two failures also take the same time.
    ok = codes.check_pin(code, pin, report.pin_hash if report else "")
    return report if report is not None and ok else None


def public_view(pk: int) -> Report:
    """A report as its submitter sees it after look-up: status, public timeline, answer, and the files of the
    answer (`answer_files`, read only when answered: their stored and own names never reach the page)."""
    report = (
        Report.objects.select_related("category", "routed_unit")
        .prefetch_related(
            Prefetch(
                "events", queryset=Event.objects.filter(is_public=True).defer("internal_note").order_by("at", "pk")
            )
        )
        .get(pk=pk)
    )
    report.answer_files = list(_answer_files(report)) if report.status == S.ANSWERED else []
    return report


def _answer_files(report: Report) -> QuerySet:
    return Attachment.objects.filter(report=report, is_answer=True).exclude(file="").order_by("pk")


def get_answer_file_for_lookup(report: Report, pk: int) -> tuple[Attachment, int]:
    """A file of the answer of the report looked up in this session (`report`, from public_view), with its
    number among them (1, 2, …); 404 for any other file, for a file deleted at the end of the retention
    period, and while the report is not answered."""
    if report.status != S.ANSWERED:
        raise Http404
    for number, item in enumerate(_answer_files(report), 1):
        if item.pk == pk:
            return item, number
    raise Http404
