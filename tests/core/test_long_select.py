"""LongSelect writes the same <select> as Django's Select, without a template per option; every unit field
uses it."""

import pytest
from django import forms

from core.forms import LongSelect, LongSelectMultiple
from members.unit_fields import ActiveUnitField, ActiveUnitsField, UnitChoiceField

CHOICES = [("", "Tất cả"), ("1", "Sở Nội vụ"), ("2", "<b>Sở & Ngành</b>")]


class Choice(forms.Form):
    unit = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)
    units = forms.MultipleChoiceField(choices=CHOICES[1:], required=False, widget=LongSelectMultiple)


def _values(html: str) -> list[str]:
    return [part.split('"')[1] for part in html.split("<option value=")[1:]]


def test_it_marks_the_chosen_option_and_escapes_labels():
    html = str(Choice(data={"unit": "2"})["unit"].as_widget(attrs={"aria-describedby": "h"}))
    assert html.startswith("<select ") and html.endswith("</select>")
    for attribute in ('name="unit"', 'aria-describedby="h"', 'id="id_unit"'):
        assert attribute in html.split(">", 1)[0]
    assert '<option value="2" selected>&lt;b&gt;Sở &amp; Ngành&lt;/b&gt;</option>' in html
    assert '<option value="1">Sở Nội vụ</option>' in html
    assert html.count(" selected") == 1


def test_it_offers_the_same_options_as_djangos_select():
    form = Choice()
    plain = forms.Select(choices=form.fields["unit"].choices).render("unit", None)
    assert _values(plain) == _values(str(form["unit"])) == ["", "1", "2"]


def test_several_values_are_read_and_marked_as_djangos_select_multiple():
    form = Choice(data={"units": ["1", "2"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["units"] == ["1", "2"]
    html = str(form["units"])
    assert " multiple" in html.split(">", 1)[0]
    assert html.count(" selected") == 2
    empty = Choice(data={})
    assert empty.is_valid() and empty.cleaned_data["units"] == []


@pytest.mark.parametrize(
    ("field", "widget"),
    [(UnitChoiceField, LongSelect), (ActiveUnitField, LongSelect), (ActiveUnitsField, LongSelectMultiple)],
)
def test_every_unit_field_draws_its_long_list_in_one_pass(field, widget):
    kwargs = {"queryset": None} if field is UnitChoiceField else {}
    assert type(field(**kwargs).widget) is widget
