"""Text as a Vietnamese office types it: every form field of every app and of the admin stores NFC
without control or format characters, and no text field takes unlimited text."""

import unicodedata
import uuid

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from core.text import LONG_TEXT, TextLengthValidator, clean_text, fold, search_text
from hotline.models import Report
from tasks.models import Task
from tests import factories as f
from tests.conftest import client_for
from tests.tasks import builders as b

PROJECT_APPS = {"core", "members", "tasks", "reviews", "hotline", "steering"}
# A title pasted from Word: decomposed (NFD) letters, a manual line break (U+000B), a right-to-left
# override (U+202E), a zero-width space, a BOM and a NUL.
WORD_TITLE = unicodedata.normalize("NFD", "\ufeffĐơn giản hóa\u000bthủ tục\u202e hành chính\u200b\x00 ")
ONE_LINE = "Đơn giản hóa thủ tục hành chính"
# Word's Shift+Enter (U+000B) breaks a line within a paragraph: a multi-line field keeps the paragraph whole.
LONG = "Đơn giản hóa thủ tục hành chính"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- clean_text -------------------------------------------------------------------------------------


def test_one_line_text_is_nfc_with_line_breaks_as_spaces_and_no_invisible_characters():
    assert clean_text(WORD_TITLE).strip() == ONE_LINE
    assert unicodedata.is_normalized("NFC", clean_text(WORD_TITLE))
    assert clean_text("Tiêu đề\r\n\tmới\u2028dòng\u2029cuối") == "Tiêu đề mới dòng cuối"


def test_long_text_keeps_tab_and_newline_paragraph_breaks_as_newlines_soft_breaks_as_spaces():
    assert clean_text("a\r\nb\rc\u000bd\u2028e\u2029f\tg", multiline=True) == "a\nb\nc d e\nf\tg"
    assert clean_text(WORD_TITLE, multiline=True).strip() == LONG


@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c"]
    + ["\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\x00", "\x07", "\x1b", "\x7f", "\x9f"]
    + ["\ud800", "\ufffe", "\uffff", "\ufdd0"],
)
def test_control_format_surrogate_and_noncharacters_are_dropped(char):
    assert clean_text(f"Sở{char}Nội vụ") == "SởNội vụ"
    assert clean_text(f"Sở{char}Nội vụ", multiline=True) == "SởNội vụ"


def test_visible_text_is_left_as_typed():
    text = "Hồ sơ số 12/2023 — “khẩn”  (đã nộp)\u00a0ngày 05/06; 😀"
    assert clean_text(text) == text


# --- fold ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Đơn giản hóa",
        "đơn giản hoá",
        "ĐƠN GIẢN HOÁ",
        "don gian hoa",
        "  Don   gian\thoa ",
        nfc("Đơn giản hóa"),
        unicodedata.normalize("NFD", "Đơn giản hóa"),
        unicodedata.normalize("NFD", "đơn giản hoá"),
        "Ðơn giản hóa",  # U+00D0 for Đ, as text converted from TCVN3 may hold
        "Đơn\u200b giản hóa",
    ],
)
def test_every_way_of_typing_folds_alike(typed):
    assert fold(typed) == "don gian hoa"


def test_old_and_new_tone_mark_placement_fold_alike():
    for old, new in [("hóa", "hoá"), ("thủy", "thuỷ"), ("hòa", "hoà"), ("khỏe", "khoẻ"), ("quý", "qúy")]:
        assert fold(old) == fold(new)


def test_search_text_keeps_each_part_on_its_own_line():
    assert search_text("1.2", "Đất đai", None) == "1.2\ndat dai\n"


# --- length limits ------------------------------------------------------------------------------


def test_the_length_message_is_plain_vietnamese_with_grouped_numbers():
    with pytest.raises(ValidationError) as error:
        TextLengthValidator(10_000)("x" * 1_100_000)
    assert error.value.messages == ["Tối đa 10.000 ký tự (hiện có 1.100.000 ký tự)."]
    assert error.value.code == "max_length"


@pytest.mark.django_db
def test_a_task_description_over_the_limit_fails_model_validation(committee, department):
    task = Task(plan=b.plan(committee), code="1", title="Nhiệm vụ", area=f.area(), lead_unit=department)
    task.description = "x" * (LONG_TEXT + 1)
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert error.value.message_dict["description"] == ["Tối đa 10.000 ký tự (hiện có 10.001 ký tự)."]


def test_every_long_text_column_of_tasks_and_hotline_has_a_checked_limit():
    from django.apps import apps

    for app in ("tasks", "hotline"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if getattr(field, "get_internal_type", None) and field.get_internal_type() == "TextField":
                    if field.name == "search_text" or not field.editable:
                        continue
                    assert field.max_length, f"{model.__name__}.{field.name}"
                    assert any(isinstance(v, TextLengthValidator) for v in field.validators), field


# --- every form ---------------------------------------------------------------------------------


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's packages (the URLconf imports every view, hence every form)."""
    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    found = {cls for cls in _subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in PROJECT_APPS}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def admin_form_classes(superuser) -> list[tuple[str, type[forms.BaseForm]]]:
    """The admin's add forms of every registered model, and those of their inlines."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    out = []
    for model, model_admin in admin.site._registry.items():
        out.append((f"admin {model._meta.label}", model_admin.get_form(request, obj=None)))
        for inline in model_admin.get_inline_instances(request):
            out.append((f"admin inline {inline.model._meta.label}", inline.get_formset(request).form))
    return out


def text_fields(form_class):
    for name, field in form_class.base_fields.items():
        text = isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField)
        if text and not isinstance(field.widget, forms.PasswordInput):
            yield name, field


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="quantri", is_staff=True, is_superuser=True)


@pytest.fixture
def all_forms(superuser):
    forms_ = [(f"{cls.__module__}.{cls.__qualname__}", cls) for cls in project_form_classes()]
    return forms_ + admin_form_classes(superuser)


def test_a_word_title_is_cleaned_by_every_text_field_of_every_form_and_the_admin(all_forms):
    checked = set()
    for label, form_class in all_forms:
        for name, field in text_fields(form_class):
            value = field.to_python(WORD_TITLE)
            where = f"{label}.{name}"
            assert unicodedata.is_normalized("NFC", value), where
            assert not any(c in value for c in "\u000b\u202e\u200b\ufeff\x00"), where
            if type(field).to_python is forms.CharField.to_python:  # no conversion of its own (URL, e-mail...)
                expected = LONG if isinstance(field.widget, forms.Textarea) else ONE_LINE
                assert (value if field.strip else value.strip()) == expected, where
            checked.add(where)
    # The fields the issue names, through a project form, a public form and the admin.
    for where in [
        "tasks.forms.TaskForm.title",
        "tasks.forms.TaskForm.description",
        "hotline.forms.ReportForm.title",
        "hotline.forms.ReportForm.content",
        "reviews.views.AssessmentForm.assessment",
        "admin tasks.Task.title",
        "admin tasks.Task.description",
        "admin hotline.Report.title",
        "admin inline tasks.Conclusion.content",
        "admin members.Person.full_name",
    ]:
        assert where in checked
    assert len(checked) > 100


def test_every_text_field_of_every_form_and_the_admin_refuses_text_over_its_limit(all_forms):
    for label, form_class in all_forms:
        for name, field in text_fields(form_class):
            limit = field.max_length or LONG_TEXT
            with pytest.raises(ValidationError) as error:
                field.clean("a" * (limit + 1))
            assert "max_length" in [e.code for e in error.value.error_list], f"{label}.{name}"


def test_project_forms_state_their_limits(all_forms):
    """Every text field of the project's own forms names its limit (the admin's come from the models)."""
    missing = [
        f"{label}.{name}"
        for label, form_class in all_forms
        if not label.startswith("admin")
        for name, field in text_fields(form_class)
        # A RegexField is bounded by its pattern (and a maxlength attribute is invalid on type="month").
        if field.max_length is None and not isinstance(field, forms.RegexField)
    ]
    assert missing == []


def test_passwords_are_compared_as_typed():
    password = AuthenticationForm.base_fields["password"]
    assert password.clean("\u202emật khẩu\u000b ") == "\u202emật khẩu\u000b "


# --- through the pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_megabyte_task_description_gets_a_clear_message_and_nothing_is_saved(committee, department, secretariat_user):
    plan = b.plan(committee)
    data = {
        "code": "1",
        "title": "Ban hành Kế hoạch kiểm tra CCHC",
        "description": "x" * 1_100_000,
        "area": f.area().pk,
        "lead_unit": department.pk,
        "due_date": "2023-06-30",
        "recurrence": "once",
        "expected_output": "plan",
    }
    response = client_for(secretariat_user).post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 400
    assert "Tối đa 10.000 ký tự (hiện có 1.100.000 ký tự)." in response.content.decode()
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_a_task_title_pasted_from_word_is_stored_clean(committee, department, secretariat_user):
    plan = b.plan(committee)
    data = {
        "code": "1",
        "title": WORD_TITLE,
        "description": WORD_TITLE,
        "area": f.area().pk,
        "lead_unit": department.pk,
        "due_date": "2023-06-30",
        "recurrence": "once",
        "expected_output": "plan",
    }
    response = client_for(secretariat_user).post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.title, task.description) == (ONE_LINE, LONG)


@pytest.mark.django_db
def test_a_citizens_report_title_pasted_from_word_is_stored_clean(client, settings):
    from hotline.reference import ensure_categories

    ensure_categories()
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
    data = {
        "submitter_type": "anonymous",
        "category": Report._meta.get_field("category").related_model.objects.first().pk,
        "title": WORD_TITLE,
        "content": WORD_TITLE,
        "website": "",
    }
    response = client.post(reverse("hotline:submit"), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.title, report.content) == (ONE_LINE, LONG)


def test_installing_the_cleaning_twice_wraps_the_fields_once():
    from core.text import install_form_cleaning

    before = (forms.CharField.to_python, forms.CharField.run_validators)
    install_form_cleaning()
    assert (forms.CharField.to_python, forms.CharField.run_validators) == before


def test_breaks_separated_by_spaces_are_all_removed():
    # The patterns start only where a run of spaces starts (linear time on a megabyte of spaces:
    # tests/production/test_hostile_bodies.py); a break just after a match's trailing spaces is still taken.
    assert clean_text("a\u2028 \u2028 b", multiline=True) == "a b"
    assert clean_text("a\r\n \r\n\tb") == "a b"
    assert clean_text(" " * 5000 + "x") == " " * 5000 + "x"
