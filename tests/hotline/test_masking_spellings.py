"""Masking of what a newcomer trial found left in hotline texts (hotline/personal.py): e-mail addresses
spelled out ("binh.tran (at) example dot com"), a phone number in brackets ("(+84)912-345-678"), a name
typed against a number ("Trần Văn Bình0912345678"), part of the submitter's address ("Lê Lợi, Hưng
Bình"); and the office's own numbers, which a published answer may carry."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hotline import workflow
from hotline.models import Report
from hotline.personal import canonical_phone, has_personal, mask_personal
from tests.conftest import client_for

from .conftest import MONDAY, make_report

NAME = "Trần Văn Bình"
ADDRESS = "số 12 Lê Lợi, phường Hưng Bình, TP Vinh"
PHONE, EMAIL, PLACE, PERSON = "[số điện thoại]", "[thư điện tử]", "[địa chỉ]", "[họ tên]"

# Words of ordinary Vietnamese text around the personal data (no digits, no "@": nothing personal).
WORDS = st.sampled_from(
    [
        "Tôi",
        "đề nghị",
        "gọi lại",
        "số điện thoại",
        "liên hệ",
        "hồ sơ",
        "chậm",
        "Ủy ban",
        "xin cảm ơn",
        "Ông/Bà",
        "địa chỉ thư",
        "nhé",
        "ĐT",
        "Email",
        "SĐT",
        "phường",
        "TP Vinh",
    ]
)
TEXT = st.lists(WORDS, max_size=6).map(" ".join)
BEFORE = st.sampled_from(["", " ", ": ", ", ", " - ", "(", " (", "Bình", "là"])
AFTER = st.sampled_from(["", " ", ".", ",", ")", " nhé", "nhé", ";"])
# After an e-mail address a space or a punctuation mark and a space (a letter or a dot glued to it would read
# as more of its domain).
AFTER_EMAIL = st.sampled_from(["", " ", ". ", ", ", ") ", " nhé", "; "])
# Mobile prefixes in use in Vietnam (after the leading 0).
MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70", "76", "77", "78", "79"]
MOBILE_PREFIXES += ["81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96", "97", "98", "99"]


@st.composite
def mobile_numbers(draw) -> str:
    """A valid VN mobile number's national significant number (9 digits; valid as libphonenumber says)."""
    digits = draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7))
    nsn = draw(st.sampled_from(MOBILE_PREFIXES)) + "".join(digits)
    assume(canonical_phone("0" + nsn) == "0" + nsn)
    return nsn


def spellings(nsn: str) -> list[str]:
    """The common ways a person writes the mobile number 0`nsn`."""
    a, b, c = nsn[:3], nsn[3:6], nsn[6:]
    national = "0" + nsn
    return [
        national,
        f"0{a} {b} {c}",
        f"0{a}.{b}.{c}",
        f"0{a}-{b}-{c}",
        f"{national[:3]} {national[3:6]} {national[6:]}",
        f"{national[:4]} {national[4:6]} {national[6:8]} {national[8:]}",
        f"+84{nsn}",
        f"+84 {a} {b} {c}",
        f"84{nsn}",
        f"(+84){a}-{b}-{c}",
        f"(+84) {a} {b} {c}",
        f"(0{a}) {b} {c}",
        f"0084 {a} {b} {c}",
        f"0{a}\u00a0{b}\u00a0{c}",
        "".join(chr(0xFF10 + int(d)) for d in national),  # full-width digits
    ]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(before=TEXT, opening=BEFORE, nsn=mobile_numbers(), style=st.integers(0, 14), closing=AFTER, after=TEXT)
def test_any_mobile_number_in_any_common_spelling_is_masked_whole(before, opening, nsn, style, closing, after):
    written = spellings(nsn)[style]
    text = f"{before}{opening}{written}{closing}{after}"
    assert mask_personal(text) == f"{before}{opening}{PHONE}{closing}{after}"


@settings(max_examples=200, deadline=None)
@given(
    before=TEXT,
    local=st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,6})?", fullmatch=True),
    domain=st.sampled_from(["example", "gmail", "nghean", "yahoo"]),
    tld=st.sampled_from(["com", "vn", "com.vn", "gov.vn"]),
    at=st.sampled_from(["@", " @ ", "(at)", " (at) ", "[at]", " [at] ", "{at}", " (AT) ", " [a còng] ", " a còng "]),
    dot=st.sampled_from([".", " dot ", "(dot)", " (dot) ", "[dot]", " [chấm] ", " DOT "]),
    closing=AFTER_EMAIL,
    after=TEXT,
)
def test_any_e_mail_address_written_or_spelled_out_is_masked_whole(before, local, domain, tld, at, dot, closing, after):
    address = f"{local}{at}{domain}{dot}{tld.replace('.', dot)}"
    if not closing:
        after = ""
    text = f"{before} {address}{closing}{after}"
    assert mask_personal(text) == f"{before} {EMAIL}{closing}{after}"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Thư: binh.tran @ example.com", f"Thư: {EMAIL}"),
        ("Thư: binh.tran(at)example.com.", f"Thư: {EMAIL}."),
        ("Thư: binh.tran [at] example dot com nhé", f"Thư: {EMAIL} nhé"),
        ("binh@gmail.com chậm trễ", f"{EMAIL} chậm trễ"),  # "chậm" is not a spelled-out dot
        ("(+84)912-345-678", PHONE),
        ("Gọi (+84)912-345-678 giúp", f"Gọi {PHONE} giúp"),
        ("Máy bàn (0238) 3844 123", f"Máy bàn {PHONE}"),
        ("Số của tôi (0912345678).", f"Số của tôi ({PHONE})."),
        ("1. 0912345678", f"1. {PHONE}"),
        ("0912345678/0987654321", f"{PHONE}/{PHONE}"),
    ],
)
def test_the_trial_spellings_are_masked(text, masked):
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Trần Văn Bình0912345678", f"{PERSON}{PHONE}"),
        ("TRAN VAN BINH0912345678 phản ánh", f"{PERSON}{PHONE} phản ánh"),
        ("0912345678Trần Văn Bình", f"{PHONE}{PERSON}"),
        ("anh Bình0912345678", f"{PERSON}{PHONE}"),
        ("Trần Văn Bình+84912345678", f"{PERSON}{PHONE}"),
    ],
)
def test_a_name_typed_against_a_number_is_masked_with_it(text, masked):
    assert mask_personal(text, names=[NAME]) == masked


@pytest.mark.parametrize(
    "kept",
    ["Mã hồ sơ 000.00.12.H42-230605-0001", "Lệ phí 100.000.000 đồng, nộp ngày 12.05.2024", "Bìnhxuyên 12"],
)
def test_codes_amounts_and_longer_words_are_kept(kept):
    assert mask_personal(kept, names=[NAME]) == kept


@pytest.mark.parametrize(
    "written",
    [
        "Lê Lợi, Hưng Bình",
        "Lê Lợi Hưng Bình",
        "Lê Lợi - Hưng Bình",
        "Lê Lợi;Hưng Bình",
        "LE LOI / HUNG BINH",
        "le loi,   hung binh",
        "đường Lê Lợi, phường Hưng Bình",
        "Lê Lợi, P. Hưng Bình",
        "số 12 Lê Lợi, Hưng Bình",
        "Hưng Bình, TP Vinh",
        "Hưng Bình, Vinh",
        "Lê Lợi, Hưng Bình, TP. Vinh",
        "12 Lê Lợi - P.Hưng Bình - Vinh",
    ],
)
def test_two_or_more_consecutive_parts_of_the_submitters_address_are_masked(written):
    masked = mask_personal(f"Nhà tôi ở {written} bị ngập.", addresses=[ADDRESS])
    assert masked == f"Nhà tôi ở {PLACE} bị ngập."


@pytest.mark.parametrize(
    "kept",
    [
        "đường Lê Lợi bị ngập",  # one part alone is no one's address
        "UBND phường Hưng Bình đã xử lý",
        "UBND TP Vinh, tỉnh Nghệ An đã chỉ đạo",  # district level and above
        "Hưng Bình và Lê Lợi",  # not consecutive
        "Vinh, Hưng Bình",  # not in the address's order
    ],
)
def test_a_single_part_or_other_places_are_kept(kept):
    assert mask_personal(kept, addresses=[ADDRESS, "Xóm 3, xã Nghi Phú, TP Vinh, Nghệ An"]) == kept


def test_numbered_parts_of_an_address_are_matched_with_what_names_them():
    address = "Xóm 3, xã Nghi Phú, huyện Nghi Lộc"
    assert mask_personal("ở xóm 3 Nghi Phú", addresses=[address]) == f"ở {PLACE}"
    assert mask_personal("ở xóm 3.", addresses=[address]) == "ở xóm 3."  # one part alone


# --- the office's own numbers ------------------------------------------------------------------------


@pytest.fixture
def office(settings):
    settings.HOTLINE_PHONE = "0238 3 000 000"
    settings.HOTLINE_OFFICIAL_PHONES = ["0238 3 123 456", "(0238) 3 844 555"]


def test_the_offices_own_numbers_are_kept_and_a_personal_one_is_not(office):
    answer = "Ông/Bà liên hệ Văn phòng qua số 0238 3 123 456, 0238.3844.555 hoặc đường dây nóng 02383000000."
    assert mask_personal(answer) == answer and not has_personal(answer)
    assert has_personal("Liên hệ chị Lan 0912 345 678.")
    assert has_personal("Máy bàn nhà tôi (0238) 3 844 556.")


@pytest.mark.django_db
def test_an_answer_with_the_offices_landline_is_published_and_one_with_a_mobile_is_refused(
    office, categories, department, operator_user, focal_user
):
    report, _ = make_report(categories, contact_name=NAME, contact_address=ADDRESS)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết.", send=True, now=MONDAY)

    def publish(answer: str) -> Report:
        return workflow.review_answer(
            report=Report.objects.get(pk=report.pk),
            user=operator_user,
            approve=True,
            publish=True,
            answer=answer,
            public_title="Hồ sơ chậm",
            public_summary="Hồ sơ đăng ký kinh doanh bị chậm.",
            note="",
            now=MONDAY,
        )

    with pytest.raises(ValidationError) as caught:
        publish("Đã giải quyết. Cán bộ phụ trách: 0912 345 678.")
    assert "answer" in caught.value.message_dict
    published = publish("Đã giải quyết. Mọi thắc mắc xin gọi 0238 3 123 456.")
    assert published.answer.endswith("0238 3 123 456.")


@pytest.mark.django_db
def test_the_public_prefill_masks_the_trial_input(categories, department, operator_user, focal_user):
    report, _ = make_report(
        categories,
        contact_name=NAME,
        contact_address=ADDRESS,
        title="Trần Văn Bình0912345678 phản ánh",
        content="Nhà ở Lê Lợi, Hưng Bình. Gọi (+84)912-345-678 hoặc binh.tran [at] example dot com.",
    )
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết.", send=True, now=MONDAY)
    page = html.unescape(client_for(operator_user).get(reverse("hotline:detail", args=[report.pk])).content.decode())
    title = re.search(r'name="public_title"[^>]*value="([^"]*)"', page).group(1)
    summary = re.search(r'<textarea name="public_summary"[^>]*>(.*?)</textarea>', page, re.S).group(1).strip()
    assert title == f"{PERSON}{PHONE} phản ánh"
    assert summary == f"Nhà ở {PLACE}. Gọi {PHONE} hoặc {EMAIL}."


def test_a_long_run_of_digit_groups_is_masked_in_linear_time():
    import time

    text = "Bảng số liệu: " + " ".join(["7"] * 4000) + " gọi 0912 345 678, " + "-".join(["12"] * 3000)
    started = time.perf_counter()
    masked = mask_personal(text, names=[NAME], addresses=[ADDRESS])
    assert time.perf_counter() - started < 2
    assert "0912 345 678" not in masked and PHONE in masked
