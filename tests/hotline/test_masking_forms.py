"""Masking of the forms a newcomer trial found published: grouped identity and phone numbers,
the submitter's given name after a form of address, house-number address fragments; and the unit's
staff reading the citizen's texts masked until an operator shares the contact with the unit."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from hotline import outbox, privacy, workflow
from hotline.models import Report
from hotline.personal import has_personal, mask_personal
from tests.querycount import assert_page_queries

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db
NAME = "Hoàng Thị Mai"
ADDRESS = "Xóm 3, xã Nghi Phú, TP Vinh"
# The trial's input, as the citizen wrote it.
TITLE = "Chị Mai (CCCD 040 123 456 789) phản ánh hồ sơ chậm"
CONTENT = (
    "Tôi là HOÀNG THỊ MAI (chị Mai), ở số 12 ngõ 5 Nguyễn Du, CCCD số 040 199 012 345, "
    "gọi 0912 345 678 hoặc mai.hoang@example.vn. Chồng tôi là Lê Văn Hùng."
)
PERSONAL = ("Mai", "MAI", "040 199", "040 123", "456 789", "012 345", "số 12", "ngõ 5", "0912", "mai.hoang")


def _assert_masked(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, value


# --- masking ----------------------------------------------------------------------------------------


def test_the_trial_input_is_masked_except_other_peoples_names():
    masked = mask_personal(CONTENT, names=[NAME], addresses=[ADDRESS])
    assert masked == (
        "Tôi là [họ tên] ([họ tên]), ở [địa chỉ] [địa chỉ] Nguyễn Du, CCCD số [số giấy tờ], "
        "gọi [số điện thoại] hoặc [thư điện tử]. Chồng tôi là Lê Văn Hùng."
    )
    # Another person's name is not recognised: the help text and the preview say the operator removes it.
    assert "Lê Văn Hùng" in masked
    assert mask_personal(TITLE, names=[NAME]) == "[họ tên] (CCCD [số giấy tờ]) phản ánh hồ sơ chậm"


@pytest.mark.parametrize(
    "number",
    [
        "040 199 012 345",
        "040.199.012.345",
        "040-199-012-345",
        "0401 9901 2345",
        "040199012345",
        "186 123 456",
        "186.123.456",
    ],
)
def test_identity_numbers_in_groups_are_masked(number):
    assert mask_personal(f"CCCD {number} cấp ngày 01/06/2021") == "CCCD [số giấy tờ] cấp ngày 01/06/2021"


@pytest.mark.parametrize("phone", ["0912 345 678", "0912.345.678", "0912-345-678", "091 234 5678", "0912 34 56 78"])
def test_phone_numbers_in_groups_are_masked(phone):
    assert mask_personal(f"Gọi {phone} giúp tôi") == "Gọi [số điện thoại] giúp tôi"


@pytest.mark.parametrize(
    "kept",
    [
        "Lệ phí 100.000.000 đồng, nộp ngày 12.05.2024",
        "Tôi đã đi số 5 lần, tổ 3 người chờ",
        "Bà con xã Nghi Phú phản ánh",
        "Chị Lan và anh Hùng",
        "Mã hồ sơ 000.00.12.H42-230605-0001",
    ],
)
def test_ordinary_numbers_and_other_given_names_are_kept(kept):
    assert mask_personal(kept, names=[NAME]) == kept


@pytest.mark.parametrize(
    "written",
    ["chị Mai", "Chị Mai", "CHỊ MAI", "chi mai", "em Mai", "bà Mai", "cô MAI", "cháu Mai", "con Mai", "bác Mai"],
)
def test_the_given_name_after_a_form_of_address_is_masked(written):
    assert mask_personal(f"Tôi ({written}) đề nghị", names=[NAME]) == "Tôi ([họ tên]) đề nghị"
    assert mask_personal(f"Tôi ({written}) đề nghị") == f"Tôi ({written}) đề nghị"  # only the submitter's


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("ở số 12 ngõ 5 Nguyễn Du", "ở [địa chỉ] [địa chỉ] Nguyễn Du"),
        ("nhà ở ngách 3/2 phố Huế", "nhà ở [địa chỉ] phố Huế"),
        ("hẻm 7 Lê Lợi", "[địa chỉ] Lê Lợi"),
        ("kiệt 4 đường Trần Phú", "[địa chỉ] đường Trần Phú"),
        ("tổ 6, khối Tân Hợp", "[địa chỉ], khối Tân Hợp"),
        ("xom 2 xa Nghi Phu", "[địa chỉ] xa Nghi Phu"),
    ],
)
def test_house_number_fragments_of_an_address_are_masked(text, masked):
    assert mask_personal(text) == masked


def test_the_publish_check_uses_the_same_patterns(categories, department, operator_user, focal_user):
    report, _ = make_report(categories, contact_name=NAME, title=TITLE, content=CONTENT)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết.", send=True, now=MONDAY)
    for summary in ("Chị Mai phản ánh.", "CCCD 040 123 456 789.", "Nhà số 12 ngõ 5 Nguyễn Du."):
        assert has_personal(summary, names=[NAME])
        with pytest.raises(ValidationError) as caught:
            workflow.review_answer(
                report=Report.objects.get(pk=report.pk),
                user=operator_user,
                approve=True,
                publish=True,
                answer="Đã giải quyết.",
                public_title="Hồ sơ chậm",
                public_summary=summary,
                note="",
                now=MONDAY,
            )
        assert "public_summary" in caught.value.message_dict


# --- pages ------------------------------------------------------------------------------------------


@pytest.fixture
def routed(categories, department, operator_user):
    report, _ = make_report(categories, contact_name=NAME, title=TITLE, content=CONTENT)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    return Report.objects.get(pk=report.pk)


def _section(html: str, marker: str) -> str:
    return html[html.index(marker) :]


def test_the_focal_point_reads_the_texts_masked_until_the_contact_is_shared(clients, routed, operator_user):
    focal = clients["focal_point"]
    url = reverse("hotline:detail", args=[routed.pk])
    html = focal.get(url).content.decode()
    page = _section(html, 'id="report-title"')
    assert "[họ tên] (CCCD [số giấy tờ]) phản ánh hồ sơ chậm" in page
    assert "[số điện thoại]" in page and "[thư điện tử]" in page and "[địa chỉ]" in page
    _assert_masked(html)
    assert "phananh@example.vn" not in html and "0912345678" not in html
    assert "khi điều phối viên chia sẻ" in html  # the contact block says who may see it, as the consent does
    inbox = focal.get(reverse("hotline:unit_inbox")).content.decode()
    assert "[họ tên] (CCCD [số giấy tờ])" in inbox
    _assert_masked(inbox)

    workflow.share_contact(report=Report.objects.get(pk=routed.pk), user=operator_user, now=MONDAY)
    html = focal.get(url).content.decode()
    assert TITLE in html and "Tôi là HOÀNG THỊ MAI (chị Mai), ở số 12 ngõ 5 Nguyễn Du" in html
    assert TITLE in focal.get(reverse("hotline:unit_inbox")).content.decode()


def test_operators_and_leadership_read_the_texts_as_written(clients, routed):
    url = reverse("hotline:detail", args=[routed.pk])
    for role in ("hotline_operator", "leadership"):
        assert TITLE in clients[role].get(url).content.decode()
    assert TITLE not in clients["secretariat"].get(url).content.decode()


def test_the_citizens_public_notes_and_the_answer_draft_are_masked_for_the_unit(clients, routed, focal_user):
    Report.objects.filter(pk=routed.pk).update(answer="Kính gửi chị Mai, số CCCD 040 199 012 345 đã xác minh.")
    routed.events.create(kind="reopened", at=MONDAY, note="Chị Mai gọi lại 0912 345 678", is_public=True)
    html = clients["focal_point"].get(reverse("hotline:detail", args=[routed.pk])).content.decode()
    assert "Kính gửi [họ tên], số CCCD [số giấy tờ] đã xác minh." in html
    assert "[họ tên] gọi lại [số điện thoại]" in html
    _assert_masked(html)


def test_notices_to_the_unit_carry_the_masked_title(focal_user, routed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.drain(now=MONDAY)
    notice = Notification.objects.get(user=focal_user, title__startswith="Đơn vị được giao")
    assert "[họ tên] (CCCD [số giấy tờ])" in notice.body
    _assert_masked(notice.title + notice.body + "".join(m.body for m in mail.outbox))


def test_for_viewer_never_changes_the_report(routed, focal_user):
    shown = privacy.for_viewer(focal_user, routed)
    assert shown.title != routed.title and routed.title == TITLE
    assert Report.objects.get(pk=routed.pk).title == TITLE


# --- publication ------------------------------------------------------------------------------------


def test_the_prefilled_public_texts_and_the_published_page_carry_no_personal_data(client, clients, routed, focal_user):
    workflow.save_answer(
        report=Report.objects.get(pk=routed.pk), user=focal_user, answer="Sở đã giải quyết.", send=True, now=MONDAY
    )
    operator = clients["hotline_operator"]
    html = operator.get(reverse("hotline:detail", args=[routed.pk])).content.decode()
    form = _section(html, 'id="review-form"')
    form = form[: form.index("</form>")]
    assert "hãy kiểm tra và lược bỏ tên người khác" in form  # the help text no longer promises all names
    assert "đã lược bỏ họ tên" not in form
    prefilled = operator.get(reverse("hotline:detail", args=[routed.pk])).context["review_form"].initial
    _assert_masked(prefilled["public_title"] + prefilled["public_summary"])
    assert "Lê Văn Hùng" in prefilled["public_summary"]  # not recognised: the operator removes it
    url = reverse("hotline:review", args=[routed.pk])
    data = {
        "decision": "approve",
        "answer": "Sở đã giải quyết.",
        "publish": "on",
        "public_title": prefilled["public_title"],
        "public_summary": prefilled["public_summary"].replace("Chồng tôi là Lê Văn Hùng.", ""),
    }
    preview = operator.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "Tên người khác" in _section(preview.content.decode(), 'id="public-preview"')
    key = preview.context["review_form"]["previewed"].value()
    assert operator.post(url, {**data, "previewed": key}).status_code == 302
    page = client.get(reverse("hotline:published")).content.decode()
    assert "[họ tên] (CCCD [số giấy tờ]) phản ánh hồ sơ chậm" in page
    _assert_masked(page)
    assert "Hùng" not in page


@pytest.mark.parametrize("shared", [False, True])
def test_the_unit_pages_run_the_pinned_queries_shared_or_not(clients, routed, operator_user, shared):
    """The same counts as tests/hotline/test_queries.py pins for the focal point: masking reads no more."""
    if shared:
        workflow.share_contact(report=routed, user=operator_user, now=MONDAY)
    focal = clients["focal_point"]
    assert_page_queries(focal, reverse("hotline:detail", args=[routed.pk]), 13, label="report page, focal point")
    assert_page_queries(focal, reverse("hotline:unit_inbox"), 10, params={"view": "all"}, label="unit inbox")
