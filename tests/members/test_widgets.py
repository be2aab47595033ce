"""FastSelect writes the same <select> as Django's Select, without a template per option."""

from django import forms

from members.widgets import FastSelect


class Choice(forms.Form):
    unit = forms.ChoiceField(
        choices=[("", "Tất cả"), ("1", "Sở Nội vụ"), ("2", "<b>Sở & Ngành</b>")], required=False, widget=FastSelect
    )


def test_fast_select_marks_the_chosen_option_and_escapes_labels():
    html = str(Choice(data={"unit": "2"})["unit"].as_widget(attrs={"aria-describedby": "h"}))
    assert html.startswith("<select ") and html.endswith("</select>")
    for attribute in ('name="unit"', 'aria-describedby="h"', 'id="id_unit"'):
        assert attribute in html.split(">", 1)[0]
    assert '<option value="2" selected>&lt;b&gt;Sở &amp; Ngành&lt;/b&gt;</option>' in html
    assert '<option value="1">Sở Nội vụ</option>' in html
    assert html.count(" selected") == 1


def test_fast_select_offers_the_same_options_as_djangos_select():
    fast = str(Choice()["unit"])
    plain_form = Choice()
    plain_form.fields["unit"].widget = forms.Select(choices=plain_form.fields["unit"].choices)
    plain = str(plain_form["unit"])
    option_values = [part.split('"')[1] for part in plain.split("<option value=")[1:]]
    assert option_values == [part.split('"')[1] for part in fast.split("<option value=")[1:]]
