"""The in-app notification list of the logged-in person, and marking notifications read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import notifications
from .common import now


@login_required
def notification_list(request):
    rows = notifications.notifications_for(request.user)[: notifications.LIST_LIMIT]
    return render(request, "tasks/notifications.html", {"notifications": rows})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read, then follow its link (or go back to the list)."""
    notification = notifications.get_notification_for_user(request.user, pk)
    notifications.mark_read(notification=notification, now=now())
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("tasks:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    notifications.mark_all_read(user=request.user, now=now())
    return redirect("tasks:notifications")
