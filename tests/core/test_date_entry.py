"""One date entry everywhere: every date field of every form of the project (plain forms and model forms,
the admin's own widgets aside) uses the project's widget (core/forms.py DateInput): a text box shown
dd/mm/yyyy, never `type=date` (whose order follows the browser's language), which reads "05/03/2026" as
5 March 2026. The ISO form (old links, the native calendar) is accepted too; dd/mm/yyyy is what is shown."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.forms import BaseForm

from core.forms import DateInput

APPS = ("core", "members", "tasks", "hotline", "documents", "periodic_reports", "reviews", "steering")


def _modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or ".management" in info.name or info.name.endswith(".admin"):
                continue
            yield importlib.import_module(info.name)


def _form_classes() -> list[type[BaseForm]]:
    found = {}
    for module in _modules():
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseForm) and obj.__module__.split(".")[0] in APPS:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


def _date_fields() -> list[tuple[str, forms.DateField]]:
    fields = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                fields.append((f"{form_class.__module__}.{form_class.__qualname__}.{name}", field))
    return fields


DATE_FIELDS = _date_fields()


def test_the_walk_finds_the_date_fields_of_every_app():
    names = {name for name, _field in DATE_FIELDS}
    for expected in (
        "tasks.forms.TaskForm.due_date",
        "tasks.forms.ReportForm.completed_on",
        "tasks.forms.MeetingForm.date",
        "core.views.CalendarEntryForm.date",
        "hotline.filter_forms.AccessLogFilterForm.date_from",
        "members.forms.RosterDateForm.on",
    ):
        assert expected in names, sorted(names)


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _field in DATE_FIELDS])
def test_every_date_field_is_typed_dd_mm_yyyy_with_the_project_widget(name, field):
    assert isinstance(field.widget, DateInput), name
    html = field.widget.render("day", date(2026, 3, 5), attrs={"id": "id_day"})
    assert 'type="date"' not in html
    assert 'type="text"' in html and 'value="05/03/2026"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert field.clean("05/03/2026") == date(2026, 3, 5)
    assert field.clean("5/3/2026") == date(2026, 3, 5)
    assert field.clean("2026-03-05") == date(2026, 3, 5)  # old links and the native calendar's value


@pytest.mark.parametrize(("name", "field"), DATE_FIELDS, ids=[name for name, _field in DATE_FIELDS])
def test_a_date_in_another_order_is_refused_in_vietnamese(name, field):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("03/25/2026")  # month first
    assert refused.value.messages == ["Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 06/03/2023."], name
