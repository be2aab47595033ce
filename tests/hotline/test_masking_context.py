"""Masking of what a newcomer trial found left in the public title and summary a report prefills
(hotline/personal_context.py): e-mail addresses with a spelled-out domain ("an (at) gmail chấm com"), part
of the submitter's name ("bà Trần Hoa"), one part of the submitter's address where someone lives ("ở Hưng
Bình"), a phone number read out in words; and the official sentences that must stay as written."""

import html
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline import workflow
from hotline.models import Report
from hotline.personal import has_personal, mask_personal
from tests.conftest import client_for

from .conftest import MONDAY, make_report

NAME = "Trần Thị Hoa"
ADDRESS = "số 12 Lê Lợi, phường Hưng Bình, TP Vinh, Nghệ An"
PHONE, EMAIL, PLACE, PERSON = "[số điện thoại]", "[thư điện tử]", "[địa chỉ]", "[họ tên]"

# (text, submitter's name, submitter's address, what must not remain of it)
TRIAL = [
    ("Liên hệ an (at) gmail chấm com nhé", NAME, ADDRESS, ["gmail", "chấm com", "an (at)"]),
    ("Thư: hoa (at) gmail chấm com", NAME, ADDRESS, ["hoa (at)", "gmail", "com"]),
    ("Thư: hoa AT gmail DOT com.", NAME, ADDRESS, ["hoa AT", "gmail", "DOT com"]),
    ("Thư hoa(a)gmail.com", NAME, ADDRESS, ["hoa(a)", "gmail.com"]),
    ("Thư hoa.tran @ yahoo . com, gọi lại", NAME, ADDRESS, ["hoa.tran", "yahoo", ". com"]),
    ("Thư binh a còng gmail chấm com", NAME, ADDRESS, ["binh", "gmail", "chấm com"]),
    ("Thư [a còng] kiểu khác: hoa [a còng] gmail chấm com chấm vn", NAME, ADDRESS, ["gmail", "chấm vn"]),
    ("Thư an @ gmail.com", NAME, ADDRESS, ["gmail.com"]),
    ("Thư an(at)gmail.com", NAME, ADDRESS, ["gmail.com"]),
    ("bà Trần Hoa phản ánh hồ sơ chậm", NAME, ADDRESS, ["Trần Hoa", "Hoa"]),
    ("Chị Hoa phản ánh", NAME, ADDRESS, ["Hoa"]),
    ("bà Hoa gọi lại", NAME, ADDRESS, ["Hoa"]),
    ("Tran Thi Hoa phan anh", NAME, ADDRESS, ["Tran", "Hoa"]),
    ("Tôi là Thị Hoa", NAME, ADDRESS, ["Hoa"]),
    ("Ông Bình ở Hưng Bình phản ánh", "Nguyễn Văn Bình", ADDRESS, ["Bình"]),
    ("Nhà tôi ở phường Hưng Bình bị ngập", NAME, ADDRESS, ["Hưng Bình"]),
    ("Tôi trú tại P. Hưng Bình", NAME, ADDRESS, ["Hưng Bình"]),
    ("Địa chỉ: số 12 Lê Lợi", NAME, ADDRESS, ["Lê Lợi", "12"]),
    ("Tôi sống ở Lê Lợi", NAME, ADDRESS, ["Lê Lợi"]),
    ("Gọi không chín một hai ba bốn năm sáu bảy tám nhé", NAME, ADDRESS, ["chín một hai", "bảy tám"]),
    ("Gọi 0 9 1 2 3 4 5 6 7 8 nhé", NAME, ADDRESS, ["9 1 2", "7 8"]),
    ("SĐT: không 9 một 2 ba 4 năm 6 bảy 8", NAME, ADDRESS, ["9 một", "bảy 8"]),
]


@pytest.mark.parametrize(("text", "name", "address", "gone"), TRIAL)
def test_the_trial_inputs_are_masked_and_refused(text, name, address, gone):
    masked = mask_personal(text, names=[name], addresses=[address])
    for value in gone:
        assert value not in masked, masked
    assert masked != text and has_personal(text, names=[name], addresses=[address])


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Thư: hoa AT gmail DOT com.", f"Thư: {EMAIL}."),
        ("bà Trần Hoa phản ánh", f"bà {PERSON} phản ánh"),
        ("Ông Bình ở Hưng Bình phản ánh", f"Ông Bình ở {PLACE} phản ánh"),
        ("Gọi không chín một hai ba bốn năm sáu bảy tám nhé", f"Gọi {PHONE} nhé"),
    ],
)
def test_only_the_personal_data_is_replaced(text, masked):
    assert mask_personal(text, names=[NAME], addresses=[ADDRESS]) == masked


@pytest.mark.parametrize(
    "kept",
    [
        "Hồ sơ bị chậm, đề nghị chấn chỉnh.",
        "Tôi đến lúc 9 giờ, chờ đến 11 giờ.",
        "Look at that: the data is late.",
        "Sở Nội vụ đã chấn chỉnh việc chậm trả hồ sơ tại bộ phận một cửa phường Hưng Bình.",
        "UBND phường Hưng Bình đã xử lý.",
        "Sở đã làm việc tại UBND phường Hưng Bình.",
        "Trụ sở ở TP Vinh.",  # district level alone
        "Ông Trần Văn Hùng, Giám đốc Sở, đã chỉ đạo.",  # the family name alone is no one's
        "Phòng Văn hóa phản ánh thị trường.",  # words of "Hoàng Văn Hóa", "Lê Thị Trường" not written as a name
        "Nhà văn hóa xóm 3 ở xóm 3 đã sửa.",  # a part that is only a number
        "Năm 2023 có ba hai vụ việc.",  # digit words that make no phone number
        "Ý kiến (a) xong . Tiếp theo là ý (b).",
        "Hạn xử lý hai mươi ngày, ba ngày làm việc.",
    ],
)
def test_official_sentences_are_kept(kept):
    address = "Xóm 3, xã Nghi Phú, huyện Nghi Lộc"
    names = [NAME, "Hoàng Văn Hóa", "Lê Thị Trường"]
    assert mask_personal(kept, names=names, addresses=[ADDRESS, address]) == kept
    assert not has_personal(kept, names=names, addresses=[ADDRESS, address])


# Words of official sentences: digit words, "at", "chấm"/"chậm", "ở"/"tại" before an office, a ward named
# by an office; none of them the submitter's.
OFFICIAL_WORDS = st.sampled_from(
    [
        "Sở Nội vụ",
        "đã chấn chỉnh",
        "chậm",
        "chấm",
        "at",
        "AT",
        "dot",
        ".",
        "ba",
        "hai",
        "năm",
        "không",
        "một",
        "tại",
        "ở",
        "UBND phường Hưng Bình",
        "bộ phận một cửa",
        "Văn hóa",
        "Thị",
        "hồ sơ",
        "9 giờ",
        "(a)",
        "com",
    ]
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(OFFICIAL_WORDS, max_size=12))
def test_official_words_in_any_order_are_kept(words):
    text = " ".join(words)
    assert mask_personal(text, names=[NAME], addresses=[ADDRESS]) == text


@settings(max_examples=200, deadline=None)
@given(
    local=st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,6})?", fullmatch=True),
    domain=st.sampled_from(["gmail", "yahoo", "nghean", "outlook"]),
    tld=st.sampled_from(["com", "vn", "com.vn", "gov.vn", "net"]),
    at=st.sampled_from([" (at) ", "(a)", " AT ", " at ", " a còng ", " [a còng] ", " @ "]),
    dot=st.sampled_from([" chấm ", " CHẤM ", " . ", " DOT ", " dot ", "."]),
    after=st.sampled_from(["", " nhé", ", gọi lại", ". Cảm ơn"]),
)
def test_an_e_mail_address_with_a_spelled_out_domain_is_masked_whole(local, domain, tld, at, dot, after):
    text = f"Thư {local}{at}{domain}{dot}{tld.replace('.', dot)}{after}"
    assert mask_personal(text) == f"Thư {EMAIL}{after}"


@pytest.mark.parametrize(
    "repeated",
    [
        "an (at) gmail chấm chấm không chín một hai ba ở phường Hưng Trần Thị a còng x . y ",
        "không một ",  # digit words that start a number at every other token
        "0 chín ",
        "x (at) a chấm ",  # a domain that never reaches a top-level domain
        "a.",
        "a (a) ",
        "ở phường số 12 ",
        "Trần Thị ",
    ],
)
def test_a_10000_character_worst_case_stays_well_under_a_second(repeated):
    text = (repeated * (10_000 // len(repeated) + 1))[:10_000]
    started = time.perf_counter()
    mask_personal(text, names=[NAME], addresses=[ADDRESS])
    assert time.perf_counter() - started < 0.8


@pytest.mark.django_db
def test_the_public_prefill_masks_the_trial_input_and_publishing_an_answer_naming_the_ward_is_allowed(
    categories, department, operator_user, focal_user
):
    report, _ = make_report(
        categories,
        contact_name=NAME,
        contact_address=ADDRESS,
        title="Bà Trần Hoa ở Hưng Bình phản ánh",
        content="Thư hoa (at) gmail chấm com, gọi không chín một hai ba bốn năm sáu bảy tám.",
    )
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết.", send=True, now=MONDAY)
    page = html.unescape(client_for(operator_user).get(reverse("hotline:detail", args=[report.pk])).content.decode())
    title = re.search(r'name="public_title"[^>]*value="([^"]*)"', page).group(1)
    summary = re.search(r'<textarea name="public_summary"[^>]*>(.*?)</textarea>', page, re.S).group(1).strip()
    assert title == f"Bà {PERSON} ở {PLACE} phản ánh"
    assert summary == f"Thư {EMAIL}, gọi {PHONE}."

    def publish(answer: str) -> Report:
        return workflow.review_answer(
            report=Report.objects.get(pk=report.pk),
            user=operator_user,
            approve=True,
            publish=True,
            answer=answer,
            public_title=title,
            public_summary=summary,
            note="",
            now=MONDAY,
        )

    with pytest.raises(ValidationError) as caught:
        publish("Đã liên hệ bà Trần Hoa ở Hưng Bình.")
    assert "answer" in caught.value.message_dict
    official = "Sở Nội vụ đã chấn chỉnh việc chậm trả hồ sơ tại bộ phận một cửa phường Hưng Bình."
    assert publish(official).answer == official
