"""People and accounts, kept by the secretariat: the list, a person's details, their account (roles,
deactivation, the invitation to set a password), the audit history, and the page of the e-mailed link.

The rules are members/accounts.py's; who may open these pages: the secretariat and the administrator.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import form_data
from core.roles import role_required
from core.text import clean_text

from .. import accounts
from ..invitations import invitation_tokens
from ..people_forms import AccountActionForm, AccountCreateForm, AccountRolesForm, PersonForm
from ..people_reads import (
    PAGE_SIZE,
    account_history,
    get_person_for_manager,
    history_rows,
    last_invitation,
    people,
    roles_of,
)
from ._common import apply_errors

MANAGERS = accounts.MANAGER_ROLES


@role_required(*MANAGERS)
def people_list(request):
    """Everyone the secretariat keeps, by name (`?q=` searches), with their account and roles."""
    query = clean_text(request.GET.get("q") or "")[:100]
    page = Paginator(people(query), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"person": p, "roles": roles_of(p)} for p in page.object_list]
    ctx = {"page": page, "rows": rows, "query": query, "query_string": urlencode({"q": query}) if query else ""}
    return render(request, "members/people_list.html", ctx)


def _person_form_page(request, person):
    form = PersonForm(form_data(request), person=person)
    if request.method == "POST" and form.is_valid():
        try:
            saved = accounts.save_person(person=person, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": saved.full_name})
            return redirect("members:person_account", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/person_form.html", {"form": form, "person": person}, status=status)


@role_required(*MANAGERS)
def person_create(request):
    return _person_form_page(request, None)


@role_required(*MANAGERS)
def person_edit(request, pk):
    return _person_form_page(request, get_person_for_manager(request.user, pk))


def _account_context(request, person, form) -> dict:
    user = person.user if person.user_id else None
    return {
        "person": person,
        "account": user,
        "roles": roles_of(person),
        "form": form,
        "may_change": user is None or accounts.may_change_account(request.user, user),
        "history": account_history(person),
        "invitation": last_invitation(person),
        "needs_email": user is None and not person.email,
    }


@role_required(*MANAGERS)
def person_account(request, pk):
    """A person's account: create it (username, roles; the invitation goes out), or change its roles."""
    person = get_person_for_manager(request.user, pk)
    user = person.user if person.user_id else None
    now = timezone.now()
    if user is None:
        form = AccountCreateForm(form_data(request), actor=request.user, initial={"username": _suggest(person)})
    else:
        form = AccountRolesForm(form_data(request), actor=request.user, initial={"roles": accounts.account_roles(user)})
    if request.method == "POST":
        if user is None and not person.email:
            form.is_valid()
            form.add_error(None, accounts.no_email_message())
        elif form.is_valid():
            try:
                if user is None:
                    accounts.create_account(
                        person=person, username=form.cleaned_data["username"], roles=form.cleaned_data["roles"],
                        by=request.user, now=now,
                    )  # fmt: skip
                    messages.success(
                        request,
                        _("Đã tạo tài khoản và gửi thư mời đặt mật khẩu tới %(email)s.") % {"email": person.email},
                    )
                else:
                    accounts.set_roles(user=user, roles=form.cleaned_data["roles"], by=request.user, now=now)
                    messages.success(request, _("Đã lưu vai trò của tài khoản."))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("members:person_account", pk=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/person_account.html", _account_context(request, person, form), status=status)


def _suggest(person) -> str:
    return person.email.split("@")[0][:150] if person.email else ""


ACTION_DONE = {
    "deactivate": gettext_lazy("Đã khóa tài khoản."),
    "reactivate": gettext_lazy("Đã mở lại tài khoản."),
    "invite": gettext_lazy("Đã gửi lại thư mời đặt mật khẩu."),
}


@role_required(*MANAGERS)
def account_action(request, pk):
    """GET: the confirmation of `?action=` (deactivate, reactivate, invite). POST: the action."""
    person = get_person_for_manager(request.user, pk)
    if not person.user_id:
        messages.info(request, _("Người này chưa có tài khoản."))
        return redirect("members:person_account", pk=person.pk)
    asked = request.GET.get("action", "")
    if request.method != "POST" and asked not in ACTION_DONE:
        return render(request, "members/account_action.html", _unknown_action(person), status=400)
    form = AccountActionForm(form_data(request), initial={"action": asked})
    if request.method == "POST" and form.is_valid():
        action, user, now = form.cleaned_data["action"], person.user, timezone.now()
        try:
            if action == "invite":
                accounts.invite_again(user=user, by=request.user, now=now)
            else:
                accounts.set_active(user=user, active=action == "reactivate", by=request.user, now=now)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, str(ACTION_DONE[action]))
            return redirect("members:person_account", pk=person.pk)
    if form.is_bound and "action" in form.errors:  # a hidden field: its error is shown above the form
        form.add_error(None, form.errors.pop("action"))
    ctx = {"person": person, "account": person.user, "form": form, "action": form["action"].value()}
    return render(request, "members/account_action.html", ctx, status=400 if request.method == "POST" else 200)


def _unknown_action(person) -> dict:
    return {
        "person": person,
        "account": person.user,
        "form": AccountActionForm(None),
        "action": "",
        "refused": _("Thao tác không hợp lệ: hãy chọn thao tác ở trang tài khoản."),
    }


@role_required(*MANAGERS)
def people_history(request):
    """The audit history of people and accounts, newest first."""
    return render(request, "members/people_history.html", {"rows": history_rows()})


class InvitationView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: the holder sets a password (Django's view with the invitation's token), then
    logs in. A used, expired or deactivated account's link shows why it no longer works."""

    token_generator = invitation_tokens
    template_name = "members/invitation.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đặt mật khẩu. Đồng chí đăng nhập bằng tên đăng nhập và mật khẩu vừa đặt."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


invitation = InvitationView.as_view()
