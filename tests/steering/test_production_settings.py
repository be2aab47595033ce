"""Production settings, read in a fresh process from the environment as a deployment sets it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DJANGO_SETTINGS_MODULE": "steering.settings",
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "-production-like-secret-key-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "cchc.nghean.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://cchc.nghean.gov.vn",
    "DATABASE_URL": "postgres://steering@127.0.0.1:5432/steering_never_opened",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "PATH": "/usr/bin:/bin",
}
DUMP = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "conn_max_age": db.get("CONN_MAX_AGE"), "conn_health_checks": db.get("CONN_HEALTH_CHECKS"),
    "session_secure": s.SESSION_COOKIE_SECURE, "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": s.CSRF_COOKIE_SECURE, "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts": s.SECURE_HSTS_SECONDS, "hsts_subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "proxy_ssl_header": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "csrf_trusted_origins": s.CSRF_TRUSTED_ORIGINS, "media_root": str(s.MEDIA_ROOT),
    "upload_max_bytes": s.UPLOAD_MAX_BYTES, "idle": s.SESSION_IDLE_SECONDS,
    "formatter": s.LOGGING["handlers"]["console"]["formatter"],
    "static_storage": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=PROD | env, capture_output=True, text=True, timeout=120
    )


def _settings(**env: str) -> dict:
    result = _run(["-c", DUMP], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_at_warning_level_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_protections_are_turned_off():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_production_defaults_are_secure_and_connections_persist_with_health_checks():
    got = _settings()
    assert got["conn_max_age"] == 60 and got["conn_health_checks"] is True
    assert got["session_secure"] and got["session_httponly"] and got["csrf_secure"]
    assert got["ssl_redirect"] is True
    assert got["hsts"] == 31536000 and got["hsts_subdomains"] is True
    assert got["proxy_ssl_header"] is None  # the proxy header is not trusted unless configured
    assert got["csrf_trusted_origins"] == ["https://cchc.nghean.gov.vn"]
    assert got["formatter"] == "json"
    assert got["idle"] == 1800
    assert got["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_proxy_header_uploads_and_idle_time_come_from_the_environment(tmp_path):
    got = _settings(
        TRUST_PROXY_SSL_HEADER="1",
        MEDIA_ROOT=str(tmp_path / "tep"),
        UPLOAD_MAX_BYTES="1234",
        SESSION_IDLE_SECONDS="600",
        CONN_MAX_AGE="5",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
    )
    assert got["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["media_root"] == str(tmp_path / "tep")
    assert got["upload_max_bytes"] == 1234
    assert got["idle"] == 600
    assert got["conn_max_age"] == 5
    assert got["ssl_redirect"] is False and got["session_secure"] is False
