"""Vietnamese labels for the third-party admin pages whose strings are not marked for translation.

django-otp's TOTP device (model name, field names, help texts, the admin's fieldset titles, the QR
column, the search hint), the app names of django-axes and django-otp, django-axes' record titles,
django-simple-history's "historical …" model names and the names Django stores for the default
permissions ("Can add …") are plain English strings in those packages. They are wrapped here in lazy gettext with
the package's own English text as msgid, so the project catalogue (locale/vi/LC_MESSAGES/django.po)
translates them; with translation off (as `makemigrations` runs) each label equals the package's
original, so no migration of a third-party app ever follows from this module.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Permission
from django.db.models import Field
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


def _translatable(text):
    """`text` (a package's English string) as a lazy translation whose msgid is the text itself.

    The msgids are never literals of a gettext call in this file, so `makemessages -l en` does not
    collect them (they are English already); only the vi catalogue holds them."""
    return gettext_lazy(str(text)) if isinstance(text, str | Promise) and str(text) else text


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""


def _translate_totp_device() -> None:
    opts = TOTPDevice._meta
    opts.verbose_name = _translatable(opts.verbose_name)
    opts.verbose_name_plural = _translatable(opts.verbose_name_plural)
    for field in opts.get_fields():
        if isinstance(field, Field):
            # verbose_name only: deconstruction (migrations) reads the original `_verbose_name`
            field.verbose_name = _translatable(field.verbose_name)
            field.help_text = _translatable(field.help_text)


def _translate_app_names() -> None:
    apps.get_app_config("axes").verbose_name = _translatable("Axes")
    apps.get_app_config("otp_totp").verbose_name = _translatable("Two-factor authentication")


def _translate_historical_model_names() -> None:
    """simple_history names each history model format_lazy("historical {}", name) in English."""
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        opts = getattr(model, manager).model._meta
        opts.verbose_name = format_lazy(_translatable("historical {}"), model._meta.verbose_name)
        opts.verbose_name_plural = format_lazy(_translatable("historical {}"), model._meta.verbose_name_plural)


_PERMISSION_ACTIONS = {"add": "Can add %s", "change": "Can change %s", "delete": "Can delete %s", "view": "Can view %s"}


def permission_label(permission: Permission) -> str:
    """'<app> | <model> | <action>' in the active language. The names Django stores for the default
    permissions are English ("Can add …", made when translation is off); for those the label is rebuilt
    from the codename and the model's (translated) name. Reads permission.content_type: select it along."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    name = permission.name
    if action in _PERMISSION_ACTIONS and model is not None and model._meta.model_name == model_name:
        name = str(_translatable(_PERMISSION_ACTIONS[action])) % model._meta.verbose_name
    return f"{permission.content_type} | {name}"


def _access_failure_label(self) -> str:
    text = (
        "Failed access: user {username} locked out on {time} from {ip}"
        if self.locked_out
        else ("Failed access: user {username} on {time} from {ip}")
    )
    return str(_translatable(text)).format(username=self.username, time=_when(self.attempt_time), ip=self.ip_address)


def _access_attempt_label(self) -> str:
    return str(_translatable("Attempted Access: {time}")).format(time=_when(self.attempt_time))


def _access_log_label(self) -> str:
    return str(_translatable("Access Log for {username} @ {time}")).format(
        username=self.username, time=_when(self.attempt_time)
    )


class VietnameseTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin with its fieldset titles and search hint translated."""

    search_help_text = _translatable("Search by the user's username or email")

    def get_fieldsets(self, request, obj=None):
        return [(gettext(name) if name else name, options) for name, options in super().get_fieldsets(request, obj)]

    @admin.display(description=_translatable("QR Code"))
    def qrcode_link(self, device):
        return super().qrcode_link(device)


_translate_totp_device()
_translate_app_names()
_translate_historical_model_names()


def _through_label(self) -> str:
    return " – ".join(str(getattr(self, field.name)) for field in self._meta.concrete_fields if field.is_relation)


def _translate_auto_created_through_models() -> None:
    """Django names the table behind a many-to-many field "user-group relationship" and its rows
    "User_groups object (1)", in English whatever the language (the delete confirmation lists them)."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.auto_created:
            continue
        ends = [field.related_model._meta for field in model._meta.concrete_fields if field.is_relation]
        if len(ends) == 2:
            model._meta.verbose_name = format_lazy("{} – {}", ends[0].verbose_name, ends[1].verbose_name)
            model._meta.verbose_name_plural = model._meta.verbose_name
            model.__str__ = _through_label  # type: ignore[method-assign]


_translate_auto_created_through_models()
# Django builds this help text by joining a lazy string with a plain English warning.
AdminPasswordChangeForm.usable_password_help_text = format_lazy(
    '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
    SetUnusablePasswordMixin.usable_password_help_text,
    _translatable("If disabled, the current password for this user will be lost."),
)
Permission.__str__ = permission_label  # type: ignore[method-assign]
AccessFailureLog.__str__ = _access_failure_label  # type: ignore[method-assign]
AccessAttempt.__str__ = _access_attempt_label  # type: ignore[method-assign]
AccessLog.__str__ = _access_log_label  # type: ignore[method-assign]
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, VietnameseTOTPDeviceAdmin)
