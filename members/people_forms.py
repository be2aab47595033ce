"""The forms of the people and accounts pages: they validate and convert input, and change nothing
(members/accounts.py does)."""

import re

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role

from .accounts import grantable_roles
from .unit_fields import ActiveUnitField

PHONE = re.compile(r"^\+?[0-9 .]{8,15}$")


def _phone_field(label, help_text=""):
    return forms.RegexField(
        label=label,
        regex=PHONE,
        required=False,
        max_length=20,
        help_text=help_text,
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số (8 đến 15 số), ví dụ 0912 345 678.")},
    )


class PersonForm(forms.Form):
    """A person's details, as the secretariat keeps them."""

    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150, error_messages={"required": _("Hãy nhập họ và tên.")}
    )
    title = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    unit = ActiveUnitField(label=_("Cơ quan, đơn vị"), required=False, empty_label=_("— Chưa chọn —"))
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        help_text=_("Cần có để gửi thư mời đặt mật khẩu khi tạo tài khoản."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@nghean.gov.vn.")},
    )
    phone = _phone_field(_("Điện thoại"))
    zalo = _phone_field(_("Số Zalo"), help_text=_("Lưu để dùng sau; hiện chưa gửi thông báo qua Zalo."))

    def __init__(self, *args, person=None, **kwargs):
        if person is not None:
            kwargs.setdefault("initial", {f: getattr(person, f) for f in ("full_name", "title", "email", "phone")})
            kwargs["initial"].update({"unit": person.unit_id, "zalo": person.zalo})
        super().__init__(*args, **kwargs)
        keep = [person.unit_id] if person is not None and person.unit_id else []
        self.fields["unit"].offer(day=timezone.localdate(), keep=keep)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def _roles_field(actor) -> RolesField:
    labels = dict(Role.choices)
    return RolesField(
        label=_("Vai trò"),
        required=False,
        choices=[(r, labels[r]) for r in grantable_roles(actor)],
        error_messages={"invalid_choice": _("Đồng chí không được cấp vai trò này.")},
    )


class AccountCreateForm(forms.Form):
    """A new account for a person: its username and roles (the password is set by its holder)."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[UnicodeUsernameValidator(message=_("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _."))],
        help_text=_("Không dấu, không khoảng trắng, ví dụ: nguyenvana."),
        error_messages={"required": _("Hãy nhập tên đăng nhập.")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"] = _roles_field(actor)


class AccountRolesForm(forms.Form):
    """The roles of an existing account; only the roles the actor may grant are offered (an account that
    holds another is changed only by an administrator: members/accounts.py)."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"] = _roles_field(actor)


class AccountActionForm(forms.Form):
    """One step on an account, confirmed: deactivate, reactivate, or send the invitation again."""

    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[
            ("deactivate", _("Khóa tài khoản")),
            ("reactivate", _("Mở lại tài khoản")),
            ("invite", _("Gửi lại thư mời đặt mật khẩu")),
        ],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Chưa chọn thao tác với tài khoản."),
            "invalid_choice": _("Thao tác không hợp lệ."),
        },
    )
