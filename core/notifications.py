"""In-app notifications: each person's list, the unread count in the header, marking read.

Reminders, hotline notices and escalations create the notifications through core/delivery.py
(reviews/reminders.py, hotline/outbox.py); this module only reads and marks them.
A notification is the user's when it targets their account, or targets their person and no account
(written before the person had one).
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from .models import Notification

LIST_LIMIT = 100


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(Q(user_id=user.pk) | Q(user__isnull=True, recipient__user_id=user.pk))


def unread_count(user) -> int:
    if not user or not user.is_authenticated:
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def unread_notifications(request) -> dict:
    """Context processor: the unread count, queried only when a template shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}


def get_notification_for_user(user, pk: int) -> Notification:
    notification = notifications_for(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def mark_read(*, notification: Notification, now: datetime) -> Notification:
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user, now: datetime) -> int:
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=now)
