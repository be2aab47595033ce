"""A bare Django project (the middleware `startproject` writes, DEBUG off) serving one trivial view:
the floor `make bench` compares the product's middleware with. Same database server and connection
settings as the product; the view itself queries nothing."""

import os
from urllib.parse import urlparse

_db = urlparse(os.environ["DATABASE_URL"])

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bare_site.urls"
WSGI_APPLICATION = "bare_site.wsgi.application"
TEMPLATES: list = []
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "postgres",
        "PASSWORD": _db.password or "",
        "HOST": _db.hostname or "127.0.0.1",
        "PORT": _db.port or 5432,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
