"""The project documents itself in docs/, and nothing in the repository points outside it.

Notes kept beside the repository, or numbered issues of a tracker, mean nothing to someone reading a
copy of the repository: what they say belongs in docs/ (architecture.md, glossary.md, domain.md).
The docs in turn must follow the code: the files they name exist, and the glossary has every model.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOC_FILES = ("architecture.md", "glossary.md", "domain.md")
APPS = ("core", "members", "documents", "tasks", "reviews", "hotline")
SKIPPED_DIRS = {".git", ".venv", "node_modules", "var", "__pycache__"}

# Pointers that only make sense outside the repository. (The patterns are written so that this
# file does not match them itself.)
OUTSIDE = [
    (re.compile(r"\.\./(?:shared|seed)\b"), "a folder beside the repository"),
    (re.compile(r"\bshared/(?:docs|seed)\b"), "a folder beside the repository"),
    (re.compile(r"\b(?:DESIGN|DOMAIN|STYLE)\.md\b"), "notes kept outside the repository (use docs/)"),
    (re.compile(r"\bissues?\s*#?\d+", re.IGNORECASE), "a tracker's issue number"),
    (re.compile(r"/work/(?=\w)"), "an absolute path of a development machine"),
]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
BACKTICKED_PATH = re.compile(r"`([\w.-]+(?:/[\w.-]+)+/?)`")


def repository_files(root: Path = ROOT) -> list[Path]:
    """The files git tracks (and new ones it would add), or every file when git is not available."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        paths = [root / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        paths = [p for p in root.rglob("*") if not SKIPPED_DIRS & set(p.relative_to(root).parts)]
    return sorted(p for p in paths if p.is_file())


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def outside_pointers(files: list[Path], root: Path = ROOT) -> list[str]:
    """`path:line: reason [match]` for every pointer outside the repository."""
    found = []
    for path in files:
        text = text_of(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern, reason in OUTSIDE:
                for match in pattern.finditer(line):
                    found.append(f"{path.relative_to(root)}:{number}: {reason} [{match.group(0)}]")
    return found


def broken_links(files: list[Path], root: Path = ROOT) -> list[str]:
    """Relative links of Markdown files that leave the repository or lead nowhere."""
    broken = []
    for path in files:
        if path.suffix != ".md":
            continue
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z]+:|#)", target):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(root.resolve()) or not resolved.exists():
                broken.append(f"{path.relative_to(root)}: {target}")
    return broken


@pytest.mark.parametrize("name", DOC_FILES)
def test_the_project_keeps_its_own_documentation(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    assert text.startswith("# ") and len(text.split()) > 300


def test_the_readme_leads_to_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in DOC_FILES:
        assert f"docs/{name}" in readme


def test_nothing_in_the_repository_points_outside_it():
    files = repository_files()
    assert any(p.name == "settings.py" for p in files), "the file list must cover the code"
    assert outside_pointers(files) == []


def test_links_in_markdown_stay_inside_the_repository():
    assert broken_links(repository_files()) == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    # Pieces joined here, so that this file itself points nowhere.
    pointers = "../" + "sha" + "red/" + "docs/" + "DES" + "IGN.md and " + "iss" + "ue 7"
    (tmp_path / "a.py").write_text(f'"""See {pointers}."""\nx = 1\n', encoding="utf-8")
    (tmp_path / "b.md").write_text("[ok](a.py) [gone](missing.md) [out](../elsewhere.md) [web](https://x.vn)\n")
    (tmp_path / "c.bin").write_bytes(b"\0" + pointers.encode())
    files = sorted(tmp_path.iterdir())
    found = outside_pointers(files, tmp_path)
    assert [f.split(": ", 1)[0] for f in found] == ["a.py:1"] * 4
    assert broken_links(files, tmp_path) == ["b.md: missing.md", "b.md: ../elsewhere.md"]


def test_every_file_the_docs_name_exists():
    missing = []
    for name in DOC_FILES:
        text = (DOCS / name).read_text(encoding="utf-8")
        for target in BACKTICKED_PATH.findall(text):
            if not target.startswith("var/") and not (ROOT / target).exists():  # var/: made at run time
                missing.append(f"docs/{name}: {target}")
    assert missing == [], "a file named in the docs has moved: update the docs"


def test_the_glossary_has_every_model_of_the_apps():
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    missing = [
        f"{model._meta.app_label}.{model.__name__}"
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical") and f"`{model.__name__}`" not in glossary
    ]
    assert missing == [], "add a row for each of these to docs/glossary.md"
