"""README's configuration tables name every environment variable the settings read, and nothing else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# env.str("X", ...), env.int('X'), environ.Env().str("X"), os.environ.get("X"), os.environ["X"], .setdefault("X"
_READS = re.compile(
    r"""(?:\benv\.\w+|Env\(\)\.\w+|os\.environ\.(?:get|setdefault)|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)


def env_reads(path: Path) -> set[str]:
    return {a or b for a, b in _READS.findall(path.read_text(encoding="utf-8"))}


def readme_variables() -> set[str]:
    """The backticked names in the first column of the tables under README's "Configuration" heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def test_the_parser_sees_every_kind_of_read():
    sample = ROOT / "steering" / "settings.py"
    reads = env_reads(sample)
    assert {"DEBUG", "VAR_DIR", "PORT", "HOTLINE_RATE_LIMIT", "CACHE_OUTAGE_SECONDS"} <= reads
    assert {"TEST_REDIS_DB", "CELERY_QUEUE"} <= env_reads(ROOT / "steering" / "settings_test.py")


def test_readme_lists_every_setting_read_from_the_environment():
    read = set()
    for path in sorted((ROOT / "steering").glob("settings*.py")):
        read |= env_reads(path)
    documented = readme_variables()
    assert sorted(read - documented) == [], "add these to README's configuration table"
    stale = documented - read
    assert sorted(stale) == [], "README lists variables no setting reads"
