"""Importing a draft plan's tasks from the committee's Excel table: upload, preview, confirm.

Nothing is saved before the clerk confirms: the rows read (tasks/plan_import.py) are kept in the
clerk's session under a random token until then. Confirming saves every readable row in one
transaction (rows that cannot be read are listed and left out: the clerk fixes them in the table and
imports it again, the rows already saved being reported as such); the token is spent, so posting the
confirmation again imports nothing twice (409).
"""

import secrets
from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role, role_required
from core.uploads import validate_upload

from .. import plan_import as reader
from ..models import Plan
from ..selectors import get_plan_for_edit
from .common import form_files, today

SESSION_KEY = "plan_imports"
MAX_BYTES = 2 * 1024 * 1024
KEPT_TABLES = 2  # tables read and not yet confirmed, per session (two tabs at most)


class ImportForm(forms.Form):
    table = forms.FileField(
        label=gettext_lazy("Bảng kế hoạch (.xlsx)"),
        help_text=gettext_lazy(
            "Các cột: TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm | "
            "Lãnh đạo phụ trách; dòng mục như “I. CẢI CÁCH THỂ CHẾ” ghi lĩnh vực của các dòng bên dưới. "
            "Tối đa 2 MB, 1.000 dòng."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_table(self):
        table = self.cleaned_data["table"]
        validate_upload(table, allowed=("xlsx",), max_bytes=MAX_BYTES)
        return table


def _draft_plan(request, pk: int) -> tuple[Plan, object]:
    """The plan, and a 409 page when it is not a draft (an approved plan changes task by task)."""
    plan = get_plan_for_edit(request.user, pk)
    if plan.status != Plan.Status.DRAFT or plan.closed_at:
        message = _("Chỉ nhập từ Excel vào kế hoạch đang dự thảo; kế hoạch này đã được phê duyệt.")
        return plan, render(request, "tasks/plan_import.html", {"plan": plan, "refusal": message}, status=409)
    return plan, None


@role_required(Role.SECRETARIAT)
def plan_import(request, pk: int):
    """The upload form; a readable table is kept in the session and its preview opened."""
    plan, refused = _draft_plan(request, pk)
    if refused:
        return refused
    form = ImportForm(*form_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            rows = reader.read_table(form.cleaned_data["table"], plan=plan, today=today())
        except reader.TableError as e:
            form.add_error("table", str(e))
        else:
            token = secrets.token_urlsafe(16)
            kept = request.session.get(SESSION_KEY, {})
            kept = dict(list(kept.items())[-(KEPT_TABLES - 1) :])
            kept[token] = {"plan": plan.pk, "name": form.cleaned_data["table"].name, "rows": [asdict(r) for r in rows]}
            request.session[SESSION_KEY] = kept
            return redirect("tasks:plan_import_preview", pk=plan.pk, token=token)
    context = {"plan": plan, "form": form, "max_mb": MAX_BYTES // (1024 * 1024)}
    return render(request, "tasks/plan_import.html", context, status=400 if form.errors else 200)


@role_required(Role.SECRETARIAT)
def plan_import_preview(request, pk: int, token: str):
    """What was read, row by row, with every reason a row cannot be read; POST saves the readable rows."""
    plan, refused = _draft_plan(request, pk)
    if refused:
        return refused
    table = request.session.get(SESSION_KEY, {}).get(token)
    if table is None or table["plan"] != plan.pk:
        message = _("Bảng này đã được nhập hoặc không còn: hãy tải tệp lên lại nếu cần.")
        return render(request, "tasks/plan_import.html", {"plan": plan, "refusal": message}, status=409)
    rows = table["rows"]
    readable = [r for r in rows if not r["errors"]]
    error = ""
    if request.method == "POST":
        if not readable:
            error = _("Không có dòng nào đọc được để nhập.")
        else:
            try:
                created = reader.save_rows(plan=plan, rows=[r["fields"] for r in readable], by=request.user)
            except ValidationError as e:
                error = " ".join(e.messages)
            else:
                kept = request.session[SESSION_KEY]
                kept.pop(token, None)
                request.session[SESSION_KEY] = kept
                messages.success(request, _("Đã nhập %(n)s nhiệm vụ từ bảng Excel.") % {"n": len(created)})
                return redirect("tasks:plan_detail", pk=plan.pk)
    context = {
        "plan": plan,
        "name": table["name"],
        "rows": rows,
        "readable": len(readable),
        "unreadable": len(rows) - len(readable),
        "error": error,
    }
    return render(request, "tasks/plan_import_preview.html", context, status=409 if error else 200)
