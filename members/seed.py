"""The Nghệ An 2023 committee as the published sources state it (docs/domain.md); `demo` adds the rest.

Real data (always): the province (code 40) and its 21 district-level units with their end dates,
the 21 provincial agencies, the central agencies' provincial branches, the Party boards, the
Fatherland Front, the partner VCCI Nghệ An, one sector per department, Decision 1830-QĐ/TU of
06/03/2023, the committee (25 seats) and the six people the article names, in their positions.

Demo data (`demo=True`, marked `is_demo`): fictional people in the 19 unnamed ordinary seats,
the support group, assignments, a district committee and a department working group, and one
account per role (password `nghean2023`).

Dates as the sources give them, whatever day the loader runs: the committee, its decision and its seats
from 06/03/2023 (recorded then: a decision's `created_at` and each loaded row's first audit entry carry the
source date), the assignments from the first session (11/04/2023), a subcommittee from its own decision.
Demo people have demo e-mail addresses on the reserved domain `example.invalid` (ho.ten@example.invalid),
so the reminders reach a mailbox (under `make run`, the files in var/mail/).

Idempotent: every row is looked up by a stable key (a unit's code, a decision's number and
issuer, a person's name, a seat's person + committee + appointing decision) and created only
when missing. Existing rows are never changed, so edits made in the app survive a reload; only what the
loader owns is put right: the dates above (rows loaded by an earlier version carry the day it ran) and the
demo address of a demo person who has none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core import shared_cache
from core.roles import Role
from core.text import fold

from .models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit
from .reference import ensure_reference_data

DEMO_PASSWORD = "nghean2023"  # noqa: S105 - published demo password, demo mode only
PROVINCE_CODE = "40"
FOUNDED = date(2023, 3, 6)
FIRST_SESSION = date(2023, 4, 11)  # the first session adopted the assignment of members [src]
DISTRICT_LEVEL_ABOLISHED = date(2025, 6, 30)  # last day of the district level
CUA_LO_MERGED = date(2024, 11, 30)  # Cửa Lò merged into Vinh from 01/12/2024
DEMO_EMAIL_DOMAIN = "example.invalid"  # reserved (RFC 2606): never delivered anywhere

# docs/domain.md, "Units of Nghệ An": code, name
DISTRICTS = [
    ("412", "Thành phố Vinh"),
    ("413", "Thị xã Cửa Lò"),
    ("414", "Thị xã Thái Hòa"),
    ("432", "Thị xã Hoàng Mai"),
    ("415", "Huyện Quế Phong"),
    ("416", "Huyện Quỳ Châu"),
    ("417", "Huyện Kỳ Sơn"),
    ("418", "Huyện Tương Dương"),
    ("419", "Huyện Nghĩa Đàn"),
    ("420", "Huyện Quỳ Hợp"),
    ("421", "Huyện Quỳnh Lưu"),
    ("422", "Huyện Con Cuông"),
    ("423", "Huyện Tân Kỳ"),
    ("424", "Huyện Anh Sơn"),
    ("425", "Huyện Diễn Châu"),
    ("426", "Huyện Yên Thành"),
    ("427", "Huyện Đô Lương"),
    ("428", "Huyện Thanh Chương"),
    ("429", "Huyện Nghi Lộc"),
    ("430", "Huyện Nam Đàn"),
    ("431", "Huyện Hưng Nguyên"),
]

# code, name, sector code, sector name (None: no vertical sector of its own)
DEPARTMENTS = [
    ("VPUBND", "Văn phòng UBND tỉnh", None, None),
    ("SNV", "Sở Nội vụ", "noi-vu", "Ngành Nội vụ"),
    ("STP", "Sở Tư pháp", "tu-phap", "Ngành Tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "ke-hoach-dau-tu", "Ngành Kế hoạch và Đầu tư"),
    ("STC", "Sở Tài chính", "tai-chinh", "Ngành Tài chính"),
    ("SCT", "Sở Công Thương", "cong-thuong", "Ngành Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "nong-nghiep", "Ngành Nông nghiệp và Phát triển nông thôn"),
    ("SGTVT", "Sở Giao thông vận tải", "giao-thong-van-tai", "Ngành Giao thông vận tải"),
    ("SXD", "Sở Xây dựng", "xay-dung", "Ngành Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "tai-nguyen-moi-truong", "Ngành Tài nguyên và Môi trường"),
    ("STTTT", "Sở Thông tin và Truyền thông", "thong-tin-truyen-thong", "Ngành Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "lao-dong", "Ngành Lao động - Thương binh và Xã hội"),
    ("SVHTT", "Sở Văn hóa và Thể thao", "van-hoa-the-thao", "Ngành Văn hóa và Thể thao"),
    ("SDL", "Sở Du lịch", "du-lich", "Ngành Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "khoa-hoc-cong-nghe", "Ngành Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "giao-duc", "Ngành Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế", "y-te", "Ngành Y tế"),
    ("SNGV", "Sở Ngoại vụ", "ngoai-vu", "Ngành Ngoại vụ"),
    ("TTT", "Thanh tra tỉnh", "thanh-tra", "Ngành Thanh tra"),
    ("BDT", "Ban Dân tộc tỉnh", "dan-toc", "Công tác dân tộc"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế Đông Nam", None, None),
]

CENTRAL_BRANCHES = [
    ("CAT", "Công an tỉnh", "cong-an", "Ngành Công an"),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "bao-hiem-xa-hoi", "Ngành Bảo hiểm xã hội"),
    ("CTHUE", "Cục Thuế tỉnh", "thue", "Ngành Thuế"),
    ("KBNN", "Kho bạc Nhà nước tỉnh", "kho-bac", "Ngành Kho bạc Nhà nước"),
    ("CHQ", "Cục Hải quan tỉnh", "hai-quan", "Ngành Hải quan"),
]

# code, name, kind
BODIES = [
    ("TU", "Tỉnh ủy Nghệ An", Unit.Kind.PARTY_BODY),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy", Unit.Kind.PARTY_BODY),
    ("BTGTU", "Ban Tuyên giáo Tỉnh ủy", Unit.Kind.PARTY_BODY),
    ("BNCTU", "Ban Nội chính Tỉnh ủy", Unit.Kind.PARTY_BODY),
    ("BDVTU", "Ban Dân vận Tỉnh ủy", Unit.Kind.PARTY_BODY),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", Unit.Kind.PARTY_BODY),
    ("HDND", "Hội đồng nhân dân tỉnh", Unit.Kind.OTHER),
    ("UBND", "Ủy ban nhân dân tỉnh", Unit.Kind.OTHER),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", Unit.Kind.FRONT),
    ("VCCI-NA", "VCCI chi nhánh Nghệ An", Unit.Kind.PARTNER),
]

FOUNDING_DECISION = {
    "number": "1830-QĐ/TU",
    "issuer": "Ban Thường vụ Tỉnh ủy",
    "date": FOUNDED,
    "subject": "Thành lập Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An",
}
COMMITTEE_NAME = "Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An"

R = Membership.Role
# The people the article names: name, title, unit code, role, position on the committee
NAMED = [
    ("Thái Thanh Quý", "Bí thư Tỉnh ủy", "TU", R.HEAD, "Bí thư Tỉnh ủy"),
    ("Nguyễn Văn Thông", "Phó Bí thư Thường trực Tỉnh ủy", "TU", R.DEPUTY, "Phó Bí thư Thường trực Tỉnh ủy"),
    (
        "Nguyễn Đức Trung",
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
        "UBND",
        R.STANDING_DEPUTY,
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
    ),
    ("Hoàng Nghĩa Hiếu", "Phó Bí thư Tỉnh ủy", "TU", R.DEPUTY, "Phó Bí thư Tỉnh ủy"),
    ("Phạm Thế Tùng", "Thiếu tướng, Giám đốc Công an tỉnh", "CAT", R.MEMBER, "Giám đốc Công an tỉnh"),
    ("Bùi Thanh An", "Phó Chủ tịch UBND tỉnh", "UBND", R.MEMBER, "Phó Chủ tịch UBND tỉnh"),
]

# Demo: the 19 unnamed ordinary seats (25 - 4 heads - 2 named members), with placeholder names
# in the Vietnamese "Nguyễn Văn A" style, positions usual for such a committee, and assignments
# matching each member's agency (docs/domain.md): (areas, unit codes, sector codes).
DEMO_SEATS = [
    ("Nguyễn Văn A", "Trưởng Ban Tổ chức Tỉnh ủy", "BTCTU", (["to-chuc-bo-may"], ["412"], [])),
    ("Trần Thị B", "Trưởng Ban Tuyên giáo Tỉnh ủy", "BTGTU", (["tuyen-truyen"], ["425"], [])),
    ("Lê Văn C", "Trưởng Ban Nội chính Tỉnh ủy", "BNCTU", ([], ["429"], [])),
    ("Phạm Thị D", "Trưởng Ban Dân vận Tỉnh ủy", "BDVTU", ([], ["421"], [])),
    ("Hoàng Văn E", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", ([], ["427"], [])),
    ("Vũ Thị G", "Phó Chủ tịch Thường trực HĐND tỉnh", "HDND", ([], ["426"], [])),
    ("Đặng Văn H", "Phó Chủ tịch Thường trực UBND tỉnh", "UBND", (["chi-dao-dieu-hanh"], ["413"], [])),
    ("Bùi Thị K", "Chủ tịch Ủy ban MTTQ tỉnh", "MTTQ", ([], ["430"], [])),
    ("Đỗ Văn L", "Giám đốc Sở Nội vụ", "SNV", (["to-chuc-bo-may", "cong-vu"], ["412", "414"], ["noi-vu"])),
    ("Hồ Thị M", "Giám đốc Sở Tư pháp", "STP", (["the-che"], ["431"], ["tu-phap"])),
    ("Ngô Văn N", "Giám đốc Sở Tài chính", "STC", (["tai-chinh-cong"], ["432"], ["tai-chinh"])),
    ("Dương Thị P", "Giám đốc Sở Kế hoạch và Đầu tư", "SKHDT", ([], ["SKHDT", "419"], ["ke-hoach-dau-tu"])),
    (
        "Lý Văn Q",
        "Giám đốc Sở Thông tin và Truyền thông",
        "STTTT",
        (["chinh-phu-so"], ["429", "428"], ["thong-tin-truyen-thong"]),
    ),
    ("Phan Thị R", "Chánh Thanh tra tỉnh", "TTT", ([], ["416", "415"], ["thanh-tra"])),
    ("Võ Văn S", "Chánh Văn phòng UBND tỉnh", "VPUBND", (["thu-tuc-hanh-chinh"], ["VPUBND", "417"], [])),
    ("Đinh Thị T", "Giám đốc Sở Xây dựng", "SXD", ([], ["SXD", "418"], ["xay-dung"])),
    ("Trịnh Văn U", "Giám đốc Sở Tài nguyên và Môi trường", "STNMT", ([], ["STNMT", "420"], ["tai-nguyen-moi-truong"])),
    ("Mai Thị V", "Giám đốc Sở Công Thương", "SCT", ([], ["422", "423"], ["cong-thuong"])),
    ("Tạ Văn X", "Cục trưởng Cục Thuế tỉnh", "CTHUE", (["tai-chinh-cong"], ["424"], ["thue"])),
]
THANHVIEN_SEAT = "Lý Văn Q"  # the demo member account sits here

# Demo support group (Tổ giúp việc): name, title, unit code, role
DEMO_SUPPORT = [
    ("Cao Văn Y", "Phó Giám đốc Sở Nội vụ", "SNV", R.SUPPORT_LEADER),
    ("Chu Thị A", "Phó Chánh Văn phòng UBND tỉnh", "VPUBND", R.SUPPORT_DEPUTY),
    ("Lưu Văn B", "Phó Trưởng Ban Tổ chức Tỉnh ủy", "BTCTU", R.SUPPORT_DEPUTY),
    ("Kiều Thị C", "Trưởng phòng Cải cách hành chính, Sở Nội vụ", "SNV", R.SUPPORT_DEPUTY),
    ("Nguyễn Thị Thư", "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ", "SNV", R.SUPPORT_MEMBER),
    ("Lâm Văn D", "Chuyên viên Sở Tư pháp", "STP", R.SUPPORT_MEMBER),
    ("Tô Thị E", "Chuyên viên Sở Thông tin và Truyền thông", "STTTT", R.SUPPORT_MEMBER),
    ("Quách Văn G", "Chuyên viên Văn phòng UBND tỉnh", "VPUBND", R.SUPPORT_MEMBER),
]

# Demo accounts: username -> (groups, person name or None, person title, unit code)
DEMO_ACCOUNTS = {
    "thuky": ([Role.SECRETARIAT], "Nguyễn Thị Thư", None, "SNV"),
    "thanhvien": ([Role.MEMBER], THANHVIEN_SEAT, None, "STTTT"),
    "daumoi": ([Role.FOCAL_POINT], "Lê Thị Đầu Mối", "Chuyên viên, đầu mối cải cách hành chính Sở Nội vụ", "SNV"),
    "tongdai": ([Role.HOTLINE_OPERATOR], "Phạm Văn Tổng Đài", "Chuyên viên Văn phòng UBND tỉnh", "VPUBND"),
    "lanhdao": ([Role.LEADERSHIP], None, None, None),
    "quantri": ([Role.ADMINISTRATOR], None, None, None),
    "admin": ([], None, None, None),
}
# The full names of the demo accounts that stand for no person of the committee: pages that name who did
# something (a month reopened, a plan closed) name them as they name everyone.
DEMO_ACCOUNT_NAMES = {"lanhdao": "Hoàng Văn Lãnh Đạo", "quantri": "Đặng Văn Hệ Thống", "admin": "Trần Quản Trị"}

# Demo committees one level down: a district committee and a department working group.
DEMO_SUBCOMMITTEES = [
    {
        "kind": Committee.Kind.DISTRICT,
        "unit": "412",
        "name": "Ban Chỉ đạo cải cách hành chính thành phố Vinh",
        "short_name": "BCĐ CCHC TP Vinh",
        "decision": ("15-QĐ/ThU", date(2023, 4, 20), "Ban Thường vụ Thành ủy Vinh"),
        "size": 11,
        "members": [
            ("Nguyễn Văn Vinh Một", "Bí thư Thành ủy Vinh", R.HEAD),
            ("Trần Văn Vinh Hai", "Chủ tịch UBND thành phố Vinh", R.STANDING_DEPUTY),
            ("Lê Thị Vinh Ba", "Trưởng phòng Nội vụ thành phố Vinh", R.MEMBER),
        ],
    },
    {
        "kind": Committee.Kind.WORKING_GROUP,
        "unit": "SNV",
        "name": "Tổ công tác cải cách hành chính Sở Nội vụ",
        "short_name": "Tổ công tác Sở Nội vụ",
        "decision": ("120/QĐ-SNV", date(2023, 4, 25), "Sở Nội vụ"),
        "size": 5,
        "members": [
            ("Đỗ Văn L", None, R.HEAD),
            ("Kiều Thị C", None, R.DEPUTY),
            ("Hà Văn Tổ Viên", "Chuyên viên Sở Nội vụ", R.MEMBER),
        ],
    },
]


class _Loader:
    def __init__(self, stdout):
        self.stdout = stdout
        self.created: dict[str, int] = {}
        self.dated: dict[tuple[type, datetime], set[int]] = defaultdict(set)

    def ensure(self, model, lookup: dict, defaults: dict | None = None, *, on: date | None = None):
        """Return the row matching `lookup`, creating it (validated) if missing; never change an existing row.

        `on`: the day the sources give the row; its first audit entry (and a decision's `created_at`) is
        dated then, by `backdate`, whether the row is new or was loaded earlier."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **(defaults or {}))
            obj.full_clean()
            obj.save()
            name = model._meta.verbose_name_plural
            self.created[str(name)] = self.created.get(str(name), 0) + 1
        if on is not None:
            self.dated[(model, recorded_at(on))].add(obj.pk)
        return obj

    def backdate(self) -> None:
        """Date the loaded rows as the sources do (an update, so nothing is written when already right)."""
        changed = 0
        for (model, when), ids in self.dated.items():
            changed += (
                model.history.filter(id__in=ids, history_type="+").exclude(history_date=when).update(history_date=when)
            )
            if any(f.name == "created_at" for f in model._meta.concrete_fields):
                changed += model.objects.filter(pk__in=ids).exclude(created_at=when).update(created_at=when)
        if changed:
            shared_cache.bump("members")

    def report(self):
        if not self.created:
            self.stdout.write("  members: không có gì mới (đã nạp trước đó).")
            return
        parts = ", ".join(f"{n} {name}" for name, n in sorted(self.created.items()))
        self.stdout.write(f"  members: đã thêm {parts}.")


def recorded_at(day: date) -> datetime:
    """The moment a row the sources date `day` is recorded at: 08:00 local time that day."""
    return timezone.make_aware(datetime.combine(day, time(8)))


def demo_email(name: str) -> str:
    """A demo person's address on the reserved domain: "Lê Thị Đầu Mối" -> "le.thi.dau.moi@example.invalid"."""
    return ".".join(fold(name).split()) + "@" + DEMO_EMAIL_DOMAIN


def load(*, demo: bool, stdout) -> None:
    ensure_reference_data()
    loader = _Loader(stdout)
    units = _load_units(loader)
    committee, founding = _load_committee(loader, units)
    _grant_secretariat_admin()
    if demo:
        _load_demo(loader, units, committee, founding)
    loader.backdate()
    loader.report()


def _load_units(loader: _Loader) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    province = loader.ensure(
        Unit, {"code": PROVINCE_CODE}, {"name": "Tỉnh Nghệ An", "kind": Unit.Kind.PROVINCE}, on=FOUNDED
    )
    units[PROVINCE_CODE] = province
    for code, name in DISTRICTS:
        valid_to = CUA_LO_MERGED if code == "413" else DISTRICT_LEVEL_ABOLISHED
        units[code] = loader.ensure(
            Unit,
            {"code": code},
            {"name": name, "kind": Unit.Kind.DISTRICT, "parent": province, "valid_to": valid_to},
            on=FOUNDED,
        )
    for rows, kind in ((DEPARTMENTS, Unit.Kind.DEPARTMENT), (CENTRAL_BRANCHES, Unit.Kind.CENTRAL_BRANCH)):
        for code, name, sector_code, sector_name in rows:
            sector = loader.ensure(Sector, {"code": sector_code}, {"name": sector_name}) if sector_code else None
            units[code] = loader.ensure(
                Unit, {"code": code}, {"name": name, "kind": kind, "parent": province, "sector": sector}, on=FOUNDED
            )
    for code, name, kind in BODIES:
        units[code] = loader.ensure(Unit, {"code": code}, {"name": name, "kind": kind, "parent": province}, on=FOUNDED)
    return units


def _load_committee(loader: _Loader, units: dict[str, Unit]) -> tuple[Committee, Decision]:
    founding = loader.ensure(
        Decision,
        {"number": FOUNDING_DECISION["number"], "issuer": FOUNDING_DECISION["issuer"]},
        {"date": FOUNDING_DECISION["date"], "subject": FOUNDING_DECISION["subject"], "kind": Decision.Kind.DECISION},
        on=FOUNDED,
    )
    committee = loader.ensure(
        Committee,
        {"kind": Committee.Kind.PROVINCIAL, "unit": units[PROVINCE_CODE], "parent": None},
        {"name": COMMITTEE_NAME, "short_name": "BCĐ CCHC tỉnh", "established_by": founding, "declared_size": 25},
        on=FOUNDED,
    )
    for name, title, unit_code, role, position in NAMED:
        person = loader.ensure(
            Person, {"full_name": name, "is_demo": False}, {"title": title, "unit": units[unit_code]}, on=FOUNDED
        )
        _seat(loader, committee, person, role, position, units[unit_code], founding, FOUNDED, is_demo=False)
    return committee, founding


def _seat(loader, committee, person, role, position, unit, decision, start, *, is_demo) -> Membership:
    """The seat `decision` gave `person` on `committee` (whatever happened to it since)."""
    return loader.ensure(
        Membership,
        {"committee": committee, "person": person, "appointed_by": decision},
        {"role": role, "position": position, "unit": unit, "start": start, "is_demo": is_demo},
        on=start,
    )


def _grant_secretariat_admin() -> None:
    """The secretariat keeps the roster in the admin too: view, add and change (never delete) members data."""
    group = Group.objects.get(name=Role.SECRETARIAT)
    perms = Permission.objects.filter(content_type__app_label="members").exclude(codename__startswith="delete_")
    group.permissions.add(*perms)


def _load_demo(loader: _Loader, units, committee: Committee, founding: Decision) -> None:
    areas = {a.code: a for a in ReformArea.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    people: dict[str, Person] = {}

    for name, position, unit_code, (area_codes, unit_codes, sector_codes) in DEMO_SEATS:
        person = _demo_person(loader, name, position, units[unit_code], FOUNDED)
        people[name] = person
        seat = _seat(loader, committee, person, R.MEMBER, position, units[unit_code], founding, FOUNDED, is_demo=True)
        if (
            not Assignment.objects.filter(membership=seat, is_demo=True, transferred_from=None).exists()
            and seat.end is None
        ):
            a = loader.ensure(
                Assignment,
                {"membership": seat, "start": FIRST_SESSION, "is_demo": True, "transferred_from": None},
                {"note": "Phân công tại phiên họp thứ nhất ngày 11/04/2023."},
                on=FIRST_SESSION,
            )
            a.areas.set([areas[c] for c in area_codes])
            a.units.set([units[c] for c in unit_codes])
            a.sectors.set([sectors[c] for c in sector_codes])

    for name, title, unit_code, role in DEMO_SUPPORT:
        person = _demo_person(loader, name, title, units[unit_code], FOUNDED)
        people[name] = person
        _seat(loader, committee, person, role, title, units[unit_code], founding, FOUNDED, is_demo=True)

    for spec in DEMO_SUBCOMMITTEES:
        number, day, issuer = spec["decision"]
        decision = loader.ensure(
            Decision,
            {"number": number, "issuer": issuer},
            {"date": day, "subject": f"Thành lập {spec['name']}", "kind": Decision.Kind.DECISION, "is_demo": True},
            on=day,
        )
        sub = loader.ensure(
            Committee,
            {"kind": spec["kind"], "unit": units[spec["unit"]], "parent": committee},
            {
                "name": spec["name"],
                "short_name": spec["short_name"],
                "established_by": decision,
                "declared_size": spec["size"],
                "is_demo": True,
            },
            on=day,
        )
        for name, title, role in spec["members"]:
            person = people.get(name) or _demo_person(loader, name, title, units[spec["unit"]], day)
            _seat(loader, sub, person, role, title or person.title, person.unit, decision, day, is_demo=True)

    _demo_accounts(loader, units, people)


def _demo_person(loader: _Loader, name: str, title: str, unit: Unit, on: date) -> Person:
    """A demo person, with a demo e-mail address (given to one loaded earlier without it)."""
    person = loader.ensure(
        Person, {"full_name": name, "is_demo": True}, {"title": title, "unit": unit, "email": demo_email(name)}, on=on
    )
    if not person.email:
        person.email = demo_email(name)
        person.full_clean()
        person.save(update_fields=["email"])
    return person


def _demo_accounts(loader: _Loader, units, people: dict[str, Person]) -> None:
    User = get_user_model()
    for username, (groups, person_name, title, unit_code) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_staff=username in ("admin", "thuky"), is_superuser=username == "admin")
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
            user.save()
            loader.created["tài khoản"] = loader.created.get("tài khoản", 0) + 1
        elif not user.email:
            user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
            user.save(update_fields=["email"])
        user.groups.add(*Group.objects.filter(name__in=groups))
        if not user.first_name and username in DEMO_ACCOUNT_NAMES:
            user.first_name = DEMO_ACCOUNT_NAMES[username]
            user.save(update_fields=["first_name"])
        if person_name is None:
            continue
        person = people.get(person_name) or _demo_person(loader, person_name, title or "", units[unit_code], FOUNDED)
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
        if not user.first_name:
            user.first_name = person.full_name
            user.save(update_fields=["first_name"])
        if person.user_id == user.pk and person.email and user.email == f"{username}@{DEMO_EMAIL_DOMAIN}":
            # One address per person: a password reset asked with the address the person page shows reaches them.
            user.email = person.email
            user.save(update_fields=["email"])
