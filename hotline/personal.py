"""Personal data in hotline text (Decree 13/2023/NĐ-CP): one canonical form of a phone number, and the
masking of what identifies a submitter before anything is published or after the retention period.

Phone numbers are kept in one canonical Vietnamese form: the national format written as digits only,
"0" followed by the national significant number ("+84 912 345 678", "84912345678", "0912.345.678",
"٠٩١٢٣٤٥٦٧٨" and "０９１２３４５６７８" are all "0912345678"; a landline "(0238) 3844 123" is "02383844123").
The national form is what staff type and read back to a caller; numbers outside Vietnam are refused
(the hotline calls back within the province). Validation is the `phonenumbers` library's (Google's
libphonenumber metadata for region VN).

Masking (`mask_personal`) replaces, case- and diacritics-insensitively where it is text:
phone numbers (any way of writing a valid Vietnamese number, with the "+" and brackets that belong to it,
"(+84)912-345-678", "(0238) 3844 123", even typed against a word, "Bình0912345678"; the office's own
numbers, `official_phones`, are kept), e-mail addresses (also spelled out: "binh.tran @ example.com",
"binh.tran(at)example.com", "binh.tran [at] example dot com"), identity numbers (12
digits: căn cước công dân; 9 digits: chứng minh nhân dân; written as one run or in groups separated by
spaces, dots or dashes, "040 199 012 345", "040.199.012.345"; a 9-digit group followed by a currency
word, "100.000.000 đồng", is an amount and kept), house-number fragments of an address ("số 12",
"ngõ 5", "ngách 3/2", "hẻm 7", "kiệt 4", "tổ 6", "xóm 2" followed by another such word, a street or
place word or a capitalised name), and the submitter's own name and address wherever they occur: the
full name in any case (a digit may touch it), the given name (the last word of the full name) after a form
of address ("chị Mai", "(CHI MAI)", "anh Hùng", "bà Mai"… with or without diacritics), the whole address,
and any two or more consecutive parts of it however punctuated ("Lê Lợi, Hưng Bình" or "le loi - P. Hung
Binh" of "số 12 Lê Lợi, phường Hưng Bình, TP Vinh"; parts at district level and above alone, "TP Vinh,
Nghệ An", are kept). Placeholders such as "[họ tên]" replace them. What is recognised from its
context is hotline/personal_context.py's: e-mail addresses with a spelled-out domain ("an (at) gmail chấm
com"), phone numbers read out in words, part of the submitter's name ("bà Trần Hoa") and one part of the
submitter's address where someone lives ("ở Hưng Bình"; "UBND phường Hưng Bình" is kept).
Other people's names cannot be recognised reliably and are NOT masked: masking is a help, not a
guarantee, and the operator still reads the public text before approving it (forms.ApproveForm).
"""

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers
from django.utils.translation import gettext as _

# A run of digit groups (any script) that may hold phone numbers: groups of digits with at most three
# separators (space, no-break space, dot, hyphen, brackets) between two of them. A letter may touch it on
# either side ("Bình0912345678": a name typed against the number); `_phone_spans` reads the numbers in it.
_DIGIT_RUN = re.compile(r"\d+(?:[ \u00a0.\-()\[\]]{1,3}\d+)*")
_DIGIT_GROUP = re.compile(r"\d+")
# What may open a number just before its first digit: "+", "(", "[" and spaces ("(+84)", "( 0238 )").
_PHONE_OPENING = re.compile(r"(?:[(\[][ \u00a0]?)?(?:\+[ \u00a0]?)?(?:[(\[][ \u00a0]?)?$")
_MAX_PHONE_DIGITS = 14
# 12 or 9 digits, in one run or in groups with one separator (space, no-break space, dot, dash) between.
_ID_NUMBER = re.compile(
    r"(?<![\w.\-])\d(?:[ \u00a0.\-]?\d){11}(?![\w]|[.\-]\d)|(?<![\w.\-])\d(?:[ \u00a0.\-]?\d){8}(?![\w]|[.\-]\d)"
)
# After a 9-digit group: an amount of money, not an identity number.
_CURRENCY_AFTER = re.compile(r"\s*(?:đồng|đ|vnđ|vnd|₫)(?!\w)", re.IGNORECASE)
# Forms of address before a given name (folded: no diacritics, lower case).
ADDRESS_FORMS = ("anh", "chi", "em", "ong", "ba", "co", "chu", "bac", "chau", "con")
# House-number fragments of an address (folded), and the words that may follow one as a street or place.
_HOUSE_WORDS = ("so", "ngo", "ngach", "hem", "kiet", "to", "xom")
_PLACE_WORDS = _HOUSE_WORDS + (
    "duong",
    "pho",
    "phuong",
    "xa",
    "khoi",
    "thon",
    "ban",
    "khu",
    "ap",
    "lang",
    "kdc",
    "tdp",
    "quan",
    "huyen",
)
_HOUSE_FRAGMENT = re.compile(
    r"(?<!\w)(?:" + "|".join(_HOUSE_WORDS) + r")\s+(?:nha\s+)?\d+[a-z]?(?:[/\-]\d+[a-z]?)*(?=[\s,]+(\w+))"
)
# An e-mail address, matched in folded text (no case, no diacritics), as written or spelled out so that no
# robot reads it: "@" with spaces around it, "(at)", "[at]", "{at}", "<at>", "(a còng)", " a còng "; "." or
# " dot ", "(dot)", "[chấm]"… between the parts of the domain (after a spelled-out dot, a part of letters).
_AT = r"(?: ?@ ?| ?[(\[{<] ?(?:at|@|a ?cong) ?[)\]}>] ?| a ?cong )"
_DOT_WORD = r"(?: ?[(\[{<] ?(?:dot|cham|\.) ?[)\]}>] ?| dot )"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:\.[\w-]+|" + _DOT_WORD + r"[a-z]{2,}(?![\w-]))+")
_FOLDED_LETTERS = {"đ": "d", "ð": "d"}
# A name ends where letters end: a digit may touch it ("Trần Văn Bình0912345678").
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"


def _ascii_digits(value: str) -> str:
    """`value` with every decimal digit of any script (Arabic-Indic, full-width…) as 0-9; other
    characters kept."""
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in value)


def canonical_phone(raw: str) -> str | None:
    """The canonical form of a Vietnamese phone number ("0" + national number, digits only, e.g.
    "0912345678"), or None when `raw` is not a valid Vietnamese number. Accepts any digit script,
    spaces, dots, hyphens, parentheses, "+84…", "84…" and "0…"."""
    text = unicodedata.normalize("NFKC", _ascii_digits(raw or "")).strip()
    if not text or len(text) > 30:
        return None
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    candidates = []
    if text.startswith("+"):
        candidates.append("+" + digits)
    elif digits.startswith("84") and len(digits) in (11, 12):
        candidates += ["+" + digits, digits]
    elif digits.startswith("0084"):
        candidates.append("+" + digits[2:])
    else:
        candidates.append(digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, "VN")
        except phonenumbers.NumberParseException:
            continue
        if number.country_code == 84 and phonenumbers.is_valid_number(number):
            return "0" + str(number.national_number)
    return None


def fold_char(char: str) -> str:
    """One character as the diacritics- and case-insensitive comparison sees it (may be empty)."""
    text = unicodedata.normalize("NFKD", char.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(_FOLDED_LETTERS.get(c, c) for c in text)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """`text` folded (see fold_char; whitespace runs as one space) and, for each folded character, the
    index of the original character it came from."""
    out: list[str] = []
    owner: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
            owner.append(index)
            continue
        for folded in fold_char(char):
            out.append(folded)
            owner.append(index)
    return "".join(out), owner


def _fold_needle(value: str) -> str:
    folded, _owner = _folded_with_map(value)
    return folded.strip()


def _replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping (start, end, replacement) spans, the earliest (then the longest) kept on an
    overlap."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], -s[1])):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end, replacement))
    for start, end, replacement in reversed(chosen):
        text = text[:start] + replacement + text[end:]
    return text


def _value_spans(text: str, values: Iterable[str], placeholder: str) -> list[tuple[int, int, str]]:
    """Where each of `values` occurs in `text` as whole words, case- and diacritics-insensitively."""
    folded, owner = _folded_with_map(text)
    spans = []
    for value in values:
        needle = _fold_needle(value or "")
        if len(needle) < 2:
            continue
        pattern = re.compile(_NO_LETTER_BEFORE + re.escape(needle).replace(r"\ ", r"\s+") + _NO_LETTER_AFTER)
        for match in pattern.finditer(folded):
            start, end = owner[match.start()], owner[match.end() - 1] + 1
            spans.append((start, end, placeholder))
    return spans


# The words that name what a part of an address is (folded), longest first; after one, a dot or a space.
_ADDRESS_PREFIXES = (
    "to dan pho",
    "thanh pho",
    "thi tran",
    "thi xa",
    "khu pho",
    "so nha",
    "phuong",
    "ngach",
    "duong",
    "huyen",
    "thon",
    "khoi",
    "tinh",
    "quan",
    "kiet",
    "xom",
    "ngo",
    "hem",
    "pho",
    "ban",
    "khu",
    "kdc",
    "tdp",
    "lang",
    "so",
    "xa",
    "to",
    "ap",
    "tp",
    "tx",
    "tt",
    "kp",
    "p",
    "q",
    "h",
)
# Parts of an address at district level or above: two of them together identify no one ("TP Vinh, Nghệ An").
_UPPER_LEVELS = ("thanh pho", "tp", "tinh", "quan", "q", "huyen", "h", "thi xa", "tx")
_ADDRESS_LEAD = re.compile(r"(" + "|".join(_ADDRESS_PREFIXES) + r")(?:\.\s*|\s+)|\d+[a-z]?(?:[/\-]\d+[a-z]?)*\s+")
_ADDRESS_PARTS = re.compile(r"[,;]|\s[-–—]\s")
# Between two parts of an address as a text repeats them: any punctuation or spaces.
_ADDRESS_SEPARATOR = r"[\s,;:.\-–—/|]+"


def _address_components(address: str) -> list[tuple[str, bool]]:
    """The parts of an address (split at commas, semicolons, dashes), each as a pattern of folded text that
    finds it with or without what names it ("phường Hưng Bình", "P. Hưng Bình", "Hưng Bình"; "số 12 Lê Lợi",
    "Lê Lợi"), and whether it is at district level or above (named so, or after a part named so)."""
    components = []
    upper = False  # an address runs from the house to the province: after a district, larger places only
    for part in _ADDRESS_PARTS.split(_fold_needle(address or "")):
        name = part.strip(" .")
        while lead := _ADDRESS_LEAD.match(name):
            upper = upper or lead.group(1) in _UPPER_LEVELS
            name = name[lead.end() :]
        if not name:
            continue
        if re.search(r"[^\W\d_]", name):
            words = r"\s+".join(re.escape(word) for word in name.split())
            # At most a few leading words ("số 12", "P."): bounded, so a search stays linear in the text.
            optional = (
                r"(?:(?:" + "|".join(_ADDRESS_PREFIXES) + r")(?:\.\s*|\s+)|\d+[a-z]?(?:[/\-]\d+[a-z]?){0,3}\s+){0,3}"
            )
            components.append((optional + words, upper))
        else:  # "Xóm 3", "Tổ 6": the number alone is no place
            components.append((re.escape(part.strip(" .")).replace(r"\ ", r"\s+"), upper))
    return components


def _address_run_spans(text: str, addresses: Iterable[str]) -> list[tuple[int, int, str]]:
    """Two or more consecutive parts of one of `addresses` (the submitter's own), however punctuated,
    case- and diacritics-insensitively: "Lê Lợi, Hưng Bình" of "số 12 Lê Lợi, phường Hưng Bình, TP Vinh".
    A run of district-level parts only ("TP Vinh, Nghệ An") is no one's address and is kept."""
    folded, owner = _folded_with_map(text)
    spans = []
    for address in addresses:
        components = _address_components(address)
        for start in range(len(components) - 1):
            if components[start][1] and components[start + 1][1]:
                continue
            patterns = [pattern for pattern, _upper in components[start:]]
            tail = ""
            for pattern in reversed(patterns[2:]):
                tail = f"(?:{_ADDRESS_SEPARATOR}{pattern}{tail})?"
            run = re.compile(
                _NO_LETTER_BEFORE + patterns[0] + _ADDRESS_SEPARATOR + patterns[1] + tail + _NO_LETTER_AFTER
            )
            for match in run.finditer(folded):
                spans.append((owner[match.start()], owner[match.end() - 1] + 1, _("[địa chỉ]")))
    return spans


def official_phones() -> frozenset[str]:
    """The canonical forms of the numbers the office itself publishes: the hotline's (settings.HOTLINE_PHONE)
    and those listed in settings.HOTLINE_OFFICIAL_PHONES (the office's landlines, fax…). They are not
    personal data: masking keeps them and the publish check accepts them. (Units keep no public contact
    number in this application, so none is read from them.)"""
    from django.conf import settings

    raw = [getattr(settings, "HOTLINE_PHONE", ""), *getattr(settings, "HOTLINE_OFFICIAL_PHONES", ())]
    return frozenset(filter(None, (canonical_phone(value) for value in raw)))


def _phone_span(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """The number whose digits run from `start` to `end`, with what opens it ("+", a bracket) when its
    brackets close within it: (start, end, canonical form or None when not a valid number)."""
    opening = _PHONE_OPENING.search(text, max(0, start - 6), start)
    begin = opening.start() if opening else start
    value = text[begin:end]
    while value and value[0] in "([" and value.count("(") + value.count("[") > value.count(")") + value.count("]"):
        value = value[1:].lstrip(" \u00a0")  # a bracket around the number, not part of it: "(0912345678)"
    begin = end - len(value)
    return begin, end, canonical_phone(value)


def _phone_spans(text: str, official: frozenset[str]) -> list[tuple[int, int, str]]:
    """Phone numbers however written: each run of digit groups is a number as a whole, else the longest
    numbers in it that start as a number is written ("0…", "84…", "+…"), left to right. A number of the
    office's own (`official`) is kept. Linear in the text: a number spans at most _MAX_PHONE_DIGITS digits."""
    spans = []
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_DIGIT_GROUP.finditer(text, run.start(), run.end()))
        i = 0
        while i < len(groups):
            found = None
            starts = _starts_as_number(text, groups[i])
            if i == 0 or starts:  # a run that does not start as a number is one only as a whole
                ends, digits = [], 0
                for j in range(i, len(groups)):
                    digits += len(groups[j].group())
                    if digits > _MAX_PHONE_DIGITS:
                        break
                    ends.append((j, digits))
                for j, count in reversed(ends):
                    if count < 8 or (not starts and j != len(groups) - 1):
                        continue
                    begin, end, canonical = _phone_span(text, groups[i].start(), groups[j].end())
                    if canonical:
                        found = (j, begin, end, canonical)
                        break
            if found is None:
                i += 1
                continue
            j, begin, end, canonical = found
            if canonical not in official:
                spans.append((begin, end, _("[số điện thoại]")))
            i = j + 1
    return spans


def _starts_as_number(text: str, group: re.Match) -> bool:
    """Whether a group of digits starts the way a phone number is written: "0…", "84…", or after a "+"."""
    return (
        _ascii_digits(group.group()).startswith(("0", "84")) or "+" in text[max(0, group.start() - 2) : group.start()]
    )


def _email_spans(text: str) -> list[tuple[int, int, str]]:
    folded, owner = _folded_with_map(text)
    return [(owner[m.start()], owner[m.end() - 1] + 1, _("[thư điện tử]")) for m in _EMAIL.finditer(folded)]


def _pattern_spans(text: str, official: frozenset[str]) -> list[tuple[int, int, str]]:
    spans = _email_spans(text) + _phone_spans(text, official)
    digits = _ascii_digits(text)
    for match in _ID_NUMBER.finditer(digits):
        if len(re.sub(r"\D", "", match.group())) == 9 and _CURRENCY_AFTER.match(digits, match.end()):
            continue
        spans.append((match.start(), match.end(), _("[số giấy tờ]")))
    return spans


def _given_name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """A form of address followed by the given name (last word) of one of `names`: "chị Mai", "ANH HÙNG"."""
    folded, owner = _folded_with_map(text)
    spans = []
    for name in names:
        words = _fold_needle(name or "").split()
        if not words or len(words[-1]) < 2:
            continue
        pattern = re.compile(
            _NO_LETTER_BEFORE + r"(?:" + "|".join(ADDRESS_FORMS) + r")\s+" + re.escape(words[-1]) + _NO_LETTER_AFTER
        )
        for match in pattern.finditer(folded):
            spans.append((owner[match.start()], owner[match.end() - 1] + 1, _("[họ tên]")))
    return spans


def _house_spans(text: str) -> list[tuple[int, int, str]]:
    """House-number fragments ("số 12", "ngõ 5") followed by another such word, a street or place word,
    or a capitalised word (a street's name)."""
    folded, owner = _folded_with_map(text)
    spans = []
    for match in _HOUSE_FRAGMENT.finditer(folded):
        following = match.group(1)
        if following not in _PLACE_WORDS and not text[owner[match.start(1)]].isupper():
            continue
        spans.append((owner[match.start()], owner[match.end() - 1] + 1, _("[địa chỉ]")))
    return spans


def _without_overlaps(spans, kept):
    """`spans` that overlap none of `kept`."""
    return [s for s in spans if not any(s[0] < k[1] and k[0] < s[1] for k in kept)]


def mask_personal(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = ()) -> str:
    """`text` with phone numbers, e-mail addresses, identity numbers (12 or 9 digits, grouped or not) and
    house-number fragments of addresses replaced by placeholders, and each of `names` and `addresses`
    (the submitter's, case- and diacritics-insensitive, whole words) too, as well as the given name of
    each of `names` after a form of address (see the module's docstring). Empty names and addresses are
    ignored; `text` itself may be empty. Other people's names are not recognised. The publish check
    (has_personal) refuses exactly what this masks."""
    from .personal_context import context_spans  # it builds on this module's helpers

    if not text:
        return text or ""
    names = list(names)
    addresses = list(addresses)
    official = official_phones()
    spans = _value_spans(text, addresses, _("[địa chỉ]")) + _value_spans(text, names, _("[họ tên]"))
    spans += _address_run_spans(text, addresses)
    spans += _given_name_spans(text, names)
    spans += _pattern_spans(text, official)
    spans += context_spans(text, names, addresses, official)
    spans += _without_overlaps(_house_spans(text), spans)
    return _replace_spans(text, spans)


def has_personal(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = ()) -> bool:
    """True when `mask_personal` would change `text`."""
    return mask_personal(text, names=names, addresses=addresses) != (text or "")


def known_personal(report) -> dict:
    """The submitter's own name and address of a hotline Report, as `mask_personal`'s keyword arguments."""
    return {"names": [report.contact_name], "addresses": [report.contact_address]}


def mask_for_report(text: str, report) -> str:
    """`mask_personal` with the report's submitter's name and address."""
    return mask_personal(text, **known_personal(report))
