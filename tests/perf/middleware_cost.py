"""What each middleware costs a citizen's request, in process: CPU per request of the trivial public view
(`/__bench__/ok/`, no session cookie) through Django's WSGI handler with the product's whole MIDDLEWARE, then
with each one left out, against `startproject`'s list and against none. No server, no network: the figures
are the handler's own, so they move far less than the gunicorn comparison of side_by_side.py.

    .venv/bin/python -m tests.perf.middleware_cost        (production settings, DEBUG off; needs no data)

Leaving one out can break the ones after it (without sessions there is no user): such a line shows what the
rest cost without it, not its own cost."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

BARE = [  # startproject's MIDDLEWARE, as the bare project of tests/perf/peer serves it
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def _environ() -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/__bench__/ok/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT_LANGUAGE": "vi,en;q=0.8",
        "HTTP_USER_AGENT": "Mozilla/5.0",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }


def cost(middleware: list[str], requests: int = 4000, rounds: int = 5) -> float:
    """CPU µs per request of the trivial public view behind `middleware` (the fastest of `rounds` rounds)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    def start_response(status, headers):
        return None

    with override_settings(MIDDLEWARE=middleware):
        handler = WSGIHandler()
        for _ in range(300):  # warm-up
            handler(_environ(), start_response).close()
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(requests):
                response = handler(_environ(), start_response)
                b"".join(response)
                response.close()
            best = min(best, (time.process_time() - started) / requests * 1e6)
    return best


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.product_settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    static = Path(__file__).resolve().parents[2] / "var" / "bench-static"  # WhiteNoise wants it to exist
    static.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("STATIC_ROOT", str(static))
    import django

    django.setup()
    from django.conf import settings

    product = list(settings.MIDDLEWARE)
    whole = cost(product)
    bare = cost(BARE)
    print(
        f"middleware của sản phẩm: {whole:.1f} µs CPU mỗi yêu cầu; của startproject: {bare:.1f} µs ({whole / bare:.2f}×)"
    )
    print(f"không middleware: {cost([]):.1f} µs; bớt từng middleware (µs tiết kiệm được):")
    for path in product:
        print(f"{whole - cost([m for m in product if m != path]):7.1f} µs  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
