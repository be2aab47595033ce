"""Test settings: the real settings, with safe defaults for what tests need.

DATABASE_URL and REDIS_URL are used when set (CI: PostgreSQL and Redis); otherwise SQLite and
in-process fallbacks. Tests use their own database (Django's test_ prefix) and their own Redis
db number (TEST_REDIS_DB, default 13), never the data of a running instance. Under pytest-xdist each worker
gets its own database (pytest-django's _gw<n> suffix) and Redis db TEST_REDIS_DB - n (set in the environment,
so the processes a test starts use the same one).
"""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("LOG_JSON", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="steering-test-var-"))
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1…: set by pytest-xdist, inherited by children
if _worker and os.path.basename(os.environ["VAR_DIR"]) != _worker:
    # Each xdist worker its own files (uploads, cache, broker folders); the processes it starts inherit them.
    os.environ["VAR_DIR"] = os.path.join(os.environ["VAR_DIR"], _worker)

_redis = os.environ.get("REDIS_URL", "")
if _redis:
    parts = urlsplit(_redis)
    test_db = int(os.environ.get("TEST_REDIS_DB", "13"))
    if _worker.startswith("gw"):
        test_db -= int(_worker[2:])
    os.environ["REDIS_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{test_db}", parts.query, parts.fragment))

from .settings import *  # noqa: E402,F403
from .settings import REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not REDIS_URL:
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Jobs run in-process in ordinary tests; tests of the real worker start one (tests/celery/).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# N+1 detector (django-zeal): any request that lazily loads the same relation row by row raises.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
ZEAL_SHOW_ALL_CALLERS = True

# A real worker started by a test (tests/tasks/test_worker.py) runs jobs for real (CELERY_EAGER=0),
# consumes its own queue (CELERY_QUEUE) and writes e-mails to files (EMAIL_FILE_PATH), since the
# locmem outbox lives in one process only.
if os.environ.get("CELERY_EAGER") == "0":
    CELERY_TASK_ALWAYS_EAGER = False
if os.environ.get("CELERY_QUEUE"):
    CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_QUEUE"]
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
