"""Pages of the base layer: the logged-in person's notifications (list, marking read) and the working
calendar of a year (the secretariat edits the province's entries, leadership reads)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from core.roles import Role, has_role, role_required

from . import calendar_changes, notifications
from .calendar import load_calendar, year_days
from .forms import apply_errors, date_field
from .models import CalendarEntry

READERS = (Role.SECRETARIAT, Role.LEADERSHIP)
MIN_YEAR, MAX_YEAR = 2000, 2100


def now():
    return timezone.now()


def today():
    return timezone.localdate()


class CalendarEntryForm(forms.Form):
    date = date_field(_l("Ngày"))
    kind = forms.ChoiceField(
        label=_l("Loại ngày"), choices=CalendarEntry.Kind.choices, initial=CalendarEntry.Kind.DAY_OFF
    )
    name = forms.CharField(label=_l("Nội dung"), max_length=200)
    source_document = forms.CharField(
        label=_l("Văn bản"),
        max_length=300,
        help_text=_l("Số, ngày của thông báo hoặc công văn, ví dụ: Thông báo số 123/TB-UBND ngày 15/12/2026."),
    )
    confirmed = forms.BooleanField(
        label=_l("Đã có văn bản chính thức"),
        required=False,
        initial=True,
        help_text=_l("Bỏ chọn nếu văn bản chưa ban hành: ngày dự kiến được hiển thị nhưng chưa tính vào các hạn."),
    )


@login_required
def notification_list(request):
    rows = notifications.notifications_for(request.user)[: notifications.LIST_LIMIT]
    return render(request, "core/notifications.html", {"notifications": rows})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read, then follow its link (or go back to the list)."""
    notification = notifications.get_notification_for_user(request.user, pk)
    notifications.mark_read(notification=notification, now=now())
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("core:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    notifications.mark_all_read(user=request.user, now=now())
    return redirect("core:notifications")


def _year(request) -> tuple[int, str]:
    """The year asked for (?year=), or this year with an error message when it is not a plausible year."""
    raw = request.GET.get("year", "")
    if not raw:
        return today().year, ""
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        return today().year, _("Năm không hợp lệ: “%(value)s” (từ %(min)s đến %(max)s).") % {
            "value": raw[:20],
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    return year, ""


def _report_change(request, change: calendar_changes.CalendarChange, done: str) -> None:
    messages.success(request, done)
    if not change.moved:
        messages.info(request, _("Không có hạn nào đang mở phải tính lại."))
        return
    messages.warning(
        request,
        _("Đã tính lại %(n)s hạn đang mở (Bộ phận Thường trực đã được thông báo):") % {"n": len(change.moved)},
    )
    for line in calendar_changes.moved_lines(change):
        messages.warning(request, line)


@role_required(*READERS)
def holidays(request):
    """The working calendar of a year: the national days and the province's entries. The secretariat adds,
    confirms and removes entries; leadership reads."""
    can_edit = has_role(request.user, Role.SECRETARIAT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    year, year_error = _year(request)
    form = (CalendarEntryForm(request.POST) if request.method == "POST" else CalendarEntryForm()) if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            change = calendar_changes.add_entry(
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                source_document=data["source_document"],
                confirmed=data["confirmed"],
                actor=request.user,
                now=now(),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            _report_change(
                request, change, _("Đã thêm ngày %(day)s vào lịch.") % {"day": f"{change.entry.day:%d/%m/%Y}"}
            )
            return redirect(reverse("core:holidays") + f"?year={change.entry.day.year}")
    calendar = load_calendar(date(year, 1, 1), date(year, 12, 31))
    context = {
        "form": form,
        "year": year,
        "year_error": year_error,
        "days": year_days(calendar, year),
        "provisional": calendar.is_provisional(year),
        "can_edit": can_edit,
        "admin_url": _admin_url(request.user),
        "years": [year - 1, year + 1],
    }
    bad = (form is not None and form.errors) or year_error
    return render(request, "core/holidays.html", context, status=400 if bad else 200)


def _entry_action(request, pk: int, run, done: str):
    if request.method != "POST":
        return redirect("core:holidays")
    entry = calendar_changes.get_entry_for_edit(request.user, pk)
    try:
        change = run(entry=entry, actor=request.user, now=now())
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        _report_change(request, change, done % {"day": f"{entry.date:%d/%m/%Y}"})
    return redirect(reverse("core:holidays") + f"?year={entry.date.year}")


@role_required(Role.SECRETARIAT)
def holiday_delete(request, pk: int):
    return _entry_action(request, pk, calendar_changes.remove_entry, _("Đã bỏ ngày %(day)s khỏi lịch của tỉnh."))


@role_required(Role.SECRETARIAT)
def holiday_confirm(request, pk: int):
    return _entry_action(
        request, pk, calendar_changes.confirm_entry, _("Đã xác nhận ngày %(day)s theo văn bản chính thức.")
    )


def _admin_url(user) -> str:
    """The Django admin's list of entries with their history, for an administrator who may read it there."""
    from django.contrib import admin

    if not (user.is_staff and user.has_perm("core.view_calendarentry")) or not admin.site.is_registered(CalendarEntry):
        return ""
    return reverse("admin:core_calendarentry_changelist")
