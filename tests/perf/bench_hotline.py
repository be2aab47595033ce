"""Hotline benchmark: inbox, hot spots, unit list and public pages at 100,000 reports.

Part of `make bench` (a `@section`); alone, with the same database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steering_bench REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python -m tests.perf.bench_hotline

The public intake under load (gunicorn, against django-helpdesk) is tests/perf/servers.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .bench import Bench, section

REPORTS = int(os.environ.get("BENCH_HOTLINE_REPORTS", 100_000))
ROOT = Path(__file__).resolve().parents[2]


def ensure_reports(target: int = REPORTS) -> int:
    from django.utils import timezone

    from hotline.bulk import generate_reports
    from hotline.models import Report
    from hotline.reference import ensure_categories

    ensure_categories()
    have = Report.objects.count()
    if have < target:
        print(f"Tạo {target - have} phản ánh đường dây nóng…")
        generate_reports(count=target - have, now=timezone.now(), seed=have)
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum keeps a live database (generate_province)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return Report.objects.count()


def hotline_users() -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from core.roles import Role
    from hotline.models import Report
    from members.models import Person

    busiest = (
        Report.objects.values("routed_unit").exclude(routed_unit=None).annotate(n=Count("pk")).order_by("-n").first()
    )
    users = {}
    for key, role, unit_id in [
        ("hotline_operator", Role.HOTLINE_OPERATOR, None),
        ("leadership", Role.LEADERSHIP, None),
        ("hotline_focal", Role.FOCAL_POINT, busiest["routed_unit"] if busiest else None),
    ]:
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{key}")
        user.groups.add(Group.objects.get(name=role))
        Person.objects.update_or_create(
            user=user, defaults={"full_name": f"Bench {key}", "unit_id": unit_id, "is_demo": True}
        )
        users[key] = user
    return users


@section
def hotline_pages(bench: Bench) -> None:
    from hotline.models import Report

    total = ensure_reports()
    users = hotline_users()
    report = Report.objects.exclude(routed_unit=None).order_by("-pk").first()
    print(f"Đường dây nóng: {total} phản ánh")
    # The target names the inbox and the hot spots (warm and cold); the rest is timed for reference.
    operator, leadership = users["hotline_operator"], users["leadership"]
    bench.measure("hotline inbox (operator)", operator, "/hotline/inbox/")
    bench.measure("hotline inbox: overdue", operator, "/hotline/inbox/?view=overdue")
    bench.measure("hotline inbox: search", operator, "/hotline/inbox/?view=all&q=minh+h%E1%BB%8Da+s%E1%BB%91+99")
    bench.measure("hotline hot spots (leadership)", leadership, "/hotline/hot-spots/")
    bench.measure("hotline inbox (operator)", operator, "/hotline/inbox/", cold=True)
    bench.measure("hotline inbox: overdue", operator, "/hotline/inbox/?view=overdue", cold=True)
    bench.measure("hotline hot spots (leadership)", leadership, "/hotline/hot-spots/", cold=True)
    bench.measure("hotline unit list (focal point)", users["hotline_focal"], "/hotline/unit/?view=all", target=False)
    bench.measure("hotline report page", operator, f"/hotline/reports/{report.pk}/", target=False)
    bench.measure("hotline published answers", leadership, "/hotline/answers/", target=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hotline benchmark (pages at 100k reports)")
    parser.add_argument("--reports", type=int, default=REPORTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from . import bench as framework

    framework._ensure_database()
    call_command("migrate", verbosity=0)
    from members.models import Unit

    if not Unit.objects.exists():
        call_command("load_nghean_2023", verbosity=0)
    ensure_reports(args.reports)
    b = Bench(repeat=5)
    with override_settings(ROOT_URLCONF="tests.perf.urls"):
        b.trivial_ms = b.measure("trivial view", hotline_users()["leadership"], "/__bench__/trivial/").ms
        hotline_pages(b)
    for res in b.results:
        print(
            f"{res.label:<42} {res.ms:>8.1f} ms {res.ms / b.trivial_ms:>6.1f}× {res.queries:>4} truy vấn {res.status}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
