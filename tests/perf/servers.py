"""The servers of `make bench`'s side-by-side run: the product, django-helpdesk (the peer, in its own
virtualenv under var/bench) and a bare Django project (tests/perf/peer), each under gunicorn with the same
settings (WORKERS sync workers) on the same PostgreSQL server, in its own process group so that it can be
stopped whole, on exit and on Ctrl-C (`stop_all`). The load and the figures are tests/perf/side_by_side.py.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PEER_DIR = Path(__file__).resolve().parent / "peer"
VAR = ROOT / "var" / "bench"
HELPDESK_VENV = VAR / "helpdesk-venv"
HELPDESK_VERSION = "2.6.1"
WORKERS = 5
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


def on_signal(signum, frame):
    """Stop every server, then exit (Ctrl-C, SIGTERM, SIGHUP; also when SIGINT came in ignored)."""
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


def db_url_with_name(url: str, name: str) -> str:
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


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
