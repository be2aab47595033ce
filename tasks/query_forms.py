"""Query-string forms of the task pages' links: what a link may prefill in a form. Read through
core.filters.query_filters, so a malformed or unknown value is a 400, never ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Committee, Unit


class NewPlanQuery(forms.Form):
    """`?committee=&year=` of a link to the new plan's form (e.g. the hotline's offer when this year has no
    plan)."""

    committee = forms.ModelChoiceField(label=_("Ban Chỉ đạo"), queryset=Committee.objects.all(), required=False)
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100, required=False)


class PilotPickQuery(forms.Form):
    """`?unit=` of a hot spot picked beside the form that adds a pilot unit."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.all(), required=False)
