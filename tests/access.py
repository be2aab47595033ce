"""The access-control matrix: every URL of every app, for every role and for anonymous users.

Each app's rows live in `tests/<app>/access_rows.py`:

    def setup(world):                    # optional: create the objects your URLs need
        world.task = ...                 # `world` already has the cast users, committee, units
    ROWS = [
        Row("tasks:detail", lambda w: {"pk": w.task.pk},
            {"anonymous": 302, "outsider": 403, "secretariat": 200, "member": 200,
             "focal_point": 200, "hotline_operator": 403, "leadership": 200}),
        Row("tasks:report_create", lambda w: {"pk": w.task.pk}, {...}, method="post", data={}),
    ]

`tests/test_access_matrix.py` fails when a URL name exists without a row.
"""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

APPS = ("steering", "core", "members", "documents", "tasks", "reviews", "hotline", "periodic_reports")
ROLES = ("anonymous", "outsider", "secretariat", "member", "focal_point", "hotline_operator", "leadership")


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[object], dict] | None
    expect: dict[str, int]
    method: str = "get"
    data: dict | Callable[[object], dict] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"row {self.name} lacks expectations for {sorted(missing)}")


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, status) for role in ROLES}


def staff_only(allowed: tuple[str, ...], ok: int = 200, refused: int = 403) -> dict[str, int]:
    """Logged-in roles in `allowed` get `ok`, other logged-in users `refused`, anonymous 302 to login."""
    return {role: (302 if role == "anonymous" else ok if role in allowed else refused) for role in ROLES}


def _row_modules():
    for app in APPS:
        try:
            yield importlib.import_module(f"tests.{app}.access_rows")
        except ModuleNotFoundError:
            continue


def all_rows() -> list[Row]:
    """Every app's rows."""
    return [row for module in _row_modules() for row in module.ROWS]


def all_setups() -> Iterator[Callable[[object], None]]:
    """Every app's `setup(world)`, in dependency order."""
    return (module.setup for module in _row_modules() if hasattr(module, "setup"))
