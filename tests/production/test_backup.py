"""Backup and restore as README describes: pg_dump -Fc of a loaded database, pg_restore into a fresh
one, and the app on the restored database serves the same data (same row counts, same roster page).
"""

import re
import shutil
import subprocess

import pytest

from .conftest import manage, production_env, psycopg_conninfo

pytestmark = pytest.mark.production

# Renders a page through the whole stack (middleware, templates) on the database of DATABASE_URL.
# Static files are beside the point here: plain storage spares a collectstatic run.
PAGE = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    client = Client()
    client.force_login(get_user_model().objects.get(username="backup-admin"))
    response = client.get("/members/")
print("STATUS", response.status_code)
print(response.content.decode())
"""
VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'nonce="[^"]+"'),
]


def _table_counts(url: str) -> dict[str, int]:
    import psycopg
    from psycopg import sql

    with psycopg.connect(psycopg_conninfo(url)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'django_session%'"
            )
        ]
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0] for t in tables
        }


def _roster_page(env: dict[str, str]) -> str:
    out = manage(env | {"ALLOWED_HOSTS": "testserver"}, "shell", "-c", PAGE).stdout
    assert "STATUS 200" in out, out[-2000:]
    for pattern in VOLATILE:
        out = pattern.sub("", out)
    return out


def test_a_pg_dump_restored_into_a_fresh_database_serves_the_same_data(tmp_path, scratch_databases):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install postgresql-client")
    original = scratch_databases("steering_backup_src")
    env = production_env(tmp_path, database_url=original.url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_nghean_2023")
    manage(
        env | {"DJANGO_SUPERUSER_PASSWORD": "Sao-luu-khoi-phuc-2023"},
        "createsuperuser",
        "--noinput",
        "--username",
        "backup-admin",
        "--email",
        "b@example.org",
    )

    dump = tmp_path / "steering.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={psycopg_conninfo(original.url)}"],
        check=True,
        timeout=120,
    )
    restored = scratch_databases("steering_backup_dst")
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={psycopg_conninfo(restored.url)}", str(dump)],
        check=True,
        timeout=120,
    )

    before, after = _table_counts(original.url), _table_counts(restored.url)
    assert after == before
    assert before["members_membership"] > 0 and before["members_person"] > 0  # the roster is really there

    page_before = _roster_page(env)
    page_after = _roster_page(env | {"DATABASE_URL": restored.url})
    assert page_after == page_before
    assert "Nghệ An" in page_after
