"""The product's settings as deployed, plus the benchmark's trivial public view (tests/perf/urls.py)."""

from steering.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.urls"
