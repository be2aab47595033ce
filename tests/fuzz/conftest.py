"""Hypothesis profiles of the form fuzz, and the count of posts per form and status printed at the end.

`ci` (the default, `make test` and CI): 100 posts per form, derandomized, so a run is reproducible; a failure
is reported as found, not shrunk (shrinking a slow test can take minutes).
`fuzz` (`make fuzz`, i.e. `pytest tests/fuzz --hypothesis-profile=fuzz`): 1,000 posts per form, random.
"""

from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, Phase, settings

_CHECKS = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_CHECKS,
    phases=[Phase.explicit, Phase.generate],
)
settings.register_profile("fuzz", max_examples=1000, deadline=None, database=None, suppress_health_check=_CHECKS)

# form (URL name) -> status -> posts; "exception" for a post whose view raised.
COUNTS: dict[str, Counter] = defaultdict(Counter)


@pytest.fixture
def fuzz_settings(request) -> settings:
    """The profile chosen with --hypothesis-profile when it is one of the fuzz's, else `ci`."""
    name = request.config.getoption("hypothesis_profile", None)
    return settings.get_profile(name if name in ("ci", "fuzz") else "ci")


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    statuses = sorted({s for c in COUNTS.values() for s in c}, key=str)
    width = max(len(n) for n in COUNTS) + 2
    tr = terminalreporter
    tr.section("form fuzz: posts per form and status")
    tr.write_line("form".ljust(width) + "".join(str(s).rjust(10) for s in statuses) + "total".rjust(10))
    total: Counter = Counter()
    for name in sorted(COUNTS):
        c = COUNTS[name]
        total.update(c)
        tr.write_line(
            name.ljust(width) + "".join(str(c.get(s, 0)).rjust(10) for s in statuses) + str(sum(c.values())).rjust(10)
        )
    tr.write_line(
        "all forms".ljust(width)
        + "".join(str(total.get(s, 0)).rjust(10) for s in statuses)
        + str(sum(total.values())).rjust(10)
    )
