"""Benchmark the product side by side: against its peer and a bare Django project under gunicorn
(tests/perf/side_by_side.py), then its pages against a large synthetic province, as ratios measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steering_bench make bench
    (or: .venv/bin/python -m tests.perf.bench --part pages --tasks 20000 --reports 200000 --repeat 15)

The database is created and migrated if needed, and filled by `manage.py generate_province` when it
holds no generated data yet. Each page is timed (median of --repeat runs after a warm-up) and its
queries counted; the trivial view is a login-protected "ok" behind the same middleware.

Extending: any module `tests/perf/bench_<name>.py` that defines functions decorated with
`@section` is picked up; a section receives the `Bench` and calls `bench.measure(label, user, url)`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS: list[Callable[[Bench], None]] = []
TARGET_RATIO = 3.0  # every staff page the target names, cold, within 3× a trivial view
# The cheapest page with the layout (bench_tasks.py): the menus, the notification count and a three-field form,
# no data of its own. Its ratio is the floor under every staff page's.
FLOOR_LABEL = "password change form (layout floor)"


def section(fn: Callable[[Bench], None]) -> Callable[[Bench], None]:
    SECTIONS.append(fn)
    return fn


@dataclass
class Result:
    label: str
    ms: float
    queries: int
    status: int
    cold: bool = False
    target: bool = True


@dataclass
class Bench:
    repeat: int
    results: list[Result] = field(default_factory=list)
    trivial_ms: float = 0.0

    def client(self, user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client

    def measure(self, label: str, user, url: str, cold: bool = False, target: bool = True) -> Result:
        """Time `url`; `cold` empties the shared cache (core/shared_cache.py) before every request,
        as the first view after a change to the data sees it; `target=False` times a page for reference,
        outside the pages the target names."""
        from django.db import connection

        from core import shared_cache

        def get():
            if cold:
                shared_cache.invalidate_all()
            start = time.perf_counter()
            response = client.get(url)
            return response, (time.perf_counter() - start) * 1000

        client = self.client(user)
        for _ in range(2):  # warm-up: template loading, connection, caches
            get()
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # counts with DEBUG off too, unlike the query log
            response, _ms = get()
        timings = [get()[1] for _ in range(self.repeat)]
        result = Result(label, statistics.median(timings), len(queries), response.status_code, cold, target)
        self.results.append(result)
        return result


def _ensure_database() -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        sys.exit("make bench chạy trên PostgreSQL: đặt DATABASE_URL=postgres://postgres@127.0.0.1:5432/steering_bench")
    import psycopg

    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
    }
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def _load_sections() -> None:
    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"tests.perf.{info.name}")


def setup_django() -> None:
    """Production settings (DEBUG off: cached templates, no query log, hashed static files), as users get
    them; the key and the cookie/HTTPS flags only let the test client through. Creates and migrates the
    database when needed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parents[2] / "var" / "bench-static"))
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")  # the shared cache, as in production
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    _ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=int(os.environ.get("BENCH_UNITS", 500)))
    parser.add_argument("--tasks", type=int, default=int(os.environ.get("BENCH_TASKS", 20_000)))
    parser.add_argument("--reports", type=int, default=int(os.environ.get("BENCH_REPORTS", 200_000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 15)))
    parser.add_argument(
        "--part",
        choices=["all", "servers", "pages"],
        default=os.environ.get("BENCH_PART", "all"),
        help="servers: the gunicorn comparisons (tests/perf/side_by_side.py); pages: the pages in process",
    )
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_TRIAL_SECONDS", 10)))
    parser.add_argument("--trials", type=int, default=int(os.environ.get("BENCH_TRIALS", 3)))
    args = parser.parse_args(argv)

    setup_django()
    if args.part in ("all", "servers"):
        from . import side_by_side

        port_base = int(os.environ["BENCH_PORT_BASE"]) if os.environ.get("BENCH_PORT_BASE") else None
        side_by_side.run(seconds=args.seconds, trials=args.trials, port_base=port_base)
    if args.part == "servers":
        return 0
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest {% static %} reads
    from django.test.utils import override_settings

    from members.models import Unit

    if not Unit.objects.filter(code__startswith="GEN-").exists():
        print(f"Tạo dữ liệu: {args.units} đơn vị, {args.tasks} nhiệm vụ, {args.reports} báo cáo…")
        call_command("generate_province", units=args.units, tasks=args.tasks, reports=args.reports)
    _load_sections()
    bench = Bench(repeat=args.repeat)
    with override_settings(ROOT_URLCONF="tests.perf.urls"):
        from .fixtures import bench_users

        users = bench_users()
        bench.trivial_ms = bench.measure("trivial view", users["secretariat"], "/__bench__/trivial/").ms
        # Run as `python -m`, this file is __main__: sections registered on the importable module.
        only = os.environ.get("BENCH_ONLY", "")  # e.g. BENCH_ONLY=work_plan: run the sections whose name matches
        for run in importlib.import_module("tests.perf.bench").SECTIONS:
            if only in run.__name__:
                run(bench)
    print()
    print(f"{'page':<48} {'median ms':>10} {'× trivial':>10} {'queries':>8} {'status':>7}")
    worst = {False: 0.0, True: 0.0}
    for r in bench.results:
        ratio = r.ms / bench.trivial_ms if bench.trivial_ms else 0.0
        if r.label != "trivial view" and r.target:
            worst[r.cold] = max(worst[r.cold], ratio)
        label = f"{r.label} (cold cache)" if r.cold else r.label
        label = label if r.target else f"{label} *"
        print(f"{label:<48} {r.ms:>10.1f} {ratio:>10.1f} {r.queries:>8} {r.status:>7}")
    print(
        f"\nmục tiêu ≤ {TARGET_RATIO}× trang tối thiểu; cao nhất: {worst[False]:.1f}× (* đo để tham khảo, ngoài mục tiêu)"
    )
    if worst[True]:
        print(f"lần xem đầu tiên sau khi dữ liệu thay đổi (cold cache), cao nhất: {worst[True]:.1f}×")
    cold = [r for r in bench.results if r.cold]
    if cold and bench.trivial_ms:
        top = max(cold, key=lambda r: r.ms)
        print(f"cold cache, mọi trang đo (kể cả *): cao nhất {top.ms / bench.trivial_ms:.1f}× ({top.label})")
    floor = next((r for r in bench.results if r.label == FLOOR_LABEL), None)
    if floor and bench.trivial_ms:
        print(
            f"sàn của mọi trang có giao diện (biểu mẫu đổi mật khẩu, cold cache): {floor.ms:.1f} ms = "
            f"{floor.ms / bench.trivial_ms:.1f}× trang tối thiểu"
        )
        for r in cold:
            if r.target:
                print(f"  {r.label:<46} {r.ms / floor.ms:>5.1f}× sàn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
