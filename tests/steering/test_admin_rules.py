"""Every model in the Django admin follows the app's rules (core/admin.py).

The fault: the admin was a second door past the rules. A hotline report moved from "Mới tiếp nhận" straight to
forwarded with no reason, no receiving body, no timeline entry and no phone normalisation; its add page
answered 500; a committee took "0" members, which its app page refuses; django-simple-history's "revert" form
saved a posted version of a read-only record. Now each registered model is either
written in the admin through the app's service and form rules (a known-invalid value is refused with the app's
message, a plausible one is saved, nothing answers 500), or read only there (add and change refused; the app
page linked when the app writes it). A model registered later must be put in one of the two lists below.
"""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from core.admin import AppPageAdminMixin
from members.models import Committee, Decision, ReformArea, Unit
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# The packages' logs: added by the packages only; their change page shows every field read only.
PACKAGE_LOGS = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def _initial_post(model_admin, superuser) -> dict:
    """What the admin's add form posts when nothing is typed: each field's initial value."""
    request = RequestFactory().get("/")
    request.user = superuser
    form = model_admin.get_form(request)()
    data: dict = {}
    for name, bound in form._bound_items():
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def _cases(w) -> dict:
    """label -> (plausible add post, known-invalid add post, the message it is refused with)."""
    area = ReformArea.objects.order_by("pk").first()
    province, department, committee = w.province, w.department, w.committee
    ended = Unit.objects.create(code="HUYEN-CU", name="Huyện Cũ", kind=Unit.Kind.DISTRICT, valid_to=date(2024, 12, 31))
    founding = committee.established_by
    plan_year = 2031
    from tasks.models import Plan

    plan = Plan.objects.create(committee=committee, year=plan_year, title="Kế hoạch 2031")
    task = {
        "plan": plan.pk,
        "code": "Z9",
        "title": "Nhiệm vụ thử",
        "area": area.pk,
        "lead_unit": department.pk,
        "due_date": f"30/06/{plan_year}",
    }
    reference = {"code": "the-che", "name": "Trùng mã"}
    return {
        "auth.group": ({"name": "Nhóm thử"}, {"name": ""}, "bắt buộc"),
        "auth.user": (
            {"username": "canbo_moi", "password1": "Mat-khau-dai-2026!", "password2": "Mat-khau-dai-2026!"},
            {"username": "canbo_moi", "password1": "Mat-khau-dai-2026!", "password2": "khac"},
            "mật khẩu",
        ),
        "otp_totp.totpdevice": (
            {"user": w.cast["leadership"].pk, "name": "Điện thoại"},
            {"user": "", "name": "Điện thoại"},
            "bắt buộc",
        ),
        "members.reformarea": ({"code": "thu-nghiem", "name": "Lĩnh vực thử", "order": "9"}, reference, "đã tồn tại"),
        "members.sector": ({"code": "nganh-thu", "name": "Ngành thử"}, {"code": "", "name": "Ngành"}, "bắt buộc"),
        "hotline.category": ({"code": "linh-vuc-thu", "name": "Lĩnh vực thử", "order": "9"}, {"name": ""}, "bắt buộc"),
        "members.unit": (
            {"code": "XA-MOI", "name": "Xã Mới", "kind": "commune", "parent": province.pk, "valid_from": "01/07/2025"},
            {"code": "XA-MOI", "name": "Xã Mới", "kind": "commune", "parent": ended.pk, "valid_from": "01/07/2025"},
            "Huyện Cũ",
        ),
        "members.decision": (
            {"number": "55-QĐ/UBND", "date": "02/03/2024", "issuer": "UBND tỉnh", "kind": "decision"},
            {
                "number": founding.number,
                "date": f"{founding.date:%d/%m/%Y}",
                "issuer": founding.issuer,
                "kind": founding.kind,
            },
            "đã có trong danh mục",
        ),
        "members.committee": (
            {"name": "BCĐ thử", "kind": "working_group", "unit": department.pk, "parent": committee.pk},
            {
                "name": "BCĐ thử",
                "kind": "working_group",
                "unit": department.pk,
                "parent": committee.pk,
                "declared_size": "0",
            },
            "Số thành viên theo quyết định phải từ 1 trở lên.",
        ),
        "tasks.plan": (
            {"committee": committee.pk, "year": "2032", "title": "Kế hoạch 2032"},
            {"committee": committee.pk, "year": "1990", "title": "Kế hoạch 1990"},
            "Năm kế hoạch không hợp lệ.",
        ),
        "tasks.task": (task, {**task, "due_date": f"30/06/{plan_year - 2}"}, "Thời hạn không được trước năm kế hoạch"),
    }


@pytest.fixture
def superuser(world, settings):
    settings.ZEAL_RAISE = False  # the stock admin's own queries are not this test's subject
    return f.UserFactory(username="quantri", is_staff=True, is_superuser=True)


def _labels(kind: str, superuser) -> set[str]:
    request = RequestFactory().get("/")
    request.user = superuser
    found = set()
    for model, model_admin in admin.site._registry.items():
        writable = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if (kind == "editable") == writable:
            found.add(model._meta.label_lower)
    return found


def test_every_editable_admin_applies_the_apps_rules_and_never_answers_500(world, superuser):
    client = client_for(superuser)
    cases = _cases(world)
    assert _labels("editable", superuser) - PACKAGE_LOGS == set(cases), "classify the model here"
    for label, (plausible, invalid, message) in cases.items():
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        model_admin = admin.site._registry[model]
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert client.post(url, {}).status_code == 200, label  # nothing typed: the form's errors
        before = model._default_manager.count()
        refused = client.post(url, {**_initial_post(model_admin, superuser), **invalid})
        assert refused.status_code == 200, label
        assert message in refused.content.decode(), label
        assert model._default_manager.count() == before, label
        saved = client.post(url, {**_initial_post(model_admin, superuser), **plausible})
        assert saved.status_code == 302, (label, saved.content.decode()[:3000])
        assert model._default_manager.count() == before + 1, label


def test_every_read_only_admin_refuses_add_and_change_and_links_the_app_page(world, superuser):
    client = client_for(superuser)
    read_only = _labels("read_only", superuser)
    assert {"hotline.report", "members.person", "documents.letterhead", "reviews.monthlyreview"} <= read_only
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        info = (model._meta.app_label, model._meta.model_name)
        if label in PACKAGE_LOGS:
            assert client.post(reverse("admin:{}_{}_add".format(*info)), {}).status_code == 403, label
            continue
        if label not in read_only:
            continue
        assert client.post(reverse("admin:{}_{}_add".format(*info)), {}).status_code == 403, label
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        page = client.get(url)
        assert page.status_code == 200, label
        if isinstance(model_admin, AppPageAdminMixin):
            assert model_admin.app_url(obj) in page.content.decode(), label
        assert client.post(url, {"title": "gọi 0987 111 222", "name": "Đổi"}).status_code == 403, label
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        record = getattr(obj, manager).order_by("pk").first() if manager else None
        if record is not None:  # django-simple-history's "revert" form saves what it is posted
            revert = reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, record.pk])
            assert client.get(revert).status_code == 200, label
            assert client.post(revert, {"title": "gọi 0987 111 222"}).status_code == 403, label


def test_a_hotline_report_is_not_moved_past_its_workflow_in_the_admin(world, superuser):
    """The newcomer's case: /admin/hotline/report/<id>/change/ saved a forwarded status and a title with a phone
    number, no reason, no receiving body, no timeline entry; the add page answered 500."""
    from hotline.models import Report

    report = Report.objects.order_by("pk").first()
    assert report is not None
    client = client_for(superuser)
    url = reverse("admin:hotline_report_change", args=[report.pk])
    page = client.get(url).content.decode()
    assert reverse("hotline:detail", args=[report.pk]) in page
    assert 'name="status"' not in page and 'name="title"' not in page
    for value in (report.contact_phone, report.contact_email):  # contact details are not shown here
        assert not value or value not in page
    before = (report.status, report.title, report.events.count())
    response = client.post(url, {"status": Report.Status.FORWARDED, "title": "gọi 0987 111 222"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.status, report.title, report.events.count()) == before
    add = client.post(reverse("admin:hotline_report_add"), {"title": "Đường hỏng", "content": "Ổ gà"})
    assert add.status_code == 403
    assert client.post(reverse("admin:hotline_report_delete", args=[report.pk]), {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_committee_changed_in_the_admin_is_checked_by_the_apps_form_and_saved_by_its_service(world, superuser):
    """The newcomer's case: "Số thành viên theo quyết định" = 0 saved at /admin/members/committee/<id>/change/."""
    committee = world.committee
    client = client_for(superuser)
    url = reverse("admin:members_committee_change", args=[committee.pk])
    data = {
        "name": committee.name,
        "short_name": committee.short_name,
        "kind": committee.kind,
        "unit": committee.unit_id,
        "parent": "",
        "established_by": committee.established_by_id or "",
        "declared_size": "0",
        "drawn_version": committee.version,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Số thành viên theo quyết định phải từ 1 trở lên." in refused.content.decode()
    assert client.post(url, {**data, "declared_size": "501"}).status_code == 200
    committee.refresh_from_db()
    assert committee.declared_size == 25
    saved = client.post(url, {**data, "declared_size": "30"})
    assert saved.status_code == 302
    committee.refresh_from_db()
    assert committee.declared_size == 30
    assert committee.history.first().history_user.username == "quantri"
    assert LogEntry.objects.filter(object_id=str(committee.pk), content_type__model="committee").exists()
    assert Decision.objects.filter(pk=committee.established_by_id).exists()
    assert Committee.objects.filter(name=committee.name).count() == 1


def test_a_unit_corrected_in_the_admin_goes_through_the_unit_service(world, superuser):
    """A first day after an ended unit's end was refused by the service only after the admin's form passed it:
    a 500. The admin form now refuses it with the app's message; a plausible correction is saved by
    members/org_changes.py `update_unit`, with its history."""
    unit = Unit.objects.create(
        code="HUYEN-X", name="Huyện X", kind=Unit.Kind.DISTRICT, parent=world.province, valid_to=date(2025, 6, 30)
    )
    client = client_for(superuser)
    url = reverse("admin:members_unit_change", args=[unit.pk])
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": "",
        "kind": unit.kind,
        "parent": world.province.pk,
        "sector": "",
        "valid_from": "01/08/2025",
        "drawn_version": unit.version,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Đơn vị đã kết thúc hoạt động từ 01/07/2025" in refused.content.decode()
    saved = client.post(url, {**data, "valid_from": "01/01/2020", "name": "Huyện X (cũ)"})
    assert saved.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.valid_from) == ("Huyện X (cũ)", date(2020, 1, 1))
    assert unit.history.first().history_user.username == "quantri"
