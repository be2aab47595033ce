"""The year a page of a year's work opens on (tasks.selectors.choose_year), and the year selector every such
page carries: the dashboard, the plans, the pilot units, the review board and personal plans.

Today is 15/06/2026 (Asia/Ho_Chi_Minh) throughout; the committee has plans for 2023 and 2026, and a
draft for 2027 created last, with no tasks.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.board import open_review
from tasks.models import PersonalPlan, PilotUnit
from tasks.selectors import choose_year, parse_year, plan_year_choice
from tests.htmlcheck import html_errors, report

from . import builders as b

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 15)
BAD_YEARS = ["abc", "0000", "1999", "2101", "20231", "２０２３", "-2023"]


@pytest.fixture
def years(committee, department, other_department, time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 10, tzinfo=TZ), tick=False)
    old = b.plan(committee, year=2023, title="Kế hoạch CCHC năm 2023")
    for code in ("1", "2", "3"):
        b.task(old, department, code=code)
    PilotUnit.objects.create(plan=old, unit=other_department, reason="Điểm 2023")
    current = b.plan(committee, year=2026, title="Kế hoạch CCHC năm 2026")
    b.task(current, other_department, code="1")
    draft = b.plan(committee, year=2027, title="Dự thảo kế hoạch năm 2027")
    return {"2023": old, "2026": current, "2027": draft}


def _home(client, **params):
    return client.get(reverse("home"), params)


def _selected(html: str) -> str:
    """The year the selector shows as chosen."""
    picker = html[html.index('id="year-picker"') :]
    picker = picker[: picker.index("</select>")]
    chosen = picker[: picker.index(" selected")]
    return chosen[chosen.rindex('value="') + 7 :].split('"')[0]


# The rule


def test_the_default_is_the_plan_of_todays_year_not_the_newest_created(years, committee):
    choice = choose_year(asked=None, today=TODAY, committee=committee)
    assert choice.year == 2026 and choice.plan == years["2026"]
    assert choice.years == (2027, 2026, 2023)


def test_without_a_plan_this_year_the_default_is_the_latest_earlier_one_never_a_later_draft(years, committee):
    years["2026"].tasks.all().delete()
    years["2026"].delete()
    choice = choose_year(asked=None, today=TODAY, committee=committee)
    assert choice.year == 2023 and choice.plan == years["2023"]
    assert choice.years == (2027, 2026, 2023)  # this year is always offered


def test_a_committee_with_no_plan_at_all_opens_on_this_year_with_no_plan(committee, db):
    choice = choose_year(asked=None, today=TODAY, committee=committee)
    assert (choice.year, choice.years, choice.plan, choice.status) == (2026, (2026,), None, 200)


def test_a_year_without_a_plan_is_offered_and_shown_empty(years, committee):
    choice = plan_year_choice({"year": "2019"}, today=TODAY, committee=committee)
    assert choice.year == 2019 and choice.plan is None and not choice.error
    assert 2019 in choice.years


def test_without_a_committee_the_years_are_every_committees(years, db):
    choice = plan_year_choice({}, today=TODAY)
    assert (choice.year, choice.years, choice.plan) == (2026, (2027, 2026, 2023), None)


@pytest.mark.parametrize("value", BAD_YEARS)
def test_a_value_that_is_not_a_year_is_refused_in_vietnamese(value):
    with pytest.raises(ValidationError, match="Năm không hợp lệ"):
        parse_year(value)


def test_a_refused_year_falls_back_to_the_default_with_its_message(years, committee):
    choice = plan_year_choice({"year": "abc"}, today=TODAY, committee=committee)
    assert choice.year == 2026 and choice.plan == years["2026"]
    assert choice.status == 400 and "“abc”" in choice.error


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_year_asked_is_the_default(value):
    assert parse_year(value) is None


# The dashboard


def test_the_dashboard_opens_on_this_years_plan_when_next_years_empty_draft_exists(years, clients):
    response = _home(clients["leadership"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kế hoạch CCHC năm 2026" in html and "Dự thảo kế hoạch năm 2027" not in html
    assert "15/06/2026: 1 nhiệm vụ" in html
    assert _selected(html) == "2026"


def test_choosing_2023_on_the_dashboard_shows_2023s_figures(years, clients):
    html = _home(clients["leadership"], year="2023").content.decode()
    assert "Kế hoạch CCHC năm 2023" in html and "Kế hoạch CCHC năm 2026" not in html
    assert "15/06/2026: 3 nhiệm vụ" in html
    assert _selected(html) == "2023"


def test_the_cached_dashboard_is_kept_per_year(years, clients):
    client = clients["leadership"]
    assert "3 nhiệm vụ" in _home(client, year="2023").content.decode()
    assert "1 nhiệm vụ" in _home(client).content.decode()
    assert "3 nhiệm vụ" in _home(client, year="2023").content.decode()


def test_the_dashboard_of_a_year_without_a_plan_says_so(years, clients):
    response = _home(clients["leadership"], year="2027")
    html = response.content.decode()
    assert response.status_code == 200 and "Dự thảo kế hoạch năm 2027" in html  # the draft, with no tasks
    empty = _home(clients["leadership"], year="2020")
    assert empty.status_code == 200 and "Chưa có kế hoạch năm 2020." in empty.content.decode()


@pytest.mark.parametrize("value", ["abc", "0000"])
def test_a_bad_year_on_the_dashboard_is_a_400_with_the_current_plan_and_a_message(years, clients, value):
    response = _home(clients["leadership"], year=value)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Năm không hợp lệ: “{value}”" in html and 'aria-invalid="true"' in html
    assert "Kế hoạch CCHC năm 2026" in html


def test_a_bad_year_means_nothing_to_a_home_page_without_the_work_plan(years, clients):
    assert _home(clients["hotline_operator"], year="abc").status_code == 200


# Every page of a year's work


def _pages(w):
    board = {"committee": w["committee"].pk, "year": 2023, "month": 5}
    return {
        "home": ("leadership", reverse("home")),
        "plans": ("secretariat", reverse("tasks:plan_list")),
        "pilots": ("leadership", reverse("tasks:pilot_list", args=[w["years"]["2023"].pk])),
        "pilots, no plan that year": ("member", reverse("tasks:pilots_current") + "?year=2020"),
        "review index": ("secretariat", reverse("reviews:review_index")),
        "review board": ("leadership", reverse("reviews:review_board", kwargs=board)),
        "personal plan": ("member", reverse("tasks:personal_plan")),
        "personal plans": ("leadership", reverse("tasks:personal_plan_list")),
    }


PAGES = ["home", "plans", "pilots", "pilots, no plan that year", "review index", "review board"]
PAGES += ["personal plan", "personal plans"]


@pytest.fixture
def pages(years, committee):
    return _pages({"years": years, "committee": committee})


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_a_years_work_has_the_year_selector(pages, clients, page):
    who, url = pages[page]
    response = clients[who].get(url)
    html = response.content.decode()
    assert response.status_code == 200, page
    assert '<form method="get"' in html and '<label for="year-picker">Năm</label>' in html
    assert '<select id="year-picker" name="year">' in html
    assert '<option value="2027">' in html and '<option value="2023"' in html


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pilots"])
def test_every_page_of_a_years_work_refuses_a_bad_year_with_a_message(pages, clients, page):
    who, url = pages[page]
    response = clients[who].get(url, {"year": "abc"})
    assert response.status_code == 400, page
    assert "Năm không hợp lệ: “abc”" in response.content.decode()


def test_the_plans_page_lists_the_plans_of_the_chosen_year(years, clients):
    url = reverse("tasks:plan_list")
    html = clients["secretariat"].get(url).content.decode()
    assert "Kế hoạch CCHC năm 2026" in html
    assert "Dự thảo kế hoạch năm 2027" not in html and "Kế hoạch CCHC năm 2023" not in html
    html = clients["secretariat"].get(url, {"year": "2023"}).content.decode()
    assert "Kế hoạch CCHC năm 2023" in html and "Kế hoạch CCHC năm 2026" not in html
    empty = clients["secretariat"].get(url, {"year": "2020"})
    assert empty.status_code == 200 and "Chưa có kế hoạch năm 2020." in empty.content.decode()


def test_the_pilot_page_opens_on_this_years_plan_and_goes_to_the_chosen_year(years, clients):
    url = reverse("tasks:pilots_current")
    assert clients["member"].get(url)["Location"] == reverse("tasks:pilot_list", args=[years["2026"].pk])
    chosen = clients["member"].get(url, {"year": "2023"})
    assert chosen["Location"] == reverse("tasks:pilot_list", args=[years["2023"].pk])
    assert "Điểm 2023" in clients["member"].get(chosen["Location"]).content.decode()
    bad = clients["member"].get(url, {"year": "0000"})
    assert bad.status_code == 400 and "Kế hoạch CCHC năm 2026" in bad.content.decode()


def test_the_review_index_shows_the_chosen_years_months(years, clients, committee):
    for month in (date(2023, 4, 1), date(2023, 5, 1), date(2026, 5, 1)):
        open_review(committee=committee, month=month)
    url = reverse("reviews:review_index")
    html = clients["secretariat"].get(url).content.decode()
    board = reverse("reviews:review_board", kwargs={"committee": committee.pk, "year": 2026, "month": 6})
    assert "Các tháng đã mở năm 2026" in html and "05/2026" in html and "04/2023" not in html
    assert f'href="{board}"' in html and "/2026/7/" not in html  # months up to this one
    html = clients["secretariat"].get(url, {"year": "2023"}).content.decode()
    assert "04/2023" in html and "05/2023" in html and "05/2026" not in html
    assert "/2023/12/" in html  # a past year: all its months


def test_the_year_selector_on_the_review_board_keeps_the_committee_and_the_month(years, clients, committee):
    url = reverse("reviews:review_board", kwargs={"committee": committee.pk, "year": 2023, "month": 5})
    response = clients["leadership"].get(url, {"year": "2026"})
    assert response["Location"] == reverse(
        "reviews:review_board", kwargs={"committee": committee.pk, "year": 2026, "month": 5}
    )
    no_plan = reverse("reviews:review_board", kwargs={"committee": committee.pk, "year": 2024, "month": 5})
    assert "Chưa có kế hoạch năm 2024." in clients["leadership"].get(no_plan).content.decode()


def test_a_personal_plan_is_not_saved_for_a_bad_year(years, clients):
    url = reverse("tasks:personal_plan") + "?year=abc"
    response = clients["member"].post(url, {"content": "Kế hoạch", "self_assessment": ""})
    assert response.status_code == 400 and "Năm không hợp lệ" in response.content.decode()
    assert not PersonalPlan.objects.exists()


def test_a_personal_plan_is_saved_for_the_chosen_year(years, clients, member_user):
    url = reverse("tasks:personal_plan") + "?year=2023"
    response = clients["member"].post(url, {"content": "Kế hoạch cá nhân 2023", "self_assessment": ""})
    assert response.status_code == 302
    assert PersonalPlan.objects.get(person=member_user.person).year == 2023


def test_the_selector_and_its_states_are_valid_html(pages, clients, tmp_path):
    """The selector with a refused year (its message linked to the select) and the empty states."""
    bodies = {}
    for page in PAGES:
        who, url = pages[page]
        bodies[f"{page}, bad year"] = clients[who].get(url, {"year": "abc"}).content
        bodies[f"{page}, 2020"] = clients[who].get(url, {"year": "2020"}, follow=True).content
    errors = html_errors(bodies, tmp_path)
    assert errors == {}, report(errors)
