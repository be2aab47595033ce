"""Hypothesis strategies for hostile posts: values per field kind, then whole bodies.

A field is described by `Field(name, kind, value, options)` as a page draws it (tests/fuzz/fields.py). A drawn
post is a list of (name, value) pairs, where a value is text or an uploaded `Upload`, then encoded as one of
several bodies, some of which no browser would send (wrong content type, broken multipart, bytes that are not
UTF-8, lone surrogates encoded as such).
"""

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

# Characters that have broken one-line fields, logs, documents or databases somewhere.
SPECIAL = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\ufffd",
    "\ud800",
    "\udfff",
    "e\u0301",
    "Nghe\u0323\u0302 An",
    "\u1ec7",
    "\ufb01",
    "\u0130",
    "\U0001f600",
    "%00",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "{{ request }}",
    "{% debug %}",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    " ",
    "",
]
HUGE_SIZES = (1_001, 20_000, 1_100_000)
BAD_NUMBERS = [
    "0",
    "-1",
    "-0",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1" + "0" * 40,
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1.5",
    "1,5",
    "0x10",
    "1_000",
    "\uff11\uff12",  # full-width digits
    "\u0663",  # Arabic-Indic three
    " 12 ",
    "12abc",
]
BAD_DATES = [
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "0001-01-01",
    "9999-12-31",
    "31/02/2023",
    "29/02/2023",
    "32/01/2023",
    "01/13/2023",
    "2023-13-01",
    "01/01/10000",
    "99999-01-01",
    "1/1/1",
    "01-01-2023",
    "2023/01/01",
    "Tháng 6/2023",
    "Quý V/2023",
    "-01/01/2023",
    "01/01/-2023",
    "\u0661\u0662/\u0660\u0661/\u0662\u0660\u0662\u0663",
]
BAD_IDS = ["0", "-1", "2147483647", "2147483648", "9223372036854775808", "1" + "0" * 30, "abc", "1.0", "1 OR 1=1", ""]


@dataclass(frozen=True)
class Field:
    """A field of a drawn form: its name, kind (text, number, date, choice, multi, checkbox, file, hidden),
    the value it was drawn with and, for choices, the values offered."""

    name: str
    kind: str
    value: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    content_type: str


@dataclass
class Post:
    """A drawn post: the fields as pairs, how the body is encoded, and the path (maybe another object's)."""

    pairs: list[tuple[str, "str | Upload"]]
    encoding: str
    path: str
    extra: dict = field(default_factory=dict)

    def describe(self) -> str:
        def short(v):
            if isinstance(v, Upload):
                return f"<file {v.name[:40]!r} {len(v.content)} bytes {v.content_type[:40]!r}>"
            return repr(v[:60]) + (f"...({len(v)} chars)" if len(v) > 60 else "")

        fields = ", ".join(f"{k[:40]!r}: {short(v)}" for k, v in self.pairs[:40])
        more = f" (+{len(self.pairs) - 40} more)" if len(self.pairs) > 40 else ""
        return f"POST {self.path} as {self.encoding}: {{{fields}}}{more}"


# ------------------------------------------------------------------------------------------------ values

any_char = st.characters(codec=None, exclude_categories=())  # lone surrogates and controls included
short_text = st.text(any_char, max_size=40)
specials = st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=6).map("".join)
decomposed = st.text(st.characters(min_codepoint=0xC0, max_codepoint=0x1EF9), max_size=20).map(
    lambda s: unicodedata.normalize("NFD", s)
)
huge = st.tuples(st.sampled_from(["a", "\u1ec7", "\x00", "\u202e", "9", "\r\n"]), st.sampled_from(HUGE_SIZES)).map(
    lambda t: t[0] * (t[1] // len(t[0]))
)
texts = st.one_of(short_text, specials, decomposed, st.sampled_from(SPECIAL))

numbers = st.one_of(
    st.sampled_from(BAD_NUMBERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _date_text(d: date, style: int) -> str:
    return (f"{d.day:02d}/{d.month:02d}/{d.year:04d}", d.isoformat(), f"{d.day}/{d.month}/{d.year}")[style]


dates = st.one_of(
    st.sampled_from(BAD_DATES),
    st.builds(_date_text, st.dates(), st.integers(0, 2)),
    st.builds(
        _date_text, st.sampled_from([date.min, date.max, date(1900, 1, 1), date(2100, 12, 31)]), st.integers(0, 2)
    ),
)


def ids(pool: tuple[int, ...]):
    """Ids of objects that exist (of any model: other committees' and units' included) and of nothing."""
    existing = st.sampled_from(pool).map(str) if pool else st.nothing()
    return st.one_of(existing, st.sampled_from(BAD_IDS))


uploads = st.builds(
    Upload,
    st.one_of(
        st.sampled_from(["bao-cao.pdf", "a.docx", "x.xlsx", "../../x.pdf", "ảnh\u202egnp.exe", "", "a" * 300]),
        st.text(any_char.filter(lambda c: c not in '"\r\n'), max_size=30),
    ),
    st.one_of(
        st.sampled_from(
            [b"", b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04garbage", b"MZ\x90\x00", b"\x00" * 64, b"\xff\xfe\xfd"]
        ),
        st.binary(max_size=200),
    ),
    st.sampled_from(["application/pdf", "text/plain", "application/x-msdownload", "", "image/png;\x00", "a/b"]),
)


def value_for(f: Field, pool: tuple[int, ...]):
    """Hostile values for one field, the kind's own first; the field as drawn now and then."""
    own = {
        "text": texts,
        "number": numbers,
        "date": dates,
        "choice": st.one_of(st.sampled_from(f.options), ids(pool)) if f.options else ids(pool),
        "multi": st.one_of(st.sampled_from(f.options), ids(pool)) if f.options else ids(pool),
        "checkbox": st.sampled_from([f.value or "on", "", "0", "false", "off", "2"]),
        "hidden": st.one_of(numbers, ids(pool)),
        "file": uploads,
    }[f.kind]
    anything = st.one_of(texts, numbers, dates, ids(pool))
    if f.kind == "file":
        return st.one_of(own, own, st.just(""), short_text)
    return st.one_of(st.just(f.value), own, own, anything)


# ------------------------------------------------------------------------------------------------ bodies

ENCODINGS = (
    "multipart",
    "urlencoded",
    "urlencoded-invalid-utf8",
    "json",
    "text/plain",
    "no-content-type",
    "multipart-no-boundary",
    "multipart-truncated",
    "multipart-wrong-boundary",
    "multipart-garbage",
    "too-many-fields",
)


@st.composite
def posts(draw, fields: list[Field], path: str, other_paths: list[str], pool: tuple[int, ...]) -> Post:
    """A hostile post of the form: each field kept, changed, left out or repeated; unknown fields added;
    the body encoded one of many ways; now and then posted to another object's URL."""
    pairs: list[tuple[str, str | Upload]] = []
    for f in fields:
        fate = draw(st.sampled_from(("value", "value", "value", "kept", "missing", "repeated")))
        if fate == "missing":
            continue
        if fate == "kept":
            if f.kind != "file":
                pairs.append((f.name, f.value))
            continue
        count = draw(st.integers(2, 4)) if fate == "repeated" else 1
        for _ in range(count):
            pairs.append((f.name, draw(value_for(f, pool))))
    if pairs and draw(st.integers(0, 19)) == 0:  # one value huge (1 KB to 1 MB and more)
        i = draw(st.integers(0, len(pairs) - 1))
        pairs[i] = (pairs[i][0], draw(huge))
    if draw(st.integers(0, 9)) == 0:
        pairs.append(
            (draw(st.one_of(short_text, st.sampled_from(["", "csrfmiddlewaretoken", "pk", "id"]))), draw(texts))
        )
    encoding = draw(st.sampled_from(ENCODINGS[:2] * 6 + ENCODINGS[2:]))
    target = path
    if other_paths and draw(st.integers(0, 9)) == 0:
        target = draw(st.sampled_from(other_paths))
    extra = {}
    if encoding == "urlencoded-invalid-utf8":
        extra["bytes"] = draw(
            st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80"])
        )
    return Post(pairs, encoding, target, extra)


def _bytes(v: str) -> bytes:
    return v.encode("utf-8", "surrogatepass")


def _urlencoded(pairs) -> bytes:
    return "&".join(
        quote_from_bytes(_bytes(k)) + "=" + quote_from_bytes(_bytes(v if isinstance(v, str) else v.name))
        for k, v in pairs
    ).encode("ascii")


BOUNDARY = "----fuzzBoUnDaRy7MA4YWxkTrZu0gW"


def _multipart(pairs, boundary: str = BOUNDARY) -> bytes:
    out = []
    for k, v in pairs:
        out.append(f"--{boundary}\r\n".encode())
        if isinstance(v, Upload):
            out.append(
                b'Content-Disposition: form-data; name="' + _bytes(k) + b'"; filename="' + _bytes(v.name) + b'"\r\n'
            )
            out.append(b"Content-Type: " + _bytes(v.content_type) + b"\r\n\r\n" + v.content + b"\r\n")
        else:
            out.append(b'Content-Disposition: form-data; name="' + _bytes(k) + b'"\r\n\r\n' + _bytes(v) + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def body(post: Post) -> tuple[bytes, str | None]:
    """The request body and its Content-Type (None: no header) for a drawn post."""
    pairs = post.pairs
    multipart = f"multipart/form-data; boundary={BOUNDARY}"
    match post.encoding:
        case "multipart":
            return _multipart(pairs), multipart
        case "urlencoded":
            return _urlencoded(pairs), "application/x-www-form-urlencoded"
        case "urlencoded-invalid-utf8":
            raw = _urlencoded(pairs) or b"x="
            return raw + b"&" + post.extra["bytes"] + b"=" + post.extra["bytes"], "application/x-www-form-urlencoded"
        case "json":
            data = {k: (v if isinstance(v, str) else v.name) for k, v in pairs}
            return json.dumps(data).encode(), "application/json"
        case "text/plain":
            return _urlencoded(pairs), "text/plain; charset=utf-8"
        case "no-content-type":
            return _urlencoded(pairs), None
        case "multipart-no-boundary":
            return _multipart(pairs), "multipart/form-data"
        case "multipart-truncated":
            raw = _multipart(pairs)
            return raw[: max(1, len(raw) * 2 // 3)], multipart
        case "multipart-wrong-boundary":
            return _multipart(pairs, "other"), multipart
        case "multipart-garbage":
            return b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data\r\n\r\n\x00\xff--", multipart
        case "too-many-fields":
            return _urlencoded([*pairs, *[("f", "1")] * 1001]), "application/x-www-form-urlencoded"
    raise ValueError(post.encoding)
