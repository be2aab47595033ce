"""The letterheads of the Nghệ An committees (docs/domain.md, "Official documents").

Real data: the provincial committee was set up by the Tỉnh ủy's standing board (1830-QĐ/TU of
06/03/2023), so it issues in the Party layout: "TỈNH ỦY NGHỆ AN" over "BAN CHỈ ĐẠO CẢI CÁCH HÀNH
CHÍNH TỈNH", numbers "05-BC/BCĐ", dated in "Nghệ An", signed "T/M BAN CHỈ ĐẠO / TRƯỞNG BAN". The
signer's name is left to the membership: the head in office on the day of issue (Thái Thanh Quý,
Bí thư Tỉnh ủy, in the sources).

Demo (`demo=True`): the demo committees' letterheads as derived from what set them up
(documents.letterheads): the Vinh committee (15-QĐ/ThU of the Thành ủy's standing board) in the
Party layout under "THÀNH ỦY VINH", dated "Vinh"; the Sở Nội vụ working group (120/QĐ-SNV) in the
state layout under "SỞ NỘI VỤ".

Idempotent: a committee that has a letterhead keeps it (the secretariat may have edited it).
"""

from __future__ import annotations

from members.models import Committee

from .letterheads import default_letterhead
from .models import Letterhead

PROVINCIAL = {
    "layout": Letterhead.Layout.PARTY,
    "governing_body": "TỈNH ỦY NGHỆ AN",
    "issuing_body": "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH",
    "filing_code": "BPTT",
    "symbol": "BCĐ",
    "place": "Nghệ An",
    "signing_authority": "T/M BAN CHỈ ĐẠO",
    "signer_position": "TRƯỞNG BAN",
    "signer_name": "",
}


def load(*, demo: bool, stdout) -> None:
    provincial = Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()
    if provincial is None:
        stdout.write("  documents: chưa có Ban Chỉ đạo (cần nạp members trước), bỏ qua.")
        return
    made = 0
    if not Letterhead.objects.filter(committee=provincial).exists():
        letterhead = Letterhead(committee=provincial, **PROVINCIAL)
        letterhead.full_clean()
        letterhead.save()
        made += 1
    if demo:
        for committee in Committee.objects.filter(is_demo=True, letterhead__isnull=True).select_related(
            "unit__parent", "established_by"
        ):
            letterhead = default_letterhead(committee)
            letterhead.signer_name = ""
            letterhead.full_clean()
            letterhead.save()
            made += 1
    stdout.write(f"  documents: đã thêm {made} thể thức văn bản." if made else "  documents: không có gì mới.")
