"""The loader gives the provincial committee its Party letterhead, and the demo committees theirs."""

from io import StringIO

import pytest

from documents import seed
from documents.letterheads import letterhead_for
from documents.models import Letterhead
from members import seed as members_seed
from members.models import Committee
from members.selectors import provincial_committee

pytestmark = pytest.mark.django_db


def load(demo: bool) -> None:
    members_seed.load(demo=demo, stdout=StringIO())
    seed.load(demo=demo, stdout=StringIO())


def test_the_provincial_committee_issues_in_the_party_layout_signed_by_its_head(reference_data):
    load(demo=False)
    committee = provincial_committee()
    saved = Letterhead.objects.get(committee=committee)
    assert (saved.layout, saved.governing_body, saved.issuing_body, saved.symbol, saved.place) == (
        Letterhead.Layout.PARTY,
        "TỈNH ỦY NGHỆ AN",
        "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH",  # two balanced lines (Decree 30's samples)
        "BCĐ",
        "Nghệ An",
    )
    assert letterhead_for(committee).signer_name == "Thái Thanh Quý"
    assert Letterhead.objects.count() == 1  # demo committees only with --demo


def test_the_demo_committees_get_theirs_and_a_reload_changes_nothing(reference_data):
    load(demo=True)
    Letterhead.objects.filter(committee=provincial_committee()).update(place="Vinh")  # edited in the app
    load(demo=True)
    heads = {lh.committee.kind: lh for lh in Letterhead.objects.select_related("committee")}
    assert heads[Committee.Kind.PROVINCIAL].place == "Vinh"
    city = heads[Committee.Kind.DISTRICT]
    assert (city.layout, city.governing_body, city.place) == (Letterhead.Layout.PARTY, "THÀNH ỦY VINH", "Vinh")
    group = heads[Committee.Kind.WORKING_GROUP]
    assert (group.layout, group.governing_body, group.issuing_name, group.filing_code) == (
        Letterhead.Layout.STATE,
        "SỞ NỘI VỤ",
        "TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "",  # no secretariat of its own: "Lưu: VT."
    )
    assert heads[Committee.Kind.PROVINCIAL].filing_code == "BPTT"
    assert Letterhead.objects.count() == 3
