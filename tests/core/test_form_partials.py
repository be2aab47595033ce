"""The one set of form partials (templates/core/_field.html, _form_errors.html) that every page uses:
each kind of field is labelled, its help text and errors are linked to it (aria-describedby) and it is
aria-invalid when wrong; pages that show errors stay valid HTML."""

from pathlib import Path

import lxml.html
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.htmlcheck import html_errors, report, require_checker

ROOT = Path(__file__).resolve().parents[2]


class SampleForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", help_text="Ngắn gọn, <em>không quá</em> 200 ký tự.")
    note = forms.CharField(label="Ghi chú", required=False)
    kind = forms.ChoiceField(
        label="Tư cách", choices=[("a", "Cá nhân"), ("b", "Tổ chức")], widget=forms.RadioSelect, help_text="Chọn một."
    )
    areas = forms.MultipleChoiceField(
        label="Lĩnh vực", choices=[("x", "Thể chế"), ("y", "Thủ tục")], widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label="Tôi đồng ý")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise ValidationError("Hồ sơ đã đóng.")


def render_field(form: forms.Form, name: str) -> lxml.html.HtmlElement:
    html = render_to_string("core/_field.html", {"field": form[name]})
    return lxml.html.fragment_fromstring(html, create_parent="div")


def described_texts(root, element) -> list[str]:
    ids = (element.get("aria-describedby") or "").split()
    found = [root.get_element_by_id(i) for i in ids]
    return [" ".join(e.text_content().split()) for e in found]


@pytest.fixture
def bad_form():
    form = SampleForm(data={"note": "x"})
    assert not form.is_valid()
    return form


def test_a_text_field_points_at_its_help_text_and_its_error(bad_form):
    root = render_field(bad_form, "title")
    field = root.get_element_by_id("id_title")
    assert field.get("aria-invalid") == "true"
    assert described_texts(root, field) == [
        "Ngắn gọn, không quá 200 ký tự.",
        "Trường này là bắt buộc.",
    ]
    label = root.xpath("//label[@for='id_title']")[0]
    assert label.text_content().strip().startswith("Tiêu đề")
    assert label.xpath("span[@class='required']")[0].get("aria-hidden") == "true"
    assert "has-error" in root.xpath("//*[contains(@class, 'field')]")[0].get("class")


def test_an_optional_valid_field_has_no_mark_and_no_description(bad_form):
    root = render_field(bad_form, "note")
    field = root.get_element_by_id("id_note")
    assert field.get("aria-invalid") is None and field.get("aria-describedby") is None
    assert root.xpath("//span[@class='required'] | //ul") == []


def test_a_group_of_radio_buttons_is_a_fieldset_described_by_its_help_and_error(bad_form):
    root = render_field(bad_form, "kind")
    fieldset = root.xpath("//fieldset")[0]
    assert fieldset.xpath("legend")[0].text_content().split()[0] == "Tư"
    assert described_texts(root, fieldset) == ["Chọn một.", "Trường này là bắt buộc."]
    radios = root.xpath("//input[@type='radio']")
    assert len(radios) == 2 and all(r.get("aria-invalid") == "true" for r in radios)
    for radio in radios:  # every option has its own label
        assert root.xpath(f"//label[@for='{radio.get('id')}']")


def test_a_checkbox_list_is_a_fieldset_with_a_labelled_box_per_choice(bad_form):
    root = render_field(bad_form, "areas")
    fieldset = root.xpath("//fieldset")[0]
    assert "checkbox-list" in fieldset.get("class")
    assert described_texts(root, fieldset) == ["Trường này là bắt buộc."]
    boxes = root.xpath("//input[@type='checkbox']")
    assert [b.getparent().text_content().strip() for b in boxes] == ["Thể chế", "Thủ tục"]


def test_a_single_checkbox_comes_before_its_label_and_points_at_its_error(bad_form):
    root = render_field(bad_form, "consent")
    box = root.get_element_by_id("id_consent")
    assert box.get("aria-invalid") == "true"
    assert described_texts(root, box) == ["Trường này là bắt buộc."]
    span = box.getparent()
    assert span.tag == "span" and span.xpath("label[@for='id_consent']")
    assert "field-check" in root.xpath("//*[contains(@class, 'field')]")[0].get("class")


def test_a_hidden_field_is_only_its_input(bad_form):
    root = render_field(bad_form, "token")
    assert [e.tag for e in root] == ["input"] and root[0].get("type") == "hidden"


def test_the_error_box_sums_up_field_errors_and_lists_the_forms_own():
    form = SampleForm(data={"title": "t", "kind": "a", "areas": ["x"], "consent": "on"})
    assert not form.is_valid()  # only the form's own error
    root = lxml.html.fragment_fromstring(render_to_string("core/_form_errors.html", {"form": form}), "div")
    box = root.xpath("//div[@class='form-errors']")[0]
    assert box.get("role") == "alert" and box.get("id") == "form-errors"
    assert [li.text_content() for li in box.xpath(".//li")] == ["Hồ sơ đã đóng."]
    assert "Chưa lưu được" not in box.text_content()  # nothing below is marked

    with_fields = SampleForm(data={}, prefix="answer")
    with_fields.is_valid()
    html = render_to_string("core/_form_errors.html", {"form": with_fields, "summary": "Vui lòng sửa"})
    box = lxml.html.fragment_fromstring(html, "div").xpath("//div[@class='form-errors']")[0]
    assert box.get("id") == "answer-errors"
    assert "Vui lòng sửa" in box.text_content() and "Hồ sơ đã đóng." in box.text_content()


def test_a_valid_form_has_no_error_box():
    assert render_to_string("core/_form_errors.html", {"form": SampleForm()}).strip() == ""


def test_no_app_keeps_its_own_copy_of_the_form_partials():
    copies = [
        str(p.relative_to(ROOT))
        for name in ("_field.html", "_form_errors.html")
        for p in (ROOT / "templates").rglob(name)
        if p.parent.name != "core"
    ]
    assert copies == []


def test_pages_that_show_form_errors_are_valid_html_with_errors_linked(world, tmp_path, settings):
    require_checker()
    settings.RATELIMIT_CACHE_PREFIX = "rl:test-form-partials:"
    secretariat = Client()
    secretariat.force_login(world.cast["secretariat"])
    operator = Client()
    operator.force_login(world.cast["hotline_operator"])
    pages = {
        "hotline submit": Client().post(reverse("hotline:submit"), {"submitter_type": "individual"}),
        "hotline look-up": Client().post(reverse("hotline:lookup"), {"code": "", "pin": ""}),
        "hotline phone intake": operator.post(reverse("hotline:phone_intake"), {}),
        "members appoint": secretariat.post(
            reverse("members:appoint", args=[world.committee.pk]),
            {"start": "31/02/2024", "new_person_name": "Hồ Văn Mới"},
        ),
        "members assignment": secretariat.post(
            reverse("members:assignment_create", args=[world.membership.pk]), {"start": "31/02/2023"}
        ),
        "tasks new plan": secretariat.post(reverse("tasks:plan_create"), {}),
        "tasks new task": secretariat.post(reverse("tasks:task_create", args=[world.tasks_plan.pk]), {}),
        "review month": secretariat.get(reverse("reviews:review_index"), {"committee": "999999", "month": "2023-05"}),
    }
    bodies = {}
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        html = response.content.decode()
        root = lxml.html.fromstring(html)
        invalid = root.xpath('//*[@aria-invalid="true"]')
        assert invalid, f"{name}: no field is marked invalid"
        for element in invalid:
            holder = element if element.get("aria-describedby") else element.xpath("ancestor::fieldset[1]")[0]
            described = [root.get_element_by_id(i) for i in holder.get("aria-describedby", "").split()]
            assert any("errorlist" in (e.get("class") or "") and e.text_content().strip() for e in described), (
                f"{name}: {element.get('id')} is not linked to its error"
            )
        bodies[name] = response.content
    errors = html_errors(bodies, tmp_path)
    assert errors == {}, report(errors)
