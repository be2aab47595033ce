"""Side-by-side benchmark of real servers: the product, django-helpdesk (the peer) and a bare Django project,
each under gunicorn with the same settings (5 sync workers), on the same PostgreSQL server, loaded in
turns from one small threaded client on loopback.

1. Public intake: loops of GET the public form + POST it (contact details and consent on the hotline's),
   10 users, three trials of each side, alternating. Prints submissions/s, the ratio, p50/p95 of the POST,
   the gunicorn CPU per submission (all its processes, from /proc) and rows created vs successful answers.
2. Middleware: a trivial view (`HttpResponse("ok")`) in the product, behind all its middleware, against the
   same view in a bare Django project; requests/s and CPU per request, and their ratios.

Part of `make bench`; alone: `.venv/bin/python -m tests.perf.side_by_side [--seconds 10] [--trials 3]`.
Ratios measured side by side in one run are the figures to read: on a shared machine the absolute numbers
move with the other load. Every server started here is stopped on exit, Ctrl-C included.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import os
import re
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .servers import (
    VAR,
    WORKERS,
    Server,
    db_url_with_name,
    free_port,
    helpdesk_rows,
    on_signal,
    start_bare,
    start_helpdesk,
    start_product,
    stop_all,
)

USERS = 10
TARGET_INTAKE_RATIO = 2.0
TARGET_P95_MS = 300.0
TARGET_MIDDLEWARE_RATIO = 1.2


# --- the load ---------------------------------------------------------------------------------------

_CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="form_token" value="([^"]*)"')


@dataclass
class Trial:
    side: str
    seconds: float
    ok: int = 0
    outcomes: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    cpu: float = 0.0
    rows: int | None = None

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


class Intake:
    """One side's public form: where it is, what to post, how success looks."""

    def __init__(self, side: str, path: str, fields, success):
        self.side, self.path, self.fields, self.success = side, path, fields, success


def hotline_intake(category: int) -> Intake:
    def fields(html: str, title: str, n: int, i: int) -> dict:
        token = _FORM_TOKEN.search(html)
        return {
            "form_token": token.group(1) if token else "",
            "submitter_type": "individual",
            "contact_name": "Người thử tải",
            "contact_phone": f"09{n:02d}{i % 1000000:06d}",
            "contact_email": f"nguoi{n}.{i}@bench.example.vn",
            "category": category,
            "title": title,
            "content": "Phản ánh tạo bởi bộ đo tải.",
            "consent": "on",
            "website": "",
        }

    def success(response) -> bool:
        return response.status == 302 and response.getheader("Location", "").endswith("/hotline/receipt/")

    return Intake("product", "/hotline/", fields, success)


def helpdesk_intake() -> Intake:
    def fields(html: str, title: str, n: int, i: int) -> dict:
        return {
            "title": title,
            "body": "Ticket created by the load generator.",
            "submitter_email": f"u{n}.{i}@b.example",
        }

    def success(response) -> bool:
        return response.status == 302 and "ticket=" in response.getheader("Location", "")

    return Intake("django-helpdesk", "/tickets/submit/", fields, success)


def _intake_user(port: int, intake: Intake, prefix: str, n: int, stop_at: float, trial: Trial, lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = ""
    i = 0
    while time.monotonic() < stop_at:
        i += 1
        try:
            headers = {"Cookie": f"csrftoken={cookie}"} if cookie else {}
            conn.request("GET", intake.path, headers=headers)
            page = conn.getresponse()
            html = page.read().decode()
            found = _CSRF_COOKIE.search(page.getheader("Set-Cookie") or "")
            cookie = found.group(1) if found else cookie
            body = dict(intake.fields(html, f"{prefix}{n}-{i}", n, i))
            body["csrfmiddlewaretoken"] = _CSRF_FIELD.search(html).group(1)
            started = time.perf_counter()
            conn.request(
                "POST",
                intake.path,
                body=urlencode(body),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                    "Referer": f"http://127.0.0.1:{port}{intake.path}",
                },
            )
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            key = "ok" if intake.success(response) else str(response.status)
        except (OSError, http.client.HTTPException, AttributeError) as exc:
            key, elapsed = type(exc).__name__, 0.0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            trial.outcomes[key] = trial.outcomes.get(key, 0) + 1
            if key == "ok":
                trial.ok += 1
                trial.latencies.append(elapsed)
    conn.close()


def _trivial_user(port: int, path: str, stop_at: float, trial: Trial, lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    ok = 0
    other: dict[str, int] = {}
    while time.monotonic() < stop_at:
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                other[str(response.status)] = other.get(str(response.status), 0) + 1
        except (OSError, http.client.HTTPException) as exc:
            other[type(exc).__name__] = other.get(type(exc).__name__, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()
    with lock:
        trial.ok += ok
        for key, n in other.items():
            trial.outcomes[key] = trial.outcomes.get(key, 0) + n


def run_trial(server: Server, seconds: float, target, args_for) -> Trial:
    """Run `target(*args_for(n, stop_at, trial, lock))` in USERS threads for `seconds`; CPU from /proc."""
    trial = Trial(server.name, seconds)
    lock = threading.Lock()
    cpu_before = server.cpu_seconds()
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=target, args=args_for(n, stop_at, trial, lock), daemon=True) for n in range(USERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    trial.seconds = time.monotonic() - started
    trial.cpu = server.cpu_seconds() - cpu_before
    trial.outcomes.setdefault("ok", trial.ok)
    return trial


# --- report -----------------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))]


def _summary(trials: list[Trial]) -> dict:
    ok = sum(t.ok for t in trials)
    seconds = sum(t.seconds for t in trials)
    latencies = [x for t in trials for x in t.latencies]
    failed = {}
    for t in trials:
        for key, n in t.outcomes.items():
            if key != "ok":
                failed[key] = failed.get(key, 0) + n
    return {
        "per_second": ok / seconds if seconds else 0.0,
        "trials": [round(t.per_second, 1) for t in trials],
        "ok": ok,
        "failed": failed,
        "p50": _pct(latencies, 0.50),
        "p95": _pct(latencies, 0.95),
        "cpu_ms": 1000 * sum(t.cpu for t in trials) / ok if ok else 0.0,
        "rows": sum(t.rows or 0 for t in trials) if all(t.rows is not None for t in trials) else None,
    }


def _load_line() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"máy {os.cpu_count()} lõi, tải trung bình {one:.1f} (1 phút) / {five:.1f} (5 phút)"


def intake_comparison(
    product: Server, peer: Server | str, *, seconds: float, trials: int, category: int, product_rows, peer_db: str
) -> dict:
    """Alternate `trials` trials of each side; returns the two summaries (peer None when it is not running)."""
    sides = [(product, hotline_intake(category), product_rows)]
    if isinstance(peer, Server):
        sides.append((peer, helpdesk_intake(), lambda prefix: helpdesk_rows(peer_db, prefix)))
    results: dict[str, list[Trial]] = {server.name: [] for server, _i, _r in sides}
    for server, intake, _rows in sides:  # warm-up: workers import, connect, fill their caches
        run_trial(
            server,
            3,
            _intake_user,
            lambda n, stop, t, lock, s=server, i=intake: (s.port, i, f"Warm {uuid.uuid4().hex[:6]} ", n, stop, t, lock),
        )
    for k in range(trials):
        for server, intake, rows in sides:
            prefix = f"Bench {uuid.uuid4().hex[:8]} "
            trial = run_trial(
                server,
                seconds,
                _intake_user,
                lambda n, stop, t, lock, s=server, i=intake, p=prefix: (s.port, i, p, n, stop, t, lock),
            )
            trial.rows = rows(prefix)
            results[server.name].append(trial)
            print(
                f"  lượt {k + 1} {server.name:<16} {trial.per_second:7.1f} lượt gửi/giây "
                f"(CPU {trial.cpu:.1f} s; {dict(sorted(trial.outcomes.items()))})",
                flush=True,
            )
    return {name: _summary(ts) for name, ts in results.items()}


def middleware_comparison(product: Server, bare: Server, *, seconds: float, trials: int) -> dict:
    results: dict[str, list[Trial]] = {product.name: [], bare.name: []}
    for server in (product, bare):
        run_trial(
            server, 2, _trivial_user, lambda n, stop, t, lock, s=server: (s.port, "/__bench__/ok/", stop, t, lock)
        )
    for k in range(trials):
        for server in (product, bare):
            trial = run_trial(
                server,
                seconds,
                _trivial_user,
                lambda n, stop, t, lock, s=server: (s.port, "/__bench__/ok/", stop, t, lock),
            )
            results[server.name].append(trial)
            print(
                f"  lượt {k + 1} {server.name:<16} {trial.per_second:7.1f} yêu cầu/giây "
                f"(CPU {trial.cpu:.1f} s; {dict(sorted(trial.outcomes.items()))})",
                flush=True,
            )
    return {name: _summary(ts) for name, ts in results.items()}


def print_report(intake: dict, peer_problem: str | None, middleware: dict, *, seconds: float, trials: int) -> None:
    print()
    print(f"== Đo hiệu năng phía máy chủ ({_load_line()}) ==")
    print(
        f"gunicorn {WORKERS} tiến trình sync mỗi bên, {USERS} người dùng ảo, {trials} lượt × {seconds:.0f} s mỗi bên, "
        "xen kẽ; cùng máy chủ PostgreSQL"
    )
    print()
    print("1. Tiếp nhận công khai: tải biểu mẫu (GET) + gửi (POST)")
    head = f"   {'':<17}{'gửi/giây':>9} {'các lượt':>20} {'POST p50':>9} {'POST p95':>9} {'CPU/lượt':>9} {'thành công':>11} {'dòng mới':>9}"
    print(head)
    for name, s in intake.items():
        rows = "?" if s["rows"] is None else str(s["rows"])
        print(
            f"   {name:<17}{s['per_second']:>9.1f} {str(s['trials']):>20} {s['p50']:>7.0f}ms {s['p95']:>7.0f}ms "
            f"{s['cpu_ms']:>7.1f}ms {s['ok']:>11} {rows:>9}"
        )
        if s["failed"]:
            print(f"   {'':<17}không thành công: {s['failed']}")
    ours = intake.get("product")
    peer = intake.get("django-helpdesk")
    if ours and peer and peer["per_second"]:
        ratio = ours["per_second"] / peer["per_second"]
        cpu_ratio = peer["cpu_ms"] / ours["cpu_ms"] if ours["cpu_ms"] else 0.0
        print(
            f"   tỷ lệ lượt gửi/giây sản phẩm / django-helpdesk: {ratio:.2f}× (mục tiêu ≥ {TARGET_INTAKE_RATIO:.0f}×); "
            f"CPU mỗi lượt django-helpdesk / sản phẩm: {cpu_ratio:.2f}×"
        )
    elif peer_problem:
        print(f"   django-helpdesk không chạy được: {peer_problem}")
    if ours:
        lost = ours["rows"] is not None and ours["rows"] != ours["ok"]
        print(
            f"   POST p95 của sản phẩm: {ours['p95']:.0f} ms (mục tiêu < {TARGET_P95_MS:.0f} ms); "
            f"dòng mới = lượt thành công: {'SAI' if lost else 'ĐÚNG'}"
            + ("" if not peer else f" (django-helpdesk: {'ĐÚNG' if peer['rows'] == peer['ok'] else 'SAI'})")
        )
    print()
    print('2. Middleware: trang tối thiểu HttpResponse("ok"), khách chưa đăng nhập')
    for name, s in middleware.items():
        print(
            f"   {name:<17}{s['per_second']:>9.1f} yêu cầu/giây {str(s['trials']):>22}  CPU {s['cpu_ms']:.2f} ms/yêu cầu"
        )
    ours, bare = middleware.get("product"), middleware.get("bare-django")
    if ours and bare and ours["per_second"] and bare["cpu_ms"]:
        print(
            f"   tỷ lệ sản phẩm / Django trần: thời gian mỗi yêu cầu {bare['per_second'] / ours['per_second']:.2f}×, "
            f"CPU mỗi yêu cầu {ours['cpu_ms'] / bare['cpu_ms']:.2f}× (mục tiêu ≤ {TARGET_MIDDLEWARE_RATIO}×)"
        )


# --- entry points -----------------------------------------------------------------------------------


def run(*, seconds: float, trials: int, port_base: int | None = None) -> None:
    """Start the three servers, run both comparisons, print the figures, stop the servers."""
    from django.conf import settings

    from hotline.models import Category, Report
    from hotline.reference import ensure_categories

    VAR.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    auth = f"{db.get('USER') or 'postgres'}" + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    base_url = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    peer_db = db_url_with_name(base_url, f"{db['NAME']}_helpdesk")
    ports = [port_base + i for i in range(3)] if port_base else [free_port() for _ in range(3)]
    ensure_categories()
    category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    atexit.register(stop_all)
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        print("Khởi động máy chủ: sản phẩm, django-helpdesk, Django trần…", flush=True)
        product = start_product(base_url, ports[0])
        peer = start_helpdesk(peer_db, ports[1])
        if not isinstance(peer, Server):
            print(f"  django-helpdesk: không chạy được ({peer}); đo tiếp phần còn lại.", flush=True)
        bare = start_bare(base_url, ports[2])
        print("Tiếp nhận công khai…", flush=True)
        intake = intake_comparison(
            product,
            peer,
            seconds=seconds,
            trials=trials,
            category=category,
            product_rows=lambda prefix: Report.objects.filter(title__startswith=prefix).count(),
            peer_db=peer_db,
        )
        print("Middleware…", flush=True)
        middleware = middleware_comparison(product, bare, seconds=seconds, trials=trials)
    finally:
        stop_all()
        for s, handler in previous.items():
            signal.signal(s, handler)
    print_report(intake, None if isinstance(peer, Server) else peer, middleware, seconds=seconds, trials=trials)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_TRIAL_SECONDS", 10)))
    parser.add_argument("--trials", type=int, default=int(os.environ.get("BENCH_TRIALS", 3)))
    args = parser.parse_args(argv)
    from . import bench

    bench.setup_django()
    port_base = int(os.environ["BENCH_PORT_BASE"]) if os.environ.get("BENCH_PORT_BASE") else None
    run(seconds=args.seconds, trials=args.trials, port_base=port_base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
