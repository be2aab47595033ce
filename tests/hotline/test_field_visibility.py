"""Every field a hotline staff member types into says who will see it (hotline/visibility.py): the phone-call
form as the report page's forms do, so nothing meant for colleagues reaches the citizen, nor the reverse."""

import html
import inspect
import re

import pytest
from django import forms as django_forms
from django.urls import reverse

from hotline import filter_forms, visibility
from hotline import forms as hotline_forms
from tests.conftest import client_for

# Forms the public fills in (the citizen sees what they type) and the lists' search boxes (nothing typed is kept
# or shown to anyone): not staff forms.
PUBLIC_FORMS = {"LookupForm", "RatingForm", "ReopenForm"}
FILTER_FORMS = {name for name, cls in inspect.getmembers(filter_forms, inspect.isclass) if name.endswith("FilterForm")}


def staff_form_names() -> list[str]:
    """Every staff form of the hotline, as its page builds it (the intake form as the phone-call form; the
    route form also as the transfer form). A new form class in hotline/forms.py is walked too."""
    names = []
    for name, cls in inspect.getmembers(hotline_forms, inspect.isclass):
        if not issubclass(cls, django_forms.BaseForm) or cls.__module__ != hotline_forms.__name__:
            continue
        if name in PUBLIC_FORMS:
            continue
        names += {
            "ReportForm": ["ReportForm(phone_call=True)"],
            "RouteForm": [name, "RouteForm(require_reason=True)"],
        }.get(name, [name])
    return names


def build(name: str) -> django_forms.Form:
    if name == "ReportForm(phone_call=True)":
        return hotline_forms.ReportForm(phone_call=True)
    if name == "RouteForm(require_reason=True)":
        return hotline_forms.RouteForm(require_reason=True)
    return getattr(hotline_forms, name)()


def _text_fields(form) -> list[str]:
    """Fields a person types or attaches something into (text, e-mail, files), not hidden ones."""
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, (django_forms.CharField, django_forms.FileField))
        and not isinstance(field.widget, django_forms.HiddenInput)
    ]


def test_the_walk_finds_the_staff_forms():
    """The walk sees the staff forms (and the filter forms it leaves out are the lists' search boxes)."""
    names = set(staff_form_names())
    assert {"ReportForm(phone_call=True)", "ClassifyForm", "RouteForm", "AnswerForm", "ApproveForm"} <= names
    assert {"InboxFilterForm", "PublishedFilterForm", "AccessLogFilterForm"} == FILTER_FORMS


@pytest.mark.django_db
@pytest.mark.parametrize("name", staff_form_names())
def test_every_text_field_of_a_staff_form_says_who_will_see_it(name):
    form = build(name)
    for field_name in _text_fields(form):
        field = form.fields[field_name]
        who = getattr(field, "seen_by", None)
        assert who, f"{name}.{field_name} does not say who will see it"
        assert str(who) in str(field.help_text), f"{name}.{field_name}: its help text does not show it"


@pytest.mark.django_db
def test_the_phone_call_form_says_the_contact_is_staff_only_and_where_the_title_goes(operator_user):
    page = html.unescape(client_for(operator_user).get(reverse("hotline:phone_intake")).content.decode())
    helps = dict(re.findall(r'<div class="help" id="id_(\w+)_helptext">(.*?)</div>', page, re.S))
    for name in ("contact_name", "contact_phone", "contact_email", "contact_address"):
        assert str(visibility.CONTACT_STAFF_ONLY) in helps[name], name
    assert str(visibility.TITLE_SEEN_BY) in helps["title"]
    assert str(visibility.CONTENT_SEEN_BY) in helps["content"]
    assert helps["contact_phone"].startswith("Số điện thoại Việt Nam")  # the field's own help is kept first


@pytest.mark.django_db
def test_the_public_form_does_not_speak_of_staff(client):
    page = html.unescape(client.get(reverse("hotline:submit")).content.decode())
    assert str(visibility.CONTACT_STAFF_ONLY) not in page and str(visibility.TITLE_SEEN_BY) not in page


@pytest.mark.django_db
def test_the_answer_files_help_keeps_its_size_and_says_who_downloads_them(settings):
    settings.HOTLINE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    help_text = str(hotline_forms.AnswerFilesForm().fields["files"].help_text)
    assert help_text == "PDF, DOC, DOCX, JPG, PNG; mỗi tệp tối đa 5.0 MB. Người phản ánh tải được khi tra cứu."
