"""The layering of docs/architecture.md: each app imports only the layers under it, never the project
package. Imports inside functions count too (they are how a cycle hides)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {"steering", "core", "members", "documents", "tasks", "reviews", "hotline", "periodic_reports"}
# What each app may import of the project (besides itself).
ALLOWED = {
    "core": set(),
    "members": {"core"},
    "documents": {"core", "members"},
    "tasks": {"core", "members", "documents"},
    "reviews": {"core", "members", "tasks", "documents"},
    "hotline": {"core", "members", "tasks", "documents"},
    "periodic_reports": {"core", "members", "tasks", "reviews", "documents"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(top-level project package, line) of every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT_PACKAGES:
                found.add((top, node.lineno))
    return found


def violations(app: str, root: Path = ROOT) -> list[str]:
    allowed = ALLOWED[app] | {app}
    out = []
    for path in sorted((root / app).rglob("*.py")):
        for package, line in sorted(imported_packages(path), key=lambda found: found[1]):
            if package not in allowed:
                out.append(f"{path.relative_to(root)}:{line} imports {package}")
    return out


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_the_layers_under_it(app):
    assert violations(app) == []


def test_the_rule_catches_an_upward_import(tmp_path):
    fake = tmp_path / "core"
    fake.mkdir()
    (fake / "bad.py").write_text("def f():\n    from tasks.models import Task\n    import steering.settings\n")
    assert violations("core", tmp_path) == ["core/bad.py:2 imports tasks", "core/bad.py:3 imports steering"]


def test_no_app_module_is_over_500_lines():
    long = []
    for app in ALLOWED:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 500:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []
