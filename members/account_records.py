"""The record of the accounts the secretariat keeps: every change to an account (`AccountChange`, the audit
log: created, roles changed, deactivated, reactivated, invitation queued) and each invitation e-mail
(`Invitation`, sent exactly once through core/delivery.py).

Written only by members/accounts.py and members/invitations.py; nothing here is deleted. An invitation
row holds no password and no link: the link is made when the e-mail is sent (members/invitations.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Delivery


class AccountChange(models.Model):
    """One change to an account, who made it and when: the account page's history."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo tài khoản")
        ROLES = "roles", _("Thay đổi vai trò")
        DEACTIVATED = "deactivated", _("Khóa tài khoản")
        REACTIVATED = "reactivated", _("Mở lại tài khoản")
        INVITED = "invited", _("Gửi thư mời đặt mật khẩu")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="account_changes"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account_changes",
    )
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    # Role values (core.roles.Role) before and after the change.
    roles_before = models.JSONField(_("vai trò trước"), default=list, blank=True)
    roles_after = models.JSONField(_("vai trò sau"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("thay đổi tài khoản")
        verbose_name_plural = _("lịch sử tài khoản")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.user}"


class Invitation(Delivery):
    """An invitation e-mail to set a password: written with the change that asks for it, sent once by
    the drain (members/invitations.py), after commit and by the periodic job when the broker was down."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="invitations"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thư mời đặt mật khẩu")
        verbose_name_plural = _("thư mời đặt mật khẩu")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"
