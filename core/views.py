"""Pages of the base layer: the logged-in person's notifications (list, marking read) and the working
calendar's days off (the secretariat edits, leadership reads)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import Role, has_role, role_required

from . import notifications
from .models import Holiday
from .selectors import get_holiday_for_edit

READERS = (Role.SECRETARIAT, Role.LEADERSHIP)


def now():
    return timezone.now()


def today():
    return timezone.localdate()


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


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


@role_required(*READERS)
def holidays(request):
    """The working calendar's holidays: the secretariat adds and removes days; leadership reads."""
    can_edit = has_role(request.user, Role.SECRETARIAT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = (HolidayForm(request.POST) if request.method == "POST" else HolidayForm()) if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same day added at the same moment by someone else
            form.add_error("date", _("Ngày này đã có trong danh sách ngày nghỉ."))
        else:
            messages.success(request, _("Đã thêm ngày nghỉ."))
            return redirect("core:holidays")
    year = today().year
    rows = Holiday.objects.filter(date__year__gte=year - 1).order_by("date")
    return render(
        request,
        "core/holidays.html",
        {"form": form, "holidays": rows, "can_edit": can_edit, "admin_url": _admin_url()},
        status=400 if form is not None and form.errors else 200,
    )


@role_required(Role.SECRETARIAT)
def holiday_delete(request, pk: int):
    if request.method != "POST":
        return redirect("core:holidays")
    holiday = get_holiday_for_edit(request.user, pk)
    holiday.delete()
    messages.success(request, _("Đã xóa ngày nghỉ %(day)s.") % {"day": f"{holiday.date:%d/%m/%Y}"})
    return redirect("core:holidays")


def _admin_url() -> str:
    """The Django admin's holiday list, when the admin registers Holiday (for administrators)."""
    from django.contrib import admin

    return reverse("admin:core_holiday_changelist") if admin.site.is_registered(Holiday) else ""
