"""Helpers for tests that run the app as production does: a scratch PostgreSQL database, a Redis db
number of their own, `manage.py` subprocesses under `steering.settings` with DEBUG=0.

They need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). Outside CI they are skipped without them;
in CI (CI=true) a missing service fails them.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SMOKE_REDIS_DB = int(os.environ.get("SMOKE_REDIS_DB", "14"))


def require_postgres() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        if os.environ.get("CI"):
            pytest.fail("CI must set DATABASE_URL to PostgreSQL for the production tests")
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    return url


def require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL for the production tests")
        pytest.skip("needs REDIS_URL")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


def psycopg_conninfo(url: str) -> str:
    """A libpq URI psycopg accepts (Django's 'postgres://' and 'pgsql://' spellings normalised)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


class ScratchDatabase:
    """A PostgreSQL database created for one test and dropped afterwards, whatever happened."""

    def __init__(self, server_url: str, prefix: str):
        import psycopg

        self._psycopg = psycopg
        self.name = f"{prefix}_{secrets.token_hex(4)}"
        self.url = with_database(server_url, self.name)
        self._admin = psycopg_conninfo(with_database(server_url, "postgres"))

    def _execute(self, sql: str) -> None:
        with self._psycopg.connect(self._admin, autocommit=True) as conn:
            conn.execute(sql)

    def scalar(self, sql: str):
        with self._psycopg.connect(psycopg_conninfo(self.url)) as conn:
            return conn.execute(sql).fetchone()[0]

    def create(self) -> "ScratchDatabase":
        self._execute(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch_databases():
    """Factory of scratch databases on DATABASE_URL's server; all are dropped at the end."""
    server = require_postgres()
    created: list[ScratchDatabase] = []

    def make(prefix: str) -> ScratchDatabase:
        db = ScratchDatabase(server, prefix).create()
        created.append(db)
        return db

    yield make
    for db in created:
        db.drop()


def production_env(tmp_path: Path, *, database_url: str, redis_url: str = "") -> dict[str, str]:
    """The environment README's production section describes, for plain http on the loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    for key in ("VAR_DIR", "STATIC_ROOT", "MEDIA_ROOT", "REDIS_URL", "TEST_REDIS_DB"):
        env.pop(key, None)
    var = tmp_path / "var"
    (tmp_path / "mail").mkdir(exist_ok=True)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "steering.settings",
            "DEBUG": "0",
            "DEMO_MODE": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": database_url,
            "VAR_DIR": str(var),
            "STATIC_ROOT": str(tmp_path / "staticfiles"),
            "MEDIA_ROOT": str(tmp_path / "uploads"),
            # Four slashes: django-environ drops the first of the path's, and a relative folder would be
            # taken from the working directory (the checkout).
            "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
            "LOG_JSON": "1",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    var.mkdir(exist_ok=True)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result
