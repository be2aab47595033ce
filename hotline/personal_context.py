"""Personal data that `personal.mask_personal` recognises from what surrounds it (Decree 13/2023/NĐ-CP),
kept apart from the patterns of hotline/personal.py:

- an e-mail address spelled out with its domain spelled too, after a sign that it is one: "an (at) gmail
  chấm com", "hoa AT gmail DOT com", "hoa(a)gmail.com", "hoa.tran @ yahoo . com", "binh a còng gmail chấm
  com". A spelled-out dot ("chấm", "dot", " . ") counts only after the "@" (or its spelling) and the domain
  must end in a known top-level domain: "hồ sơ bị chậm" ("chậm" folds to "cham") and a sentence ending
  " . " are kept;
- a phone number read out in Vietnamese digit words, alone or mixed with digits ("không chín một hai ba
  bốn năm sáu bảy tám", "không 9 một 2…"): nine or more of them in a row that make a valid Vietnamese
  number;
- part of the submitter's name: two or more of its words in order ending with the given name ("Trần Hoa",
  "Thị Hoa" of "Trần Thị Hoa"; without the family name only written capitalised, as a name; the full
  name and "chị Hoa" are personal.py's);
- one part of the submitter's address below district level (a ward, commune, street, hamlet… "Hưng Bình",
  "phường Hưng Bình", "số 12 Lê Lợi") where the word before it says that someone lives there: "ở", "tại",
  "sống ở", "nhà ở", "trú tại", "cư trú", "địa chỉ" ("Ông Bình ở Hưng Bình"). The same part named by an
  office ("UBND phường Hưng Bình", "bộ phận một cửa phường Hưng Bình") is kept: it is what a report is
  about and what a published answer names. A part that is only a number ("Xóm 3") is kept alone.
"""

import re
from collections.abc import Iterable
from itertools import combinations

from django.utils.translation import gettext as _

from .personal import (
    _NO_LETTER_AFTER,
    _NO_LETTER_BEFORE,
    _address_components,
    _fold_needle,
    _folded_with_map,
    canonical_phone,
)

# In folded text (no case, no diacritics). A sign that an e-mail address follows: "@", "(at)", "(a)",
# " at ", " a còng " (brackets of any kind, spaces optional around a sign).
_SPELLED_AT = r"(?: ?@ ?| ?[(\[{<] ?(?:at|@|a|a ?cong) ?[)\]}>] ?| at | a ?cong )"
_SPELLED_DOT = r"(?: ?\. ?| ?[(\[{<] ?(?:dot|cham|\.) ?[)\]}>] ?| dot | cham )"
_TOP_LEVEL = r"(?:com|vn|net|org|edu|gov|info|biz|io|me|co|us|uk|asia|xyz|online)"
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+"
    + _SPELLED_AT
    + r"[\w-]+(?:"
    + _SPELLED_DOT
    + r"[\w-]+)*"
    + _SPELLED_DOT
    + _TOP_LEVEL
    + r"(?![\w-])"
)

# Vietnamese digit words (folded) and their digits; a digit written as such is a token too.
_DIGIT_WORDS = {
    "khong": "0",
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "tu": "4",
    "nam": "5",
    "lam": "5",
    "sau": "6",
    "bay": "7",
    "tam": "8",
    "chin": "9",
}
_DIGIT_TOKEN = r"(?:" + "|".join(_DIGIT_WORDS) + r"|\d)(?![^\W\d_])"
_DIGIT_TOKEN_RUN = re.compile(_NO_LETTER_BEFORE + _DIGIT_TOKEN + r"(?:[\s,.\-]{1,3}" + _DIGIT_TOKEN + r"){8,}")
_TOKEN = re.compile(r"[a-z]+|\d")

# Words before a place that say someone lives there (folded): "ở", "tại", "sống ở", "nhà ở", "trú tại",
# "cư trú", "địa chỉ"; after them spaces or a colon.
_RESIDENCE_LEAD = r"(?:o|tai|tru|dia chi)(?:\s*:\s*|\s+)"


Folded = tuple[str, list[int]]  # text folded and where each of its characters comes from (_folded_with_map)


def _spans(owner: list[int], matches, placeholder: str) -> list[tuple[int, int, str]]:
    return [(owner[start], owner[end - 1] + 1, placeholder) for start, end in matches]


def spelled_email_spans(text: str, fold: Folded) -> list[tuple[int, int, str]]:
    """E-mail addresses with a spelled-out domain after an at-sign (see the module's docstring), as
    (start, end, placeholder) spans of `text` (`fold`: its folded form)."""
    folded, owner = fold
    found = [(match.start(), match.end()) for match in _SPELLED_EMAIL.finditer(folded)]
    return _spans(owner, found, _("[thư điện tử]"))


def spoken_phone_spans(text: str, fold: Folded, official: frozenset[str]) -> list[tuple[int, int, str]]:
    """Phone numbers read out in digit words (with digits among them), nine to twelve tokens making a valid
    Vietnamese number ("0…" or "84…"); runs of digits alone are personal.py's. `official` numbers are
    kept."""
    folded, owner = fold
    found = []
    for run in _DIGIT_TOKEN_RUN.finditer(folded):
        tokens = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _TOKEN.finditer(run.group())]
        if all(token.isdigit() for _s, _e, token in tokens):
            continue
        digits = "".join(_DIGIT_WORDS.get(token, token) for _s, _e, token in tokens)
        i = 0
        while i < len(tokens):
            # "0" or "84", then a landline ("2…", ten digits) or a mobile (nine): one number tried at each token
            start = re.match(r"(0|84)([2-9])", digits[i : i + 3])
            length = len(start.group(1)) + (10 if start.group(2) == "2" else 9) if start else 0
            canonical = canonical_phone(digits[i : i + length]) if start and i + length <= len(tokens) else None
            if canonical is None:
                i += 1
                continue
            if canonical not in official:
                found.append((tokens[i][0], tokens[i + length - 1][1]))
            i += length
    return _spans(owner, found, _("[số điện thoại]"))


def partial_name_spans(text: str, fold: Folded, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Two or more words of one of `names`, in order and ending with the given name (its last word), other
    than the full name: "Trần Hoa", "tran hoa", "Thị Hoa" of "Trần Thị Hoa". Without the family name the
    words must be written as a name, each capitalised: the middle and given names of "Hoàng Văn Hóa" are
    "văn hóa" (culture) too, and "Phòng Văn hóa" is kept."""
    folded, owner = fold
    found = []
    for name in names:
        words = _fold_needle(name or "").split()
        if len(words) < 3 or len(words[-1]) < 2:
            continue  # a two-word name is found whole by personal.py
        for size in range(1, len(words) - 1):
            for before in combinations(words[:-1], size):
                needle = r"\s+".join(re.escape(word) for word in (*before, words[-1]))
                pattern = re.compile(_NO_LETTER_BEFORE + needle + _NO_LETTER_AFTER)
                for match in pattern.finditer(folded):
                    written = text[owner[match.start()] : owner[match.end() - 1] + 1]
                    if before[0] == words[0] or all(word[0].isupper() for word in written.split()):
                        found.append((match.start(), match.end()))
    return _spans(owner, found, _("[họ tên]"))


def lived_in_place_spans(text: str, fold: Folded, addresses: Iterable[str]) -> list[tuple[int, int, str]]:
    """One part of one of `addresses` below district level named where someone lives ("ở Hưng Bình",
    "trú tại phường Hưng Bình", "địa chỉ: số 12 Lê Lợi"); the word before is kept, the part masked."""
    folded, owner = fold
    found = []
    for address in addresses:
        for pattern, upper in _address_components(address):
            if upper or "(?:" not in pattern:
                continue  # district level and above, or a part that is only a number (no optional words)
            place = re.compile(_NO_LETTER_BEFORE + _RESIDENCE_LEAD + r"(" + pattern + r")" + _NO_LETTER_AFTER)
            found += [(m.start(1), m.end(1)) for m in place.finditer(folded)]
    return _spans(owner, found, _("[địa chỉ]"))


def context_spans(
    text: str, names: list[str], addresses: list[str], official: frozenset[str]
) -> list[tuple[int, int, str]]:
    """All the spans of this module for `text` and the submitter's `names` and `addresses`."""
    fold = _folded_with_map(text)
    return (
        spelled_email_spans(text, fold)
        + spoken_phone_spans(text, fold, official)
        + partial_name_spans(text, fold, names)
        + lived_in_place_spans(text, fold, addresses)
    )
