"""A private deployment on one machine: network namespaces as hosts, one PostgreSQL, one Redis.

Each "host" is a network namespace joined to the machine by a veth pair on a /30 of 10.231.0.0/16:
the machine's end (the gateway) is where PostgreSQL and Redis listen, the namespace's end is where
that host's gunicorn listens. The namespaces have no other route, so nothing they send leaves
them but to the services started here. `Deployment` starts and stops all of it; every piece it made
is undone by `stop()`, whatever happened before (it is called from a `finally`).

Needs root (namespaces, veth pairs, PostgreSQL run as the postgres user), iproute2 (`ip`),
PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin) and redis-server.
"""

import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
SUBNETS = "10.231"  # the /16 these tests take their addresses from
WEB_PORT = 8000
SITE_HOST = "cchc.test"  # the one name every host serves, as behind a load balancer


def missing_requirement() -> str:
    """Why this machine cannot run the deployment, or "" when it can."""
    if os.geteuid() != 0:
        return "needs root: network namespaces, veth pairs and a PostgreSQL run as the postgres user"
    for tool in ("ip", "runuser", "redis-server"):
        if shutil.which(tool) is None:
            return f"needs {tool} on PATH (iproute2, util-linux, redis-server)"
    if not postgres_bin():
        return "needs PostgreSQL's server binaries in /usr/lib/postgresql/<version>/bin"
    probe = f"steering-probe-{os.getpid()}"
    made = run("ip", "netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"`ip netns add` is refused here: {made.stderr.strip()}"
    run("ip", "netns", "delete", probe, check=False)
    return ""


def postgres_bin() -> Path | None:
    """The bin folder of the newest PostgreSQL installed the Debian way, or None."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def run(*argv: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def free_port(*addresses: str) -> int:
    """A TCP port free on every one of `addresses`."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind((addresses[0], 0))
            port = sock.getsockname()[1]
        try:
            for address in addresses[1:]:
                with socket.socket() as sock:
                    sock.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError(f"no common free port on {addresses}")


@dataclass
class Host:
    """One network namespace: `address` is its own end of the veth pair, `gateway` the machine's."""

    name: str
    namespace: str
    outer: str  # the veth end on the machine
    gateway: str
    address: str

    @property
    def base(self) -> tuple[str, int]:
        return self.address, WEB_PORT


def _third_octet() -> int:
    """A 10.231.x.0/24 no interface of this machine uses yet (the pid's, or the next free one)."""
    used = run("ip", "-4", "-o", "addr", "show").stdout + run("ip", "-4", "route", "show").stdout
    start = os.getpid() % 254 + 1
    for step in range(254):
        octet = (start + step) % 254 + 1
        if f"{SUBNETS}.{octet}." not in used:
            return octet
    raise RuntimeError(f"every {SUBNETS}.x.0/24 is in use")


class Network:
    """Two namespaces joined to the machine; `down()` deletes them and their veth pairs."""

    def __init__(self, names: tuple[str, ...] = ("a", "b")):
        pid = os.getpid()
        octet = _third_octet()
        self.hosts: list[Host] = []
        for i, name in enumerate(names):
            base = 4 * i  # one /30 each: .1/.2, .5/.6, ...
            self.hosts.append(
                Host(
                    name=name,
                    namespace=f"steering-{pid}-{name}",
                    outer=f"vs{pid}{name}",
                    gateway=f"{SUBNETS}.{octet}.{base + 1}",
                    address=f"{SUBNETS}.{octet}.{base + 2}",
                )
            )

    @property
    def gateways(self) -> list[str]:
        return [h.gateway for h in self.hosts]

    def up(self) -> None:
        for h in self.hosts:
            inner = f"{h.outer}n"
            run("ip", "netns", "add", h.namespace)
            run("ip", "link", "add", h.outer, "type", "veth", "peer", "name", inner, "netns", h.namespace)
            run("ip", "addr", "add", f"{h.gateway}/30", "dev", h.outer)
            run("ip", "link", "set", h.outer, "up")
            run("ip", "-n", h.namespace, "link", "set", "lo", "up")
            run("ip", "-n", h.namespace, "addr", "add", f"{h.address}/30", "dev", inner)
            run("ip", "-n", h.namespace, "link", "set", inner, "up")

    def down(self) -> list[str]:
        """Delete what up() made (a missing piece is fine); returns the errors of what remained."""
        errors = []
        for h in self.hosts:
            run("ip", "netns", "delete", h.namespace, check=False)
            run("ip", "link", "delete", h.outer, check=False)  # gone with the namespace, normally
            if h.namespace in run("ip", "netns", "list", check=False).stdout.split():
                errors.append(f"namespace {h.namespace} still exists")
            if run("ip", "link", "show", h.outer, check=False).returncode == 0:
                errors.append(f"veth {h.outer} still exists")
        return errors


class Postgres:
    """A PostgreSQL cluster of its own in `root`, run as the postgres user, listening on `addresses`
    only, trusting connections from their /30 subnets."""

    def __init__(self, root: Path, addresses: list[str]):
        self.bin = postgres_bin()
        self.data = root / "pgdata"
        self.log = root / "postgres.log"
        self.addresses = addresses
        self.port = free_port(*addresses)
        self.started = False

    def _as_postgres(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return run("runuser", "-u", "postgres", "--", *argv, timeout=timeout)

    def start(self) -> None:
        self.data.mkdir(mode=0o700)
        shutil.chown(self.data, "postgres", "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        with (self.data / "pg_hba.conf").open("a") as hba:
            for address in self.addresses:
                hba.write(f"host all all {address}/30 trust\n")
        options = (
            f"-c listen_addresses={','.join(self.addresses)} -p {self.port} "
            f"-c unix_socket_directories={self.data} -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=100"
        )
        self.started = True
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-o", options, "start",
        )  # fmt: skip

    def create_database(self, name: str) -> None:
        import psycopg

        url = self.url(self.addresses[0], "postgres").replace("postgres://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def url(self, address: str, database: str = "steering") -> str:
        return f"postgres://postgres@{address}:{self.port}/{database}"

    def stop(self) -> list[str]:
        if not self.started:
            return []
        result = run(
            "runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.data),
            "-m", "immediate", "-w", "-t", "30", "stop", check=False,
        )  # fmt: skip
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: the postmaster whose pid it wrote goes
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
            return [f"pg_ctl stop failed: {result.stderr.strip()}"]
        return []


class Processes:
    """Long-running processes, each in its own process group with its output in a file."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str], namespace: str = "") -> subprocess.Popen:
        if namespace:
            argv = ["ip", "netns", "exec", namespace, *argv]
        with self.log(name).open("wb") as out:
            proc = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started[name] = proc
        return proc

    def log(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def output(self, name: str) -> str:
        path = self.log(name)
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def tails(self, size: int = 2500) -> str:
        return "\n".join(f"--- {name} ---\n{self.output(name)[-size:]}" for name in self.started)

    def dead(self) -> list[str]:
        return [name for name, proc in self.started.items() if proc.poll() is not None]

    def stop(self) -> None:
        """SIGTERM to every group, SIGKILL to what is left after a grace period."""
        for proc in self.started.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.started.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the group: pool processes, gunicorn's workers
            proc.wait(timeout=10)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    path: str  # the path answered, after redirects


@dataclass
class Visitor:
    """One browser's cookies, sent to whichever host answers (all serve one name, SITE_HOST)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, host: Host, path: str, data: dict | None = None, *, follow: bool = True) -> Response:
        for _ in range(10):
            connection = http.client.HTTPConnection(*host.base, timeout=30)
            headers = {"Host": SITE_HOST}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if data is not None:
                body = urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
                answer = connection.getresponse()
                text = answer.read().decode("utf-8", errors="replace")
            finally:
                connection.close()
            for line in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(line).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.coded_value  # sent back as it came
            location = answer.headers.get("Location")
            if not (follow and answer.status in (301, 302, 303) and location):
                return Response(answer.status, answer.headers, text, path)
            parts = urlsplit(location)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            data = None
        raise RuntimeError(f"too many redirects from {path}")


def new_workdir() -> Path:
    """A fresh folder the postgres user can reach (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="steering-hosts-"))
    path.chmod(0o755)
    return path
