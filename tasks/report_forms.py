"""Forms of the report loop besides the report itself: the month a report form opens on (a query
parameter), and the secretariat's choice of pending reports to accept at once."""

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import ProgressReport


class ReportMonthQuery(forms.Form):
    """`?month=YYYY-MM`: the month the report form opens on (the link of a returned report's notice)."""

    month = forms.RegexField(
        label=_("Kỳ báo cáo (tháng)"),
        regex=r"^[1-9]\d{3}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("Tháng phải viết dạng năm-tháng, ví dụ 2026-09.")},
    )

    def clean_month(self) -> date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = value.split("-")
        return date(int(year), int(month), 1)


class AcceptReportsForm(forms.Form):
    """The reports the secretariat accepts at once, from the review queue (ids; any report: whether each
    is still pending is the service's check, so that it can name those that are not)."""

    reports = forms.ModelMultipleChoiceField(
        label=_("Báo cáo được chọn"),
        queryset=ProgressReport.objects.none(),
        error_messages={
            "required": _("Chưa chọn báo cáo nào."),
            "invalid_choice": _("Không tìm thấy báo cáo đã chọn (%(value)s)."),
            "invalid_pk_value": _("Mã báo cáo không hợp lệ (%(pk)s)."),
        },
    )

    def __init__(self, *args, queryset: QuerySet[ProgressReport], **kwargs):
        """`queryset`: the reports the user may decide on (tasks.selectors.reports_for_review)."""
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = queryset
