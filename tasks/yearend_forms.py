"""Input of the year-end pages: the assessments of one page of tasks, the closing's confirmation, and the
choices of the next year's plan. They validate and convert; the rules are in tasks/yearend.py and
tasks/rollover.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .rollover import NextPlanChoices
from .yearend import Assessment

BAD_INPUT = gettext_lazy("Dữ liệu gửi lên không hợp lệ: hãy tải lại trang và chọn lại.")


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise ValidationError(str(BAD_INPUT)) from None


def assessments_from(data) -> dict[int, Assessment]:
    """`{task id: Assessment}` from a posted page: `task` (the ids of the rows shown), `outcome-<id>`,
    `note-<id>`. ValidationError when an id is not a number."""
    return {
        pk: Assessment(data.get(f"outcome-{pk}", ""), (data.get(f"note-{pk}") or "").strip())
        for pk in _ids(data.getlist("task"))
    }


def choices_from(data) -> NextPlanChoices:
    """The next plan's choices from the posted preview: `task` (ticked task ids), `lead_unit-<task id>` (the
    lead unit picked for a task whose unit ended), `pilot` (ticked unit ids). ValidationError on bad ids."""
    tasks = frozenset(_ids(data.getlist("task")))
    lead_units = {}
    for pk in tasks:
        value = data.get(f"lead_unit-{pk}")
        if value:
            lead_units[pk] = _ids([value])[0]
    return NextPlanChoices(tasks=tasks, lead_units=lead_units, pilots=frozenset(_ids(data.getlist("pilot"))))


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã rà soát đánh giá các nhiệm vụ. Khóa sổ năm: số liệu được chốt, nhiệm vụ của kế hoạch không "
            "còn phải báo cáo hằng tháng."
        ),
        error_messages={"required": gettext_lazy("Hãy xác nhận trước khi khóa sổ năm.")},
    )


def row_errors(error: ValidationError, prefix: str) -> tuple[dict[int, list[str]], list[str]]:
    """A rule's ValidationError split into messages per row (keys `<prefix>-<id>`) and the others."""
    per_row: dict[int, list[str]] = {}
    others: list[str] = []
    if not hasattr(error, "error_dict"):
        return per_row, list(error.messages)
    for key, messages in error.message_dict.items():
        head, _sep, tail = key.partition("-")
        if head == prefix and tail.isdigit():
            per_row[int(tail)] = messages
        else:
            others.extend(messages)
    return per_row, others
