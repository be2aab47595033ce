"""An unknown filter value is a 400 naming it, never "no filter" (core/filters.py)."""

import pytest
from django import forms
from django.urls import reverse

from core.filters import BadQuery, query_filters
from tests.conftest import client_for
from tests.tasks import builders


class _Filter(forms.Form):
    year = forms.IntegerField(label="Năm", required=False, min_value=1990)


def test_query_filters_is_empty_unbound_cleaned_when_valid_and_a_400_otherwise():
    assert query_filters(_Filter()) == {}
    assert query_filters(_Filter({"year": "2023"})) == {"year": 2023}
    with pytest.raises(BadQuery) as exc:
        query_filters(_Filter({"year": "0"}))
    assert len(exc.value.problems) == 1 and exc.value.problems[0].startswith("Năm: ")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["tasks:plan_export", "tasks:plan_print", "tasks:plan_detail"])
def test_an_unknown_unit_filter_is_a_400_not_the_whole_plan(name, committee, department, secretariat_user):
    plan = builders.plan(committee, year=2023)
    builders.task(plan, department, title="Nhiệm vụ không được lọt ra")
    response = client_for(secretariat_user).get(reverse(name, args=[plan.pk]), {"unit": "99999"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Cơ quan chủ trì:" in body and "Nhiệm vụ không được lọt ra" not in body
