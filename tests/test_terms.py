"""One name per thing: the catalogue of the product's strings uses the words of docs/glossary.md's table
"One name per thing" and none of the words it rules out.

The catalogue's source strings are the Vietnamese the pages show (locale/en/LC_MESSAGES/django.po; its
`#:` lines say where each is used), so a word ruled out anywhere in the product is found here."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _ruled_out() -> dict[str, str]:
    """{word ruled out: the word to use} from the glossary's table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## One name per thing", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    words = {}
    for row in rows:
        _thing, word, never = (cell.strip() for cell in row.strip("|").split("|"))
        for bad in never.split(";"):
            words[bad.strip()] = word
    return words


def _uses(entry: polib.POEntry, word: str) -> bool:
    text = f"{entry.msgid} {entry.msgid_plural}"
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def test_the_glossary_rules_words_out():
    words = _ruled_out()
    assert {"bạn", "việc chậm", "cán bộ tiếp nhận", "khóa sổ tháng", "Văn phòng Chủ tịch UBND tỉnh"} <= set(words)


def test_the_catalogue_uses_one_name_per_thing():
    catalogue = polib.pofile(str(CATALOGUE))
    found = [
        f"{entry.msgid!r} uses {bad!r}: write {word!r} ({', '.join(f for f, _line in entry.occurrences[:2])})"
        for entry in catalogue
        if not entry.obsolete
        for bad, word in _ruled_out().items()
        if _uses(entry, bad)
    ]
    assert found == [], "\n".join(found)
