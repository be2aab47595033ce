"""Side-by-side benchmark of real servers: the product, django-helpdesk (the peer) and a bare Django project,
each under gunicorn with the same settings (5 sync workers), on the same PostgreSQL server, loaded in
turns from one small threaded client on loopback.

1. Public intake: loops of GET the public form + POST it (contact details and consent on the hotline's),
   10 users, three trials of each side, alternating. Prints submissions/s, the ratio, p50/p95 of the POST,
   the gunicorn CPU per submission (all its processes, from /proc) and rows created vs successful answers.
2. Middleware: a trivial view (`HttpResponse("ok")`) in the product, behind all its middleware, against the
   same view in a bare Django project; requests/s and CPU per request, and their ratios.

Part of `make bench`; alone: `.venv/bin/python -m tests.perf.servers [--seconds 10] [--trials 3]`.
Ratios measured side by side in one run are the figures to read: on a shared machine the absolute numbers
move with the other load. Every server started here is stopped on exit, Ctrl-C included.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[2]
PEER_DIR = Path(__file__).resolve().parent / "peer"
VAR = ROOT / "var" / "bench"
HELPDESK_VENV = VAR / "helpdesk-venv"
HELPDESK_VERSION = "2.6.1"
WORKERS = 5
USERS = 10
TARGET_INTAKE_RATIO = 2.0
TARGET_P95_MS = 300.0
TARGET_MIDDLEWARE_RATIO = 1.2
CLK_TCK = os.sysconf("SC_CLK_TCK")

_running: list[Server] = []


# --- servers --------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers (its own process group), in seconds."""
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == self.proc.pid:  # pgrp: the server runs in its own session
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLK_TCK

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self in _running:
            _running.remove(self)


def stop_all() -> None:
    for server in list(_running):
        server.stop()


def _on_signal(signum, frame):
    stop_all()
    raise SystemExit(128 + signum)


def _gunicorn_version() -> str:
    text = (ROOT / "requirements.lock").read_text()
    match = re.search(r"^gunicorn==([^\s]+)", text, re.M)
    return match.group(1) if match else "23.0.0"


def _psycopg_version() -> str:
    match = re.search(r"^psycopg==([^\s]+)", (ROOT / "requirements.lock").read_text(), re.M)
    return match.group(1) if match else "3.2.10"


def start_gunicorn(name: str, *, bin_dir: Path, app: str, cwd: Path, env: dict, port: int, probe: str) -> Server:
    """gunicorn with the bench's settings (WORKERS sync workers), in its own process group; waits until
    `probe` answers below 500."""
    log = VAR / f"{name}.log"
    cmd = [
        str(bin_dir / "gunicorn"),
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        "--worker-class=sync",
        "--log-level=warning",
        "--timeout=60",
    ]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(name, port, proc, log)
    _running.append(server)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", probe)
            if conn.getresponse().status < 500:
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not start: " + log.read_text()[-2000:])


def _db_url_with_name(url: str, name: str) -> str:
    parts = urlparse(url)
    return parts._replace(path="/" + name).geturl()


def product_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.perf.product_settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "DEMO_MODE": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(VAR / "static"),
            # One load generator is one IP and a handful of phone numbers: lift the anti-spam limits.
            "HOTLINE_RATE_LIMIT": "100000000/h",
        }
    )
    return env


def start_product(database_url: str, port: int) -> Server:
    env = product_env(database_url)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return start_gunicorn(
        "product",
        bin_dir=ROOT / ".venv/bin",
        app="steering.wsgi:application",
        cwd=ROOT,
        env=env,
        port=port,
        probe="/__bench__/ok/",
    )


def start_bare(database_url: str, port: int) -> Server:
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(PEER_DIR))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return start_gunicorn(
        "bare-django",
        bin_dir=ROOT / ".venv/bin",
        app="bare_site.wsgi:application",
        cwd=PEER_DIR,
        env=env,
        port=port,
        probe="/__bench__/ok/",
    )


# --- the peer: django-helpdesk in its own virtualenv ----------------------------------------------


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def install_helpdesk() -> str | None:
    """Create var/bench/helpdesk-venv with django-helpdesk HELPDESK_VERSION and the product's gunicorn and
    psycopg versions (from PyPI, once); returns None when ready, else why not."""
    wanted = (
        f"django-helpdesk=={HELPDESK_VERSION} gunicorn=={_gunicorn_version()} psycopg[binary]=={_psycopg_version()}"
    )
    marker = HELPDESK_VENV / ".bench-installed"
    if marker.exists() and marker.read_text() == wanted:
        return None
    python = HELPDESK_VENV / "bin" / "python"
    if not python.exists():
        done = _run([sys.executable, "-m", "venv", str(HELPDESK_VENV)])
        if done.returncode:
            return "venv: " + done.stderr[-500:]
    print(f"Cài đặt {wanted.split()[0]} vào {HELPDESK_VENV.relative_to(ROOT)}…", flush=True)
    done = _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted.split()])
    if done.returncode:
        return "pip install: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    marker.write_text(wanted)
    return None


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    params = {"host": parts.hostname or "127.0.0.1", "port": parts.port or 5432, "user": parts.username or "postgres"}
    if parts.password:
        params["password"] = parts.password
    name = parts.path.lstrip("/")
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def helpdesk_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "PYTHONPATH": str(PEER_DIR),
            "DJANGO_SETTINGS_MODULE": "helpdesk_site.settings",
            "BENCH_HELPDESK_DATABASE_URL": database_url,
            "BENCH_HELPDESK_MEDIA_ROOT": str(VAR / "helpdesk-media"),
            "BENCH_HELPDESK_STATIC_ROOT": str(VAR / "helpdesk-static"),
        }
    )
    return env


SETUP_QUEUE = (
    "from helpdesk.models import Queue;"
    "Queue.objects.get_or_create(slug='public', defaults={'title': 'Public', 'allow_public_submission': True})"
)


def start_helpdesk(database_url: str, port: int) -> Server | str:
    """The peer up and serving, or why it could not be (the bench then goes on without it)."""
    why = install_helpdesk()
    if why:
        return why
    _ensure_database(database_url)
    env = helpdesk_env(database_url)
    python = str(HELPDESK_VENV / "bin" / "python")
    for cmd in (["-m", "django", "migrate", "--noinput", "-v0"], ["-m", "django", "shell", "-c", SETUP_QUEUE]):
        done = _run([python, *cmd], cwd=PEER_DIR, env=env)
        if done.returncode:
            return f"{' '.join(cmd[2:3])}: " + done.stderr[-800:]
    try:
        return start_gunicorn(
            "django-helpdesk",
            bin_dir=HELPDESK_VENV / "bin",
            app="helpdesk_site.wsgi:application",
            cwd=PEER_DIR,
            env=env,
            port=port,
            probe="/tickets/submit/",
        )
    except RuntimeError as exc:
        return str(exc)


def helpdesk_rows(database_url: str, prefix: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM helpdesk_ticket WHERE title LIKE %s", [prefix + "%"]).fetchone()
        return row[0] if row else 0


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
    peer_db = _db_url_with_name(base_url, f"{db['NAME']}_helpdesk")
    ports = [port_base + i for i in range(3)] if port_base else [_free_port() for _ in range(3)]
    ensure_categories()
    category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    atexit.register(stop_all)
    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGHUP)}
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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
