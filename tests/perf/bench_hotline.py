"""Hotline benchmark: inbox, dashboard and public pages at 100,000 reports, and the public intake
under load against gunicorn on PostgreSQL (a small threaded load generator on loopback).

Part of `make bench` (a `@section`); alone, with the same database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steering_bench REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python -m tests.perf.bench_hotline --seconds 20 --threads 16

The intake run starts gunicorn (DEBUG off, rate limits raised for the run: one load generator is
one IP), posts the public form from N threads for S seconds, and checks that the reports in the
database equal the successful responses.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

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
    # For reference (the hotline issue set a throughput target, measured by hotline_intake).
    bench.measure("hotline inbox (operator)", users["hotline_operator"], "/hotline/inbox/", target=False)
    bench.measure("hotline inbox: overdue", users["hotline_operator"], "/hotline/inbox/?view=overdue", target=False)
    bench.measure(
        "hotline inbox: search",
        users["hotline_operator"],
        "/hotline/inbox/?view=all&q=minh+h%E1%BB%8Da+s%E1%BB%91+99",
        target=False,
    )
    bench.measure("hotline hot spots (leadership)", users["leadership"], "/hotline/hot-spots/", target=False)
    bench.measure("hotline unit list (focal point)", users["hotline_focal"], "/hotline/unit/?view=all", target=False)
    bench.measure("hotline report page", users["hotline_operator"], f"/hotline/reports/{report.pk}/", target=False)
    bench.measure("hotline published answers", users["leadership"], "/hotline/answers/", target=False)


@section
def hotline_intake(bench: Bench) -> None:
    result = intake_load(
        seconds=int(os.environ.get("BENCH_INTAKE_SECONDS", 15)), threads=int(os.environ.get("BENCH_INTAKE_THREADS", 16))
    )
    print_intake(result)


# --- the load generator -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "steering.settings",
            "DEBUG": "0",
            "DEMO_MODE": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            # One load generator is one IP and a handful of phone numbers: lift the anti-spam limits.
            "HOTLINE_RATE_LIMIT": "100000000/h",
        }
    )
    # DEBUG off serves hashed static files: collect them once into a scratch directory.
    env["STATIC_ROOT"] = tempfile.mkdtemp(prefix="bench-static-")
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "steering.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        "--threads=4",
        "--log-level=warning",
        "--timeout=60",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/hotline/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not start: " + (proc.stderr.read().decode()[-2000:] if proc.stderr else ""))


def _worker(port: int, run_id: str, n: int, stop: float, category: int, latencies: list, outcomes: dict, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/hotline/")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    i = 0
    while time.monotonic() < stop:
        i += 1
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "submitter_type": "individual",
                "contact_name": "Người thử tải",
                "contact_phone": f"09{n:02d}{i % 1000000:06d}",
                "contact_email": "",
                "category": category,
                "title": f"Bench {run_id} {n}-{i}",
                "content": "Phản ánh tạo bởi bộ đo tải.",
                "consent": "on",
                "website": "",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{port}/hotline/",
        }
        started = time.perf_counter()
        try:
            conn.request("POST", "/hotline/", body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            # The form redirects to its receipt (post/redirect/get): a 302 to /hotline/receipt/ is a filed report.
            ok = resp.status == 302 and resp.getheader("Location", "").endswith("/hotline/receipt/")
            key = "ok" if ok else str(resp.status)
        except (OSError, http.client.HTTPException) as exc:
            key = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1
            if key == "ok":
                latencies.append(elapsed)
    conn.close()


def intake_load(*, seconds: int = 15, threads: int = 16, workers: int | None = None) -> dict:
    from hotline.models import Category, Report
    from hotline.reference import ensure_categories

    ensure_categories()
    category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    workers = workers or (2 * (os.cpu_count() or 1) + 1)
    port = _free_port()
    run_id = uuid.uuid4().hex[:8]
    proc = _start_gunicorn(port, workers)
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    try:
        stop = time.monotonic() + seconds
        started = time.monotonic()
        pool = [
            threading.Thread(target=_worker, args=(port, run_id, n, stop, category, latencies, outcomes, lock))
            for n in range(threads)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        wall = time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    saved = Report.objects.filter(title__startswith=f"Bench {run_id} ").count()
    latencies.sort()
    return {
        "seconds": wall,
        "threads": threads,
        "workers": workers,
        "ok": outcomes.get("ok", 0),
        "outcomes": outcomes,
        "per_second": outcomes.get("ok", 0) / wall if wall else 0,
        "p50": statistics.median(latencies) if latencies else 0,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
        "saved": saved,
    }


def print_intake(r: dict) -> None:
    print()
    print(
        f"Tiếp nhận phản ánh (gunicorn {r['workers']} tiến trình × 4 luồng, {r['threads']} luồng tải, {r['seconds']:.0f} s): "
        f"{r['per_second']:.1f} phản ánh/giây, p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms; "
        f"kết quả {r['outcomes']}; trong CSDL {r['saved']} = thành công {r['ok']}: {'ĐÚNG' if r['saved'] == r['ok'] else 'SAI'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hotline benchmark (pages at 100k reports, intake under load)")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--reports", type=int, default=REPORTS)
    parser.add_argument("--skip-pages", action="store_true")
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
    if not args.skip_pages:
        ensure_reports(args.reports)
        b = Bench(repeat=5)
        with override_settings(ROOT_URLCONF="tests.perf.urls"):
            b.trivial_ms = b.measure("trivial view", hotline_users()["leadership"], "/__bench__/trivial/").ms
            hotline_pages(b)
        for res in b.results:
            print(
                f"{res.label:<42} {res.ms:>8.1f} ms {res.ms / b.trivial_ms:>6.1f}× {res.queries:>4} truy vấn {res.status}"
            )
    print_intake(intake_load(seconds=args.seconds, threads=args.threads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
