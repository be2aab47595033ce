"""The shared cache: entries are reused while the data is unchanged, and any write makes the next read fresh."""

import socket
import time
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import shared_cache
from core.models import Notification
from core.roles import Role
from tasks.models import ProgressReport, TaskProgress
from tests import factories as f
from tests.tasks import builders as b

from ..conftest import _user, client_for

UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


def _cached(counter, parts=()):
    return shared_cache.cached("test", shared_cache.WORK, parts, counter)


@pytest.mark.django_db
def test_a_value_is_reused_until_a_write_to_the_data():
    counter = Counter()
    assert _cached(counter) == "value 1"
    assert _cached(counter) == "value 1"
    assert _cached(counter, parts=("other",)) == "value 2"  # parts are part of the key
    f.UnitFactory()  # any write to the members or tasks apps
    assert _cached(counter) == "value 3"
    assert counter.calls == 3


@pytest.mark.django_db
def test_a_work_plan_write_leaves_what_reads_only_the_committee(committee, department):
    roster, plan_pages = Counter(), Counter()
    shared_cache.cached("roster", (shared_cache.MEMBERS,), (), roster)
    shared_cache.cached("plan", shared_cache.WORK, (), plan_pages)
    b.plan(committee)  # a tasks-app write
    shared_cache.cached("roster", (shared_cache.MEMBERS,), (), roster)
    shared_cache.cached("plan", shared_cache.WORK, (), plan_pages)
    assert (roster.calls, plan_pages.calls) == (1, 2)
    f.UnitFactory()  # a members-app write: both
    shared_cache.cached("roster", (shared_cache.MEMBERS,), (), roster)
    shared_cache.cached("plan", shared_cache.WORK, (), plan_pages)
    assert (roster.calls, plan_pages.calls) == (2, 3)


@pytest.mark.django_db
def test_the_home_hotline_counts_follow_new_reports(leader_user):
    from hotline.models import Category
    from hotline.reference import ensure_categories

    from ..hotline.conftest import make_report

    ensure_categories()
    lanhdao = client_for(leader_user)
    before = lanhdao.get(reverse("home")).content.decode()
    assert "0 phản ánh đang mở" in before and "0 phản ánh mới" in before
    make_report({c.code: c for c in Category.objects.all()}, now=timezone.now())
    after = lanhdao.get(reverse("home")).content.decode()
    assert "1 phản ánh đang mở" in after and "1 phản ánh mới" in after


@pytest.mark.django_db
def test_writes_no_shared_view_reads_keep_the_cache(secretariat_user):
    counter = Counter()
    _cached(counter)
    Notification.objects.create(recipient=secretariat_user.person, title="Nhắc báo cáo", body="…")
    _cached(counter)
    assert counter.calls == 1


@pytest.mark.django_db
def test_the_language_is_part_of_the_key():
    from django.utils import translation

    counter = Counter()
    with translation.override("vi"):
        _cached(counter)
    with translation.override("en"):
        _cached(counter)
    assert counter.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_bumps_again_after_commit(reference_data):
    """A reader between the write and the commit may cache the old data: the bump after commit retires it."""
    from django.db import transaction

    with transaction.atomic():
        f.UnitFactory()
        during = shared_cache.versions(*shared_cache.WORK)
    assert shared_cache.versions(*shared_cache.WORK) > during


@pytest.mark.django_db(transaction=True)
def test_a_transaction_of_many_writes_bumps_once_now_again_after_a_read_and_once_after_commit(reference_data):
    from django.db import transaction

    start = shared_cache.versions(shared_cache.MEMBERS)[0]
    with transaction.atomic():
        f.UnitFactory()
        f.UnitFactory()
        f.UnitFactory()
        assert shared_cache.versions(shared_cache.MEMBERS)[0] == start + 1  # the first write's bump only
        f.UnitFactory()  # a write after a read bumps again: the reader may have cached what it read
        assert shared_cache.versions(shared_cache.MEMBERS)[0] == start + 2
        pending = [entry[1] for entry in connection.run_on_commit]
        assert len([c for c in pending if isinstance(c, shared_cache._CommitBump)]) == 1
    assert shared_cache.versions(shared_cache.MEMBERS)[0] == start + 3  # and once after the commit


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_does_not_take_the_bump_after_commit_with_it(reference_data):
    from django.db import IntegrityError, transaction

    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            unit = f.UnitFactory()
            f.UnitFactory(code=unit.code)  # the code is unique: this savepoint is rolled back
        f.UnitFactory(code="AFTER")
        during = shared_cache.versions(shared_cache.MEMBERS)[0]
    assert shared_cache.versions(shared_cache.MEMBERS)[0] == during + 1


@pytest.mark.django_db
def test_migrate_retires_every_entry():
    from django.core.management import call_command

    counter = Counter()
    _cached(counter)
    call_command("migrate", verbosity=0)
    _cached(counter)
    assert counter.calls == 2


@pytest.mark.django_db
def test_summary_refresh_by_raw_sql_bumps_the_version(committee, department, focal_user):
    task = b.task(b.plan(committee), department)
    before = shared_cache.versions(*shared_cache.WORK)
    TaskProgress.refresh(task.pk)
    assert shared_cache.versions(*shared_cache.WORK) > before


@pytest.mark.django_db
def test_an_unreachable_cache_computes_directly(committee, secretariat_user):
    counter = Counter()
    with override_settings(CACHES=UNREACHABLE):
        assert _cached(counter) == "value 1"
        assert _cached(counter) == "value 2"
        shared_cache.bump(*shared_cache.WORK)  # logged, not raised
        response = client_for(secretariat_user).get(reverse("home"))
    assert response.status_code == 200


@pytest.fixture
def hung_cache():
    """A cache server that accepts connections and never answers (a hung Redis), with production timeouts."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    port = server.getsockname()[1]
    hung = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    with override_settings(CACHES=hung):
        yield
    server.close()


@pytest.mark.django_db
def test_a_hung_cache_costs_one_timeout_not_one_per_write(hung_cache):
    started = time.monotonic()
    for _ in range(5):
        f.UnitFactory()  # each write would bump the version twice
    assert _cached(Counter()) == "value 1"
    assert time.monotonic() - started < 4  # one 2-second timeout, then the cache is left alone


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _home(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(ctx)


@pytest.mark.django_db
def test_the_dashboard_shows_an_accepted_report_on_the_next_view(committee, department, focal_user, leader_user):
    year = timezone.localdate().year
    plan = b.plan(committee, year=year)
    task = b.task(plan, department, due_date=date(year, 12, 31))
    lanhdao = client_for(leader_user)
    first, cold = _home(lanhdao)
    again, warm = _home(lanhdao)
    assert _main(again) == _main(first) and warm < cold  # served from the cache
    assert 'class="total-done_on_time">0<' in first

    report = b.report(task, focal_user, 1, 100)
    report.status = ProgressReport.Status.ACCEPTED
    report.save()
    after, _n = _home(lanhdao)
    assert 'class="total-done_on_time">1<' in after


@pytest.mark.django_db
def test_a_members_plan_page_never_shows_another_members_links(
    committee, department, other_department, member_user, focal_user
):
    """The listing is cached per member (their links depend on their own tasks)."""
    plan = b.plan(committee, year=timezone.localdate().year)
    theirs = b.task(plan, other_department, code="9")
    url = reverse("tasks:plan_detail", args=[plan.pk])
    link = reverse("tasks:task_detail", args=[theirs.pk])
    other_user = _user("daumoi2", [Role.FOCAL_POINT], {"full_name": "Đầu Mối Khác", "unit": other_department})
    assert link in client_for(other_user).get(url).content.decode()  # their unit leads it
    assert link not in client_for(member_user).get(url).content.decode()
