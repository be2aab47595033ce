"""With DEBUG off, SECRET_KEY and ALLOWED_HOSTS are required to serve; tooling still runs without them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL")}
    base.update({"DJANGO_SETTINGS_MODULE": "steering.settings", "VAR_DIR": os.environ.get("VAR_DIR", "/tmp"), **env})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


def test_the_web_server_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = _run("-c", "import steering.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY là bắt buộc khi DEBUG tắt." in result.stderr
    assert "ALLOWED_HOSTS là bắt buộc khi DEBUG tắt." in result.stderr


def test_the_deploy_check_reports_the_missing_settings():
    result = _run("manage.py", "check", "--deploy", DEBUG="0")
    assert result.returncode != 0
    assert "steering.E001" in result.stderr


def test_the_web_server_starts_when_they_are_given():
    result = _run("-c", "import steering.wsgi", DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="cchc.example.vn")
    assert result.returncode == 0, result.stderr


def test_tooling_commands_run_without_them():
    result = _run("manage.py", "makemigrations", "--check", "--dry-run", DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
