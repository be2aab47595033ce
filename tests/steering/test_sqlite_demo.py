"""The laptop demo (`make run` without DATABASE_URL: SQLite) takes citizens posting at the same moment: each
waits for the write lock instead of meeting "database is locked" (steering/settings.py). Run in a process of
its own with the demo's settings, as `make run` runs them."""

import json
import os
import subprocess
import sys

from tests.steering.sqlite_writers import POSTS, WRITERS


def test_citizens_posting_at_once_on_the_sqlite_demo_all_get_their_receipt(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="steering.settings",
        DEBUG="1",
        DEMO_MODE="1",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        HOTLINE_RATE_LIMIT="1000/h",
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.steering.sqlite_writers"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["answers"] == {"302": WRITERS * POSTS}, done.stderr[-3000:]
    assert result["filed"] == WRITERS * POSTS
