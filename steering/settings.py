"""Settings, read from the environment (django-environ).

Three run modes share this file (see README):
- `make run`: DEBUG on, SQLite and Celery's filesystem transport under var/;
- tests: steering.settings_test on top of this file;
- production: DEBUG off, DATABASE_URL (PostgreSQL) and REDIS_URL required in practice.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# With DEBUG off both are required to serve (steering/checks.py refuses to start the web server,
# and Django refuses to sign anything with an empty key); tooling commands such as
# makemigrations, makemessages or collectstatic still run without them.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "steering",
    "core",
    "members",
    "documents",
    "tasks",
    "reviews",
    "hotline",
    "periodic_reports",
]

MIDDLEWARE = [
    "steering.middleware.RequestIdMiddleware",  # outermost: also drains an unread request body
    "steering.error_pages.OwnErrorPagesMiddleware",  # outside the middleware that may refuse a request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "steering.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "steering.middleware.LazyMessageMiddleware",  # Django's, its storage built only when a message is used
    "steering.middleware.SignedInOnlyMiddleware",  # SIGNED_IN_MIDDLEWARE, with a session cookie only
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "steering.middleware.StaticPolicyCSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Only a signed-in user's requests need these (a session to check, a device to verify, a user to name in
# the history rows written); run in this order by steering.middleware.SignedInOnlyMiddleware when the
# request carries the session cookie. Without one, history rows name no user, as for any visitor.
SIGNED_IN_MIDDLEWARE = [
    "django_otp.middleware.OTPMiddleware",
    "steering.security.IdleSessionMiddleware",
    "steering.security.OTPVerificationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "steering.urls"
WSGI_APPLICATION = "steering.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "steering.context_processors.navigation",
                "core.notifications.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: PostgreSQL compiles a query whose estimated cost passes jit_above_cost, which for the
    # pages' aggregates over a province (the review board's six-month trend, a plan's counts) took longer than
    # running them (trend: 220-280 ms with JIT, 60 ms without). Pages run short queries; JIT pays off only for
    # long analytical ones, which this product does not run on a request.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The laptop demo (web, worker and beat on one file): a transaction takes the write lock when it begins and
    # waits up to 20 s for it, and readers go on while one writes (WAL), so citizens posting at the same moment
    # wait their turn instead of meeting "database is locked" (a 500).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# Redis is never a single point of failure outside Celery: every call to the cache (rate-limit
# counters, the shared cache) times out fast, and after a failure this process keeps its counters in
# its own memory for CACHE_OUTAGE_SECONDS instead of asking Redis again (core/cache.py).
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
    "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
    "outage_seconds": env.float("CACHE_OUTAGE_SECONDS", default=30),
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "steering",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Vietnamese first, English selectable; dates dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["steering.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads live outside the static root and are served only through permission-checked views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "uploads")))
MEDIA_URL = "/media-not-served/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: SMTP in production via EMAIL_URL (e.g. smtp+tls://user:pass@host:587). Without it, development
# (DEBUG, so `make run`) writes every e-mail as a file under var/mail/ (one .log file per connection), so the
# reminder ladder can be read; otherwise the console.
if env.str("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
elif DEBUG:
    EMAIL_CONFIG = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(VAR_DIR / "mail"),
    }
else:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ban Chỉ đạo CCHC <cchc@nghean.gov.vn>")
# The base of links in e-mails: the address the app is served at. By default the port `make run` serves on
# (PORT, as scripts/run-all.sh reads it); production sets SITE_URL.
SITE_URL = env.str("SITE_URL", default=f"http://localhost:{env.str('PORT', default='') or 8000}").rstrip("/")

# Celery: Redis in production and CI; the filesystem transport under var/ for `make run`.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every job is bounded: soft limit raises inside the job, the hard limit kills the process.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# Late acknowledgement is opted into per job (only idempotent ones); the default stays early.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A request that enqueues after commit (hotline intake) waits at most one socket timeout for a hung
# Redis, and no pause at all when it refuses; its notices wait in the outbox (hotline/outbox.py).
REDIS_BROKER_OPTIONS = {
    # Visibility timeout must exceed the longest job and any countdown, or Redis redelivers.
    "visibility_timeout": 2 * 3600,
    "socket_timeout": env.float("BROKER_SOCKET_TIMEOUT", default=2),
    "socket_connect_timeout": env.float("BROKER_SOCKET_TIMEOUT", default=2),
    "retry_on_timeout": False,
    # One retry, at once (not after kombu's default 2 s pause), and none once 1 s has passed: a refusing
    # Redis costs nothing, a hung one a single socket timeout (not one per retry).
    "max_retries": 1,
    "connect_retries_timeout": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_OPTIONS
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Sessions live in the database, never in the cache: a Redis outage logs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# The server ends idle sessions itself (steering.security.IdleSessionMiddleware, which also tells the
# user why); the stored session outlives that window so the middleware, not a silent expiry, sees it.
SESSION_COOKIE_AGE = 2 * SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole domain to HTTPS in browsers for good: the province decides, not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "steering.views.csrf_failure"
# A reverse proxy terminates TLS; trust its header only when told to.
if env.bool("TRUST_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Login protection (django-axes, steering/lockout.py): an account is locked from one address after
# AXES_FAILURE_LIMIT failures (the combination, so a colleague's mistakes never lock the others behind the
# same office address), and an address alone after LOGIN_ADDRESS_FAILURE_LIMIT failures, both within the
# cool-off. The attempts are counted in the database (not the cache), so lockouts hold while Redis is away.
AXES_HANDLER = "steering.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_USERNAME_CALLABLE = "steering.lockout.bounded_username"
AXES_LOCKOUT_CALLABLE = "steering.lockout.lockout_response"
# A try while locked does not restart the cool-off: the minutes the locked page gives are the minutes left.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# One rule for lockouts and rate limits alike: only the address the socket saw counts, unless the
# proxy header is trusted explicitly (see steering.security.client_ip).
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
AXES_CLIENT_IP_CALLABLE = "steering.security.client_ip"
RATELIMIT_IP_META_KEY = "steering.security.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
OTP_TOTP_ISSUER = "Ban Chi dao CCHC Nghe An"
PASSWORD_RESET_RATE_LIMIT = env.str("PASSWORD_RESET_RATE_LIMIT", default="20/h")
# How long the link of an invitation to set a password works, in seconds (members/invitations.py).
INVITATION_TIMEOUT = env.int("INVITATION_TIMEOUT", default=7 * 24 * 3600)

# Working calendar, reviews and hotline deadlines: data or settings, never hard-coded rules.
REVIEW_REMINDER_DAY = env.int("REVIEW_REMINDER_DAY", default=20)
REVIEW_DEADLINE_DAY = env.int("REVIEW_DEADLINE_DAY", default=25)
REVIEW_SECOND_REMINDER_WORKING_DAYS = env.int("REVIEW_SECOND_REMINDER_WORKING_DAYS", default=2)
# Periodic reports: the data cut-off day of each period (Decree 09/2019/NĐ-CP art. 12: the 14th; a period runs
# from the day after it in the month before). docs/domain.md "Reporting periods and cut-off dates".
PERIODIC_REPORT_CUTOFF_DAY = env.int("PERIODIC_REPORT_CUTOFF_DAY", default=14)
REVIEW_MAIL_BATCH_SIZE = env.int("REVIEW_MAIL_BATCH_SIZE", default=100)  # reminders stamped per batch
WORKING_HOURS = (env.int("WORKING_HOUR_START", default=7), env.int("WORKING_HOUR_END", default=17))
HOTLINE_CLASSIFY_WORKING_DAYS = env.int("HOTLINE_CLASSIFY_WORKING_DAYS", default=3)
HOTLINE_ANSWER_WORKING_DAYS = env.int("HOTLINE_ANSWER_WORKING_DAYS", default=10)
HOTLINE_ESCALATE_AFTER_WORKING_DAYS = env.int("HOTLINE_ESCALATE_AFTER_WORKING_DAYS", default=3)
HOTLINE_RETENTION_DAYS = env.int("HOTLINE_RETENTION_DAYS", default=5 * 365)
HOTLINE_MAX_ATTACHMENTS = 5
HOTLINE_ATTACHMENT_MAX_BYTES = env.int("HOTLINE_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
HOTLINE_RATE_LIMIT = env.str("HOTLINE_RATE_LIMIT", default="5/h")
HOTLINE_LOOKUP_RATE_LIMIT = env.str("HOTLINE_LOOKUP_RATE_LIMIT", default="20/h")
# The hotline's telephone number and hours, shown on every public hotline page. The defaults are for the demo:
# set the real number and hours in production.
HOTLINE_PHONE = env.str("HOTLINE_PHONE", default="0238 3 000 000")
# The office's other official numbers (landlines, fax), comma-separated: with HOTLINE_PHONE, the only phone
# numbers a published hotline answer may carry (hotline/personal.py `official_phones`).
HOTLINE_OFFICIAL_PHONES = env.list("HOTLINE_OFFICIAL_PHONES", default=[])
HOTLINE_HOURS = env.str("HOTLINE_HOURS", default="Sáng 7h00–11h30, chiều 13h30–17h00, từ thứ Hai đến thứ Sáu")
RATELIMIT_VIEW = "steering.views.ratelimited"
# Rate-limit counters live in the cache; while Redis is away they are counted per process (core/cache.py).
# A counter that cannot be read at all limits the request (django-ratelimit's default), never waves it on.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = False

LOG_JSON = env.bool("LOG_JSON", default=not DEBUG)
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "steering.logging.RequestContextFilter"},
        "redact_pii": {"()": "steering.logging.RedactPersonalDataFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["request_id", "redact_pii"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
    },
}

if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE chỉ dùng cùng DEBUG (chế độ chạy thử).")
