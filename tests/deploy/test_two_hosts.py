"""The product scaled out: two web hosts and two workers on one PostgreSQL and one Redis, one beat.

Two network namespaces stand for two machines (tests/deploy/stack.py): each runs gunicorn (two
processes) and a Celery worker; host A also runs the one Celery beat. A private PostgreSQL cluster
and a private redis-server listen on the machine's ends of the veth pairs only. Everything runs
with the production settings (DEBUG=0), both hosts serving one site name as behind a load balancer.

What must hold across hosts:
- a session made by logging in on A is valid on B, and logging out on B ends it on A (sessions in
  the database);
- a public hotline report submitted on A is in the operator's inbox on B at once;
- the shared cache (core/shared_cache.py) is one: the operator's home panel of hotline counts, cached
  by B, is served to A from the same entry, and a write on either host shows on the other's next view;
- two workers racing over the same reminders (the monthly review's fan-out job twice, as a
  redelivered beat tick, and the cycle job six times at once) send each reminder exactly once
  (reviews/reminders.py, core/delivery.py).

Needs root, iproute2, PostgreSQL's server binaries and redis-server: skipped without them, except in
CI (CI=true), where their absence fails the test. Everything started is stopped and removed at the
end, whether the test passed or not.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.urls import reverse

from tests.deploy import seed
from tests.deploy.stack import (
    ROOT,
    SITE_HOST,
    WEB_PORT,
    Host,
    Network,
    Postgres,
    Processes,
    Visitor,
    free_port,
    missing_requirement,
    new_workdir,
)
from tests.production.conftest import BIN, production_env
from tests.production.htmlforms import fill_hotline_form, hotline_form, parse_forms

pytestmark = pytest.mark.production

STARTUP_DEADLINE = 60.0
JOB_DEADLINE = 240.0  # a bound on waiting, generous for a machine running other tests beside it
CYCLE_COPIES = 6  # cycle jobs sent at once, besides the two the fan-out jobs enqueue


class Deployment:
    """The network, PostgreSQL, Redis and the app's processes; `stop()` undoes all of it."""

    def __init__(self):
        self.workdir = new_workdir()
        self.network = Network()
        self.a, self.b = self.network.hosts
        self.processes = Processes(self.workdir)
        self.postgres: Postgres | None = None
        self.password = secrets.token_urlsafe(16)
        self.committee_id = 0
        self.redis_port = 0
        self.leftovers: list[str] = []
        self.base_env: dict[str, str] = {}
        self.began = time.monotonic()
        self.timings: list[tuple[str, float]] = []

    # --- starting -------------------------------------------------------------------------------

    def env(self, host: Host) -> dict[str, str]:
        """Production settings, reaching PostgreSQL and Redis through `host`'s gateway; the rest (the
        SECRET_KEY above all: sessions are signed with it) the same on every host."""
        assert self.postgres is not None
        if not self.base_env:
            self.base_env = production_env(self.workdir, database_url="")
            self.base_env.update(
                {
                    "ALLOWED_HOSTS": SITE_HOST,
                    "SITE_URL": f"http://{SITE_HOST}",
                    "REVIEW_MAIL_BATCH_SIZE": "2",  # more batches, more chances for the workers to interleave
                }
            )
        return self.base_env | {
            "DATABASE_URL": self.postgres.url(host.gateway),
            "REDIS_URL": f"redis://{host.gateway}:{self.redis_port}/0",
        }

    def manage(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """`manage.py args...` on the machine (outside the namespaces), its output in `name`.log."""
        return self.processes.start(name, [sys.executable, str(ROOT / "manage.py"), *args], env or self.env(self.a))

    def finish(self, proc: subprocess.Popen, name: str) -> str:
        proc.wait(timeout=300)
        output = self.processes.output(name)
        del self.processes.started[name]
        assert proc.returncode == 0, f"manage.py {name} failed:\n{output[-4000:]}"
        self.phase(name)
        return output

    def phase(self, name: str) -> None:
        self.timings.append((name, round(time.monotonic() - self.began, 1)))

    def start(self) -> None:
        self.network.up()
        self.postgres = Postgres(self.workdir, self.network.gateways)
        self.redis_port = free_port(*self.network.gateways)
        static = self.manage("collectstatic", "collectstatic", "--noinput")  # needs no database: at once
        self.processes.start(
            "redis",
            [
                "redis-server", "--bind", *self.network.gateways, "--port", str(self.redis_port),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                "--dir", str(self.workdir),
            ],
            env=dict(os.environ),
        )  # fmt: skip
        self.postgres.start()
        self.postgres.create_database("steering")
        self.phase("postgres")
        migrating = self.manage("migrate", "migrate", "--noinput")
        # The hosts boot while the database is migrated and the static files compressed: nothing reads
        # the database or renders a page before the first request.
        for host in self.network.hosts:
            self.processes.start(
                f"web-{host.name}",
                [
                    str(BIN / "gunicorn"), "steering.wsgi", "--workers", "2", "--bind", f"{host.address}:{WEB_PORT}",
                    "--timeout", "30", "--graceful-timeout", "5",
                ],
                env=self.env(host),
                namespace=host.namespace,
            )  # fmt: skip
            self.processes.start(
                f"worker-{host.name}",
                [
                    str(BIN / "celery"), "-A", "steering", "worker", "--loglevel=INFO", "--concurrency=2",
                    f"--hostname=worker-{host.name}@%h", "--without-gossip", "--without-mingle",
                ],
                env=self.env(host),
                namespace=host.namespace,
            )  # fmt: skip
        self.processes.start(
            "beat",
            [str(BIN / "celery"), "-A", "steering", "beat", "--loglevel=INFO", f"--schedule={self.workdir / 'beat'}"],
            env=self.env(self.a),
            namespace=self.a.namespace,
        )
        self.finish(migrating, "migrate")
        seeding = self.manage(
            "seed",
            *("shell", "--no-imports", "-c", "from tests.deploy.seed import run; run()"),
            env=self.env(self.a) | {"DEPLOY_TEST_PASSWORD": self.password},
        )
        self.committee_id = int(self.finish(seeding, "seed").strip().splitlines()[-1])
        self.finish(static, "collectstatic")
        for host in self.network.hosts:
            self.wait(lambda h=host: self.healthy(h), STARTUP_DEADLINE, f"host {host.name} to answer /healthz")
            self.wait(
                lambda h=host: re.search(r"worker-\w+@\S+ ready", self.processes.output(f"worker-{h.name}")),
                STARTUP_DEADLINE,
                f"the worker on host {host.name} to be ready",
            )
        self.phase("hosts up")

    def healthy(self, host: Host) -> bool:
        try:
            return Visitor().request(host, "/healthz").status == 200
        except OSError:
            return False

    # --- reading what happened ------------------------------------------------------------------

    def wait(self, predicate, deadline_s: float, what: str):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            dead = self.processes.dead()
            assert not dead, f"{dead} exited early:\n{self.processes.tails()}"
            failed = self.job_failures()
            assert not failed, "a job failed:\n" + "\n\n".join(failed)
            time.sleep(0.2)  # polling live processes against a deadline
        pytest.fail(f"timed out waiting for {what}\n{self.processes.tails()}")

    def redis(self):
        import redis

        return redis.Redis(host=self.a.gateway, port=self.redis_port)

    def scalar(self, sql: str, params: tuple = ()):
        import psycopg

        assert self.postgres is not None
        url = self.postgres.url(self.a.gateway).replace("postgres://", "postgresql://")
        with psycopg.connect(url) as conn:
            return conn.execute(sql, params).fetchone()

    def messages(self) -> list:
        found = []
        for path in sorted((self.workdir / "mail").glob("*.log")):
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(message_from_bytes(chunk.strip()))
        return found

    def successes(self, job: str, host: Host | None = None) -> int:
        hosts = [host] if host else self.network.hosts
        pattern = re.compile(rf"Task {re.escape(job)}\[[0-9a-f-]+\] succeeded")
        return sum(len(pattern.findall(self.processes.output(f"worker-{h.name}"))) for h in hosts)

    def job_failures(self) -> list[str]:
        """What the workers logged of each job that raised (Celery's "raised unexpected" line and what follows)."""
        found = []
        for host in self.network.hosts:
            output = self.processes.output(f"worker-{host.name}")
            found += [
                output[m.start() : m.start() + 4000] for m in re.finditer(r"Task \S+\[[0-9a-f-]+\] raised", output)
            ]
        return found

    # --- stopping -------------------------------------------------------------------------------

    def stop(self, keep_logs_in: Path) -> list[str]:
        """Stop and remove everything, each step whatever the others did; the logs are copied to
        `keep_logs_in` first. Returns what remained."""
        errors: list[str] = []
        for step in (self.processes.stop, self._stop_postgres, self._network_down):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - every step runs; the errors are reported together
                errors.append(f"{step.__name__}: {exc!r}")
        for log in self.workdir.glob("*.log"):
            shutil.copy(log, keep_logs_in)
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self.workdir.exists():
            errors.append(f"{self.workdir} not removed")
        return errors + self.leftovers

    def _stop_postgres(self) -> None:
        if self.postgres is not None:
            self.leftovers += self.postgres.stop()

    def _network_down(self) -> None:
        self.leftovers += self.network.down()


@pytest.fixture
def deployment(tmp_path):
    reason = missing_requirement()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the multi-host deployment test: {reason}")
        pytest.skip(reason)
    stack = Deployment()
    try:
        stack.start()
        yield stack
    finally:
        leftovers = stack.stop(keep_logs_in=tmp_path)
        stack.phase("stopped")
        print(f"seconds since the start: {stack.timings}; logs in {tmp_path}")
    assert not leftovers, leftovers


def log_in(visitor: Visitor, host: Host, username: str, password: str) -> None:
    page = visitor.request(host, reverse("login"))
    form = next(f for f in parse_forms(page.body) if "password" in f.names())
    token = next(i["value"] for i in form.inputs if i["name"] == "csrfmiddlewaretoken")
    answer = visitor.request(
        host, reverse("login"), {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"}
    )
    assert answer.status == 200 and answer.path == "/", answer.body[:2000]


def new_reports(page: str) -> int:
    """The operator's home panel: the number of new hotline reports."""
    found = re.search(r'\?view=new">\s*(\d+)', page)
    assert found, page[:3000]
    return int(found.group(1))


def cached_panels(redis) -> set[bytes]:
    return set(redis.scan_iter(match="steering:*:shared:home-hotline:*"))


def test_two_hosts_share_sessions_reports_and_cache_and_two_workers_send_each_reminder_once(deployment):
    d = deployment
    a, b = d.a, d.b

    # Reminders first (they run while the pages are checked): two fan-out jobs for the same moment, as
    # a beat tick redelivered, and six copies of the cycle job, all at once on both workers.
    from celery import Celery

    sender = Celery("deploy-sender", broker=f"redis://{a.gateway}:{d.redis_port}/0")
    for _ in range(2):
        sender.send_task("reviews.run_monthly_reviews", kwargs={"now": seed.REMINDER_MOMENT})
    for _ in range(CYCLE_COPIES):
        sender.send_task("reviews.run_review_cycle", args=[d.committee_id, seed.REMINDER_MONTH, seed.REMINDER_MOMENT])
    sender.close()

    # A session made on A is valid on B.
    operator = Visitor()
    log_in(operator, a, seed.OPERATOR, d.password)
    home_b = operator.request(b, "/")
    assert home_b.status == 200 and home_b.path == "/", home_b.body[:2000]
    assert f"Cán bộ {seed.OPERATOR}" in home_b.body

    # B caches the hotline panel; A is served the very same entry.
    redis = d.redis()
    assert new_reports(home_b.body) == 0
    panels = cached_panels(redis)
    assert len(panels) == 1, panels
    assert new_reports(operator.request(a, "/").body) == 0
    assert cached_panels(redis) == panels, "host A computed its own copy instead of reading the shared one"

    # A citizen's report submitted on A is in the operator's inbox on B at once, and B's panel counts it.
    citizen = Visitor()
    form = hotline_form(citizen.request(a, reverse("hotline:submit")).body)
    assert form is not None
    receipt = citizen.request(
        a,
        form.action or reverse("hotline:submit"),
        fill_hotline_form(
            form, name="Nguyễn Văn Dân", phone="0912345678", email="cong.dan@example.org", address="Số 1 Lê Lợi, Vinh"
        ),
    )
    code = re.search(r'id="tracking-code">([^<]+)<', receipt.body)
    assert receipt.status == 200 and code, receipt.body[:3000]
    inbox = operator.request(b, reverse("hotline:inbox"))
    assert inbox.status == 200 and code.group(1) in inbox.body
    assert new_reports(operator.request(b, "/").body) == 1, "B served its panel from before A's write"

    # A staff write on A (the operator accepts the report) shows on B's next view.
    pk = re.search(rf'href="/hotline/reports/(\d+)/">{re.escape(code.group(1))}<', inbox.body).group(1)
    detail = operator.request(b, reverse("hotline:detail", args=[pk]))
    classify = next(f for f in parse_forms(detail.body) if f.action.endswith("/classify/"))
    data = {i["name"]: i["value"] for i in classify.inputs if i["type"] == "hidden" and i["name"]}
    accepted = operator.request(a, classify.action, {**data, "decision": "accept"})
    assert accepted.status == 200, accepted.body[:2000]
    assert d.scalar("SELECT status FROM hotline_report WHERE id = %s", (int(pk),))[0] == "accepted"
    assert new_reports(operator.request(b, "/").body) == 0, "B served its panel from before A's write"

    # Logging out on B ends the session on A.
    page = operator.request(b, "/")
    logout = next(f for f in parse_forms(page.body) if f.action == reverse("logout"))
    token = next(i["value"] for i in logout.inputs if i["name"] == "csrfmiddlewaretoken")
    operator.request(b, reverse("logout"), {"csrfmiddlewaretoken": token})
    assert operator.request(a, "/").path.startswith(reverse("login"))

    # Every reminder job finished, on both hosts' workers; each reminder went out exactly once.
    d.wait(
        lambda: (
            d.successes("reviews.run_review_cycle") >= CYCLE_COPIES + 2
            and d.successes("reviews.run_monthly_reviews") >= 2
        ),
        JOB_DEADLINE,
        "every reminder job to finish",
    )
    assert d.successes("reviews.run_review_cycle") == CYCLE_COPIES + 2
    for host in (a, b):
        assert d.successes("reviews.run_review_cycle", host) >= 1, f"the worker on {host.name} ran no cycle"
    reminded = sorted(m["To"] for m in d.messages() if m["To"] in seed.REMINDED)
    assert reminded == sorted(seed.REMINDED), reminded
    assert d.scalar("SELECT count(*), count(sent_at) FROM reviews_reminder") == (4, 4)

    # The one beat ran all along.
    assert not d.processes.dead(), d.processes.tails()
    assert "beat: Starting" in d.processes.output("beat")
