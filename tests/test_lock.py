"""requirements.lock (made by `make lock`) pins every dependency that pyproject.toml declares, within its range.

`make install` installs the lock, not pyproject.toml: a package added to pyproject.toml without `make lock`
would be missing from every fresh install, and a range moved past its pin would be ignored.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def pins(text: str) -> dict[str, str]:
    return {canonicalize_name(m[1]): m[2] for m in map(PIN.match, text.splitlines()) if m}


def unlocked(requirements: list[Requirement], locked: dict[str, str]) -> list[str]:
    """The declared requirements the lock lacks or pins outside their range, as readable lines."""
    problems = []
    for req in requirements:
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req}: not in requirements.lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req}: locked at {version}")
    return problems


def test_every_declared_dependency_is_locked_within_its_range():
    locked = pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert unlocked(declared(), locked) == [], "run `make lock` (README: Dependencies)"


def test_every_pin_in_the_lock_carries_hashes():
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pinned = [i for i, line in enumerate(lines) if PIN.match(line)]
    assert pinned
    assert [lines[i] for i in pinned if not lines[i + 1].strip().startswith("--hash=sha256:")] == []


def test_a_package_added_to_pyproject_without_relocking_is_reported():
    locked = pins("django==5.2.19 \\\n    --hash=sha256:00\nopenpyxl==3.0.0 \\\n")
    found = unlocked(
        [Requirement("Django>=5.2,<5.3"), Requirement("holidays>=0.60"), Requirement("openpyxl>=3.1")], locked
    )
    assert found == ["holidays>=0.60: not in requirements.lock", "openpyxl>=3.1: locked at 3.0.0"]
