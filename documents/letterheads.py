"""The letterhead a committee's documents carry: the one the secretariat saved, or a default derived
from what set the committee up.

The rule (docs/domain.md, "Official documents"):
- a committee set up by a Party committee (its establishing decision numbered the Party way,
  "1830-QĐ/TU", or issued by a "... ủy") issues in the Party layout (Guidance 36-HD/VPTW): the Party
  committee over it ("TỈNH ỦY NGHỆ AN", "THÀNH ỦY VINH") above its own name;
- otherwise it issues in the state layout (Decree 30/2020/NĐ-CP, appendix I): the body it belongs to
  above its own name. A working group (Tổ công tác) of a department is an advisory body of that
  department: "SỞ NỘI VỤ" above "TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"; a committee set up by a People's
  Committee has that People's Committee above it ("UBND TỈNH NGHỆ AN", "UBND THÀNH PHỐ VINH").
- the place of issue is the administrative unit where the body sits: the province's name for a
  provincial body ("Nghệ An"), the district-level unit's name for a district body ("Vinh").
Names are written in full and in capitals; never an abbreviation of the committee ("BCĐ CCHC").
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from members.models import Committee, Membership, Unit

from .models import Letterhead

_UNIT_PREFIXES = ("tỉnh ", "thành phố ", "thị xã ", "huyện ", "quận ", "xã ", "phường ", "thị trấn ")
_PARTY_BOARD = re.compile(r"^(ban thường vụ|ban chấp hành|thường trực)\s+", re.IGNORECASE)


def place_name(unit: Unit | None) -> str:
    """The place of issue for a body of `unit`: "Tỉnh Nghệ An" -> "Nghệ An", "Thành phố Vinh" -> "Vinh";
    a department or a provincial body takes its province's place."""
    while unit is not None and unit.kind not in (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE):
        unit = unit.parent
    if unit is None:
        return ""
    name = unit.name
    for prefix in _UNIT_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def is_party_committee(committee: Committee) -> bool:
    """Whether a Party committee set the committee up: its establishing decision is numbered the Party
    way ("1830-QĐ/TU": number, hyphen, kind, slash, issuer) or its issuer is a "... ủy" (Tỉnh ủy,
    Thành ủy, Huyện ủy)."""
    decision = committee.established_by
    if decision is None:
        return committee.kind == Committee.Kind.PROVINCIAL
    if re.match(r"^\d+-", decision.number):
        return True
    if re.match(r"^\d+/", decision.number):
        return False
    return " ủy" in decision.issuer.lower()


def _own_name(committee: Committee) -> str:
    """The committee's name without its place, as it stands under its superior body:
    "Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An" -> "Ban Chỉ đạo cải cách hành chính tỉnh"."""
    name = " ".join(committee.name.split())
    unit = committee.unit
    own_body = unit.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.CENTRAL_BRANCH, Unit.Kind.PARTY_BODY, Unit.Kind.FRONT)
    strip = unit.name if own_body else place_name(unit)
    if strip and name.lower().endswith(" " + strip.lower()):
        return name[: -len(strip)].strip()
    return name


def _party_body(committee: Committee) -> str:
    """The Party committee that set `committee` up, in full: "Ban Thường vụ Tỉnh ủy" -> "TỈNH ỦY NGHỆ AN"."""
    issuer = committee.established_by.issuer if committee.established_by else "Tỉnh ủy"
    body = _PARTY_BOARD.sub("", " ".join(issuer.split()))
    place = place_name(committee.unit)
    if place and place.lower() not in body.lower():
        body = f"{body} {place}"
    return _upper(body)


def _state_body(committee: Committee) -> str:
    """The body a state committee belongs to: a department's name for its working group, else the
    People's Committee of the committee's locality ("UBND TỈNH NGHỆ AN", "UBND THÀNH PHỐ VINH")."""
    unit: Unit | None = committee.unit
    if unit is not None and unit.kind in (
        Unit.Kind.DEPARTMENT,
        Unit.Kind.CENTRAL_BRANCH,
        Unit.Kind.PARTY_BODY,
        Unit.Kind.FRONT,
    ):
        return _upper(unit.name)
    while unit is not None and unit.kind not in (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE):
        unit = unit.parent
    return _upper(f"UBND {unit.name}") if unit is not None else ""


BREAK_FROM = 24  # characters: a longer name does not stand on one line of a header's left column


def balanced_lines(name: str) -> str:
    """A long issuing body broken into two lines of nearly equal length at a space, the first not the
    shorter (Decree 30's samples put the issuing body on up to two balanced lines): "BAN CHỈ ĐẠO CẢI
    CÁCH HÀNH CHÍNH TỈNH" -> "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH"; a short name stays whole."""
    words = name.split()
    if len(name) <= BREAK_FROM or len(words) < 2:
        return name
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, rest = min(splits, key=lambda s: (max(len(s[0]), len(s[1])), len(s[1])))
    return f"{first}\n{rest}"


def head_on(committee: Committee, day: date) -> Membership | None:
    """The committee's head (Trưởng Ban, Tổ trưởng) in office on `day`, or None."""
    return (
        Membership.objects.on(day)
        .filter(committee=committee, role=Membership.Role.HEAD)
        .select_related("person")
        .order_by("-start")
        .first()
    )


def default_letterhead(committee: Committee, on: date | None = None, *, signer: bool = True) -> Letterhead:
    """An unsaved letterhead derived from the committee (see the module's rule); the signer is the
    head in office on `on` (today by default); `signer` False leaves the name blank (saves a query for
    a header, which names no signer)."""
    party = is_party_committee(committee)
    group = committee.kind == Committee.Kind.WORKING_GROUP
    head = head_on(committee, on or timezone.localdate()) if signer else None
    body = "TỔ CÔNG TÁC" if group else "BAN CHỈ ĐẠO"
    return Letterhead(
        committee=committee,
        layout=Letterhead.Layout.PARTY if party else Letterhead.Layout.STATE,
        governing_body=_party_body(committee) if party else _state_body(committee),
        issuing_body=balanced_lines(_upper(_own_name(committee))),
        symbol="TCT" if group else "BCĐ",
        place=place_name(committee.unit),
        signing_authority=("T/M " if party else "TM. ") + body,
        signer_position="TỔ TRƯỞNG" if group else "TRƯỞNG BAN",
        signer_name=head.person.full_name if head else "",
        filing_code="" if group else "BPTT",
    )


def letterhead_for(committee: Committee, on: date | None = None, *, signer: bool = True) -> Letterhead:
    """The committee's saved letterhead, or `default_letterhead`. A saved one without a signer's name
    takes the head in office on `on` (unless `signer` is False: for a header alone)."""
    saved = Letterhead.objects.filter(committee=committee).first()
    if saved is None:
        return default_letterhead(committee, on, signer=signer)
    if signer and not saved.signer_name:
        head = head_on(committee, on or timezone.localdate())
        saved.signer_name = head.person.full_name if head else ""
    return saved


def print_header(letterhead: Letterhead, *, kind: str, number: str | None, issued_on: date | None, year: int) -> dict:
    """The header of a document printed from a page, as the .docx lays it out (documents.layout): a dict
    with `party` (bool), `governing_body`, `issuing_lines` (the issuing body's lines, as the clerk broke
    them), `number_line` ("Số 01-QĐ/BCĐ" Party, "Số: 01/QĐ-BCĐ" state; the draft's blank when `number`
    is None), `draft` (no number yet: the page marks it "DỰ THẢO") and `date_line` ("Nghệ An, ngày 06
    tháng 3 năm 2023"; day and month blank when `issued_on` is None)."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .layout import OFFICIAL_LANGUAGE, blank_date_line, date_line
    from .register import format_number

    party = letterhead.layout == Letterhead.Layout.PARTY
    shown = number or format_number(letterhead, kind, None)
    with translation.override(OFFICIAL_LANGUAGE):
        return {
            "party": party,
            "governing_body": letterhead.governing_body,
            "issuing_lines": letterhead.issuing_lines(),
            "number_line": (_("Số %(number)s") if party else _("Số: %(number)s")) % {"number": shown},
            "draft": number is None,
            "date_line": date_line(issued_on, letterhead.place)
            if issued_on
            else blank_date_line(letterhead.place, year),
        }
