"""`make run`'s script (scripts/run-all.sh) stops the web server, the Celery worker and beat on Ctrl-C,
SIGTERM and SIGHUP, and leaves no process behind.

The script starts as `make run` starts it, on SQLite and Celery's filesystem transport under a private
VAR_DIR, in a session of its own; once all three services answer, the test sends one signal either to the
script alone (what a process manager does) or to the terminal's process group (Ctrl-C, a closed terminal),
and checks that no process of the session remains. Before the script ran each service in its own process
group, a SIGTERM to the group reached the worker's pool processes too, and the worker waited for them in
its warm shutdown forever.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run-all.sh"

pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_processes(sid: int) -> list[str]:
    """Every running process whose session id is `sid`, as 'pid command' lines (an exited one not yet
    reaped by its parent, a zombie, is not running)."""
    out = subprocess.run(["ps", "-e", "-o", "sid=,pid=,stat=,args="], capture_output=True, text=True, check=True)
    rows = []
    for line in out.stdout.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[0] == str(sid) and not parts[2].startswith("Z"):
            rows.append(f"{parts[1]} {parts[3]}")
    return rows


def _wait(predicate, seconds: float, what: str, log: Path, sid: int) -> float:
    """Seconds until `predicate()` held; fails the test after `seconds`, with the session's processes."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.3)
    left = "\n".join(_session_processes(sid))
    pytest.fail(f"{what} after {seconds:.0f} s; processes:\n{left}\noutput:\n{log.read_text(errors='replace')[-3000:]}")


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.parametrize(
    ("sig", "to_group", "via_parent"),
    [
        (signal.SIGINT, True, False),  # Ctrl-C in the terminal
        (signal.SIGTERM, False, False),  # a process manager stopping the main process
        (signal.SIGTERM, True, False),  # `kill -- -<group>`
        (signal.SIGHUP, True, False),  # the terminal closes
        (signal.SIGKILL, False, True),  # what started the script dies without passing anything on
    ],
    ids=["ctrl-c", "sigterm", "sigterm-group", "sighup", "parent-gone"],
)
def test_one_signal_stops_web_worker_and_beat(tmp_path, sig, to_group, via_parent):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="1",
        DEMO_MODE="1",
        PORT=str(port),
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="steering.settings",
        STOP_GRACE="30",
    )
    log = tmp_path / "run-all.log"
    with log.open("wb") as out:
        # "; :" keeps the parent shell (bash would exec a last command).
        command = ["bash", "-c", f"bash {SCRIPT}; :"] if via_parent else ["bash", str(SCRIPT)]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait(lambda: _answers(port), 60, "the web server did not answer", log, process.pid)
        _wait(lambda: "ready." in log.read_text(errors="replace"), 60, "the worker did not start", log, process.pid)
        _wait(lambda: "beat: Starting" in log.read_text(errors="replace"), 60, "beat did not start", log, process.pid)
        # The worker's pool is up: a signal to the group must not reach it.
        _wait(lambda: len(_session_processes(process.pid)) >= 5, 30, "the services did not all start", log, process.pid)

        if to_group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)

        # The script waits STOP_GRACE (30 s here, generous for a loaded machine) before it forces a stop; a
        # clean stop takes a few seconds.
        _wait(lambda: not _session_processes(process.pid), 45, "processes remained", log, process.pid)
        # Within the script's grace: every service stopped on its own, none had to be forced.
        assert "buộc dừng" not in log.read_text(errors="replace")
        assert process.wait(timeout=5) != 0 or sig == signal.SIGINT
        assert "Warm shutdown" in log.read_text(errors="replace")
        assert "exited with 'signal 15" not in log.read_text(errors="replace")
    finally:
        for line in _session_processes(process.pid):
            os.kill(int(line.split()[0]), signal.SIGKILL)
