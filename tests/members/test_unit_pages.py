"""The units pages: the list, a unit's page, adding a unit, ending one and passing its work on.

The secretariat ends a unit in three steps (form, review of every open item with the proposed
successor, confirmation); bad input gives a Vietnamese message and a 400 and saves nothing. Pages run a
pinned number of queries whatever the number of units or items.
"""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Decision, Unit, UnitChange, UnitTransfer
from tasks.models import Plan, Task, TaskChange
from tests import factories as f
from tests.conftest import client_for
from tests.htmlcheck import html_errors, report, require_checker
from tests.querycount import assert_page_queries
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(secretariat_user):
    return client_for(secretariat_user)


@pytest.fixture
def planning(province):
    return f.UnitFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", parent=province)


@pytest.fixture
def finance(province):
    return f.UnitFactory(code="STC", name="Sở Tài chính", parent=province)


@pytest.fixture
def approved_plan(committee):
    decision = f.DecisionFactory(number="10/QĐ-UBND", date=date(2025, 1, 10), issuer="UBND tỉnh Nghệ An")
    return b.plan(committee, 2025, status=Plan.Status.APPROVED, approved_by=decision)


def end_data(*successors, **overrides):
    data = {
        "on": "01/03/2025",
        "successors": [s.pk for s in successors],
        "note": "",
        "decision": "",
        "decision_number": "45/QĐ-UBND",
        "decision_date": "27/02/2025",
        "decision_issuer": "UBND tỉnh Nghệ An",
        "decision_subject": "Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính",
    }
    data.update(overrides)
    return data


def test_the_secretariat_ends_a_unit_after_reviewing_its_open_work(
    secretariat, planning, finance, approved_plan, secretariat_user
):
    task = b.task(approved_plan, planning, "1", title="Xây dựng đề án chỉ số DDCI")
    url = reverse("members:unit_end", args=[planning.pk])

    form = secretariat.get(url)
    assert form.status_code == 200
    assert "Kết thúc hoạt động đơn vị" in form.content.decode()

    review = secretariat.post(url, end_data(finance))
    body = review.content.decode()
    assert review.status_code == 200
    assert "Xem lại công việc chuyển cho đơn vị kế thừa" in body
    assert "Nhiệm vụ 1. Xây dựng đề án chỉ số DDCI (kế hoạch năm 2025)" in body
    assert f'<option value="{finance.pk}" selected>Sở Tài chính</option>' in body
    assert not UnitChange.objects.exists() and not Decision.objects.filter(number="45/QĐ-UBND").exists()

    done = secretariat.post(url, {**end_data(finance), "confirm": "1", f"item-task_lead-{task.pk}": str(finance.pk)})
    assert done.status_code == 302 and done["Location"] == reverse("members:unit_detail", args=[planning.pk])
    task.refresh_from_db()
    assert task.lead_unit == finance
    change = UnitChange.objects.get(unit=planning)
    assert change.decision.number == "45/QĐ-UBND" and change.recorded_by == secretariat_user
    assert TaskChange.objects.get(task=task).decision == change.decision

    page = secretariat.get(done["Location"]).content.decode()
    assert "đã kết thúc từ 01/03/2025" in page
    assert "Công việc đã chuyển cho đơn vị kế thừa" in page and "Nhiệm vụ 1. Xây dựng đề án" in page
    assert "45/QĐ-UBND" in page


def test_with_several_successors_the_secretariat_must_choose_for_each_item(
    secretariat, planning, finance, department, approved_plan
):
    task = b.task(approved_plan, planning, "1")
    url = reverse("members:unit_end", args=[planning.pk])
    review = secretariat.post(url, end_data(finance, department)).content.decode()
    assert "— Chọn đơn vị nhận —" in review and " selected>" not in review.split("item-task_lead")[1][:400]
    refused = secretariat.post(url, {**end_data(finance, department), "confirm": "1"})
    assert refused.status_code == 400
    assert "Hãy chọn đơn vị nhận việc này, hoặc giữ nguyên." in refused.content.decode()
    assert not UnitChange.objects.exists()
    chosen = secretariat.post(
        url, {**end_data(finance, department), "confirm": "1", f"item-task_lead-{task.pk}": str(department.pk)}
    )
    assert chosen.status_code == 302
    assert Task.objects.get(pk=task.pk).lead_unit == department


def test_a_change_of_the_open_work_during_the_review_is_shown_again(secretariat, planning, finance, approved_plan):
    first = b.task(approved_plan, planning, "1")
    url = reverse("members:unit_end", args=[planning.pk])
    secretariat.post(url, end_data(finance))
    second = b.task(approved_plan, planning, "2", title="Việc thêm trong lúc xem lại")
    response = secretariat.post(url, {**end_data(finance), "confirm": "1", f"item-task_lead-{first.pk}": finance.pk})
    assert response.status_code == 400
    assert "Việc thêm trong lúc xem lại" in response.content.decode()
    assert Task.objects.get(pk=second.pk).lead_unit == planning and not UnitChange.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision_number": "", "decision_date": ""}, "phải căn cứ một văn bản"),
        ({"on": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"decision_date": "05/03/2025"}, "không được trước ngày ban hành văn bản"),
    ],
    ids=["no document", "bad date", "before its document"],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(secretariat, planning, finance, overrides, message):
    url = reverse("members:unit_end", args=[planning.pk])
    response = secretariat.post(url, {**end_data(finance), "confirm": "1", **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    planning.refresh_from_db()
    assert planning.valid_to is None and not UnitChange.objects.exists()
    assert not Decision.objects.filter(number="45/QĐ-UBND").exists()


def test_an_ended_unit_is_not_offered_as_a_successor(secretariat, planning, finance):
    gone = f.UnitFactory(name="Sở đã giải thể", valid_to=date(2024, 12, 31))
    page = secretariat.get(reverse("members:unit_end", args=[planning.pk])).content.decode()
    assert "Sở Tài chính" in page and "Sở đã giải thể" not in page
    response = secretariat.post(reverse("members:unit_end", args=[planning.pk]), end_data(gone))
    assert response.status_code == 400
    assert "“Sở đã giải thể” đã kết thúc hoạt động từ ngày 01/01/2025" in response.content.decode()


def test_a_district_ended_by_the_loader_passes_its_work_to_a_ward_added_later(secretariat, province, committee):
    district = f.UnitFactory(code="429", name="Huyện Nghi Lộc", kind=Unit.Kind.DISTRICT, valid_to=date(2025, 6, 30))
    UnitChange.objects.create(
        unit=district, on=date(2025, 7, 1), source="Luật năm 2025", recorded_at=b.at(date(2025, 7, 1))
    )
    task = b.task(b.plan(committee, 2025), district, "1")

    created = secretariat.post(
        reverse("members:unit_create"),
        {
            "name": "Xã Nghi Lộc Mới",
            "short_name": "",
            "code": "X-NL",
            "kind": "commune",
            "parent": province.pk,
            "valid_from": "01/07/2025",
        },
    )
    ward = Unit.objects.get(code="X-NL")
    assert created.status_code == 302 and ward.valid_from == date(2025, 7, 1)
    duplicate = secretariat.post(
        reverse("members:unit_create"),
        {"name": "Trùng mã", "code": "X-NL", "kind": "commune", "valid_from": "01/07/2025"},
    )
    assert duplicate.status_code == 400

    url = reverse("members:unit_transfer", args=[district.pk])
    data = {
        "add_successors": [ward.pk],
        "decision": "",
        "decision_number": "72/2025/QH15",
        "decision_date": "16/06/2025",
        "decision_issuer": "Quốc hội",
        "decision_subject": "Luật Tổ chức chính quyền địa phương",
    }
    review = secretariat.post(url, data)
    assert review.status_code == 200 and f'<option value="{ward.pk}" selected>' in review.content.decode()
    done = secretariat.post(url, {**data, "confirm": "1", f"item-task_lead-{task.pk}": ward.pk})
    assert done.status_code == 302
    assert Task.objects.get(pk=task.pk).lead_unit == ward
    change = UnitChange.objects.get(unit=district)
    assert change.decision.number == "72/2025/QH15" and list(change.successors.all()) == [ward]
    assert UnitTransfer.objects.get().to_unit == ward
    # Ending it again is not offered: the page goes to passing the work on.
    again = secretariat.get(reverse("members:unit_end", args=[district.pk]))
    assert again.status_code == 302 and again["Location"] == url


def test_the_list_shows_working_units_by_default_and_ended_ones_on_request(secretariat, planning, finance):
    planning.valid_to = date(2025, 2, 28)
    planning.save()
    planning.successors.set([finance])
    working = secretariat.get(reverse("members:unit_list")).content.decode()
    assert "Sở Tài chính" in working and "Sở Kế hoạch và Đầu tư" not in working
    ended = secretariat.get(reverse("members:unit_list"), {"state": "ended"}).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in ended and "đã kết thúc từ 01/03/2025" in ended
    assert secretariat.get(reverse("members:unit_list"), {"state": "nonsense"}).status_code == 400


def _units(n, province):
    start = Unit.objects.count()
    made = Unit.objects.bulk_create(
        [
            Unit(code=f"T{i:04d}", name=f"Xã thử {i}", kind=Unit.Kind.COMMUNE, parent=province)
            for i in range(start, start + n)
        ]
    )
    Unit.successors.through.objects.bulk_create([Unit.successors.through(from_unit=u, to_unit=province) for u in made])


def test_the_list_runs_pinned_queries_whatever_the_number_of_units(secretariat, province):
    url = reverse("members:unit_list")
    _units(10, province)
    assert_page_queries(secretariat, url, 9, label="units, 10")
    _units(100, province)
    assert_page_queries(secretariat, url, 9, label="units, 110")


def test_a_units_page_runs_pinned_queries_whatever_its_open_work(secretariat, planning, finance, approved_plan):
    url = reverse("members:unit_detail", args=[planning.pk])
    for i in range(5):
        b.task(approved_plan, planning, str(i))
    assert_page_queries(secretariat, url, 16, label="unit page, 5 tasks")
    for i in range(5, 50):
        b.task(approved_plan, planning, str(i))
    assert_page_queries(secretariat, url, 16, label="unit page, 50 tasks")


def test_the_review_page_is_valid_html(secretariat, planning, finance, department, approved_plan, tmp_path):
    require_checker()
    b.task(approved_plan, planning, "1")
    url = reverse("members:unit_end", args=[planning.pk])
    pages = {
        "review": secretariat.post(url, end_data(finance, department)).content,
        "review with errors": secretariat.post(url, {**end_data(finance, department), "confirm": "1"}).content,
        "end form with errors": secretariat.post(url, end_data(finance, on="")).content,
    }
    errors = html_errors(pages, tmp_path)
    assert errors == {}, report(errors)


def test_history_pages_show_an_ended_unit_as_it_was(secretariat, planning, finance, approved_plan):
    task = b.task(approved_plan, planning, "1")
    planning.valid_to = date(2025, 2, 28)
    planning.save()
    page = secretariat.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Sở Kế hoạch và Đầu tư (đã kết thúc từ 01/03/2025)" in page
