"""The Nu HTML Checker (npm's vnu-jar), run once over many pages.

Outside CI a missing Java or vnu-jar skips the calling test; in CI (CI=true) it fails it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_checker() -> str:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Java and node_modules/vnu-jar (npm ci)")
        pytest.skip("Java or vnu-jar is not installed")
    return java


def html_errors(pages: dict[str, bytes], tmp_path: Path, timeout: int = 300) -> dict[str, list[str]]:
    """The checker's errors by page name (pages without errors are left out), in one Java run."""
    java = require_checker()
    names = {}
    for n, (name, body) in enumerate(pages.items()):
        path = tmp_path / f"page-{n:03d}.html"
        path.write_bytes(body)
        names[path.name] = name
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *[str(tmp_path / f) for f in names]],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    errors: dict[str, list[str]] = {}
    for m in json.loads(result.stderr or result.stdout)["messages"]:
        if m["type"] == "error" or m.get("subType") == "fatal":
            page = names.get(Path(m.get("url", "")).name, m.get("url"))
            errors.setdefault(page, []).append(
                f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            )
    return errors


def report(errors: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {e}" for page, lines in errors.items() for e in lines)
