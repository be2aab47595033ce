"""Who will see what a staff member types into a hotline form: every text field of a staff form says it,
at the end of its help text, so nothing meant for colleagues reaches the citizen, nor the other way round.

A staff form inherits `SaysWhoSees` and names, in `SEEN_BY`, each text field with one of the statements
below (or its own, when no statement fits): the field keeps it as `seen_by` and shows it under the field
(templates/core/_field.html prints the help text). tests/hotline/test_field_visibility.py walks the forms.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PUBLIC_TO_CITIZEN = _("Người phản ánh sẽ thấy nội dung này khi tra cứu.")
STAFF_ONLY = _("Chỉ cán bộ xem; người phản ánh không thấy.")
# The caller's contact details (hotline/privacy.py can_see_contact): never public, never on the look-up page.
CONTACT_STAFF_ONLY = _(
    "Chỉ điều phối viên và lãnh đạo xem; đơn vị xử lý chỉ thấy khi điều phối viên chia sẻ thông tin liên hệ. "
    "Không công khai."
)
# The citizen's own title: on the look-up page; masked for the handling unit (privacy.for_viewer).
TITLE_SEEN_BY = _(
    "Người phản ánh thấy tiêu đề này khi tra cứu; đơn vị xử lý đọc bản đã che thông tin cá nhân. Không công khai: "
    "trang công khai dùng tiêu đề do điều phối viên duyệt."
)
CONTENT_SEEN_BY = _(
    "Chỉ cán bộ xem (đơn vị xử lý đọc bản đã che thông tin cá nhân). Không công khai: trang công khai dùng bản "
    "tóm tắt do điều phối viên duyệt."
)
# What hotline/personal.py masks by itself, and what it cannot (other people's names): the operator checks.
PUBLIC_TEXT_HELP = _(
    "Công khai cho mọi người. Đã tự động che số điện thoại, thư điện tử, số giấy tờ và họ tên, địa chỉ của "
    "người gửi; hãy kiểm tra và lược bỏ tên người khác và các thông tin cá nhân còn lại trước khi duyệt."
)
ANSWER_SEEN_BY = _("Người phản ánh sẽ thấy nội dung này sau khi điều phối viên duyệt.")
ANSWER_PUBLISHED_SEEN_BY = _("Người phản ánh sẽ thấy nội dung này; nếu công khai, mọi người đều thấy.")
ANSWER_FILES_SEEN_BY = _("Người phản ánh tải được khi tra cứu.")
EXTENSION_NOTE_SEEN_BY = _("Chỉ cán bộ xem; người phản ánh chỉ thấy hạn trả lời mới khi đồng ý gia hạn.")


def seen_by(field: forms.Field, who) -> forms.Field:
    """Have `field` say who will see what is typed in it: `who` is kept as `field.seen_by` and ends its help
    text (after what the help text already says, once). Returns the field."""
    field.seen_by = who  # type: ignore[attr-defined]
    help_text = field.help_text
    if not help_text or str(help_text) == str(who):
        field.help_text = who
    elif str(who) not in str(help_text):
        field.help_text = format_lazy("{} {}", help_text, who)
    return field


class SaysWhoSees:
    """For a staff form: `SEEN_BY` (field name -> statement) is applied to the form's own fields when it is
    built (`seen_by`); names of fields the form does not have are skipped."""

    SEEN_BY: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.say_who_sees(self.SEEN_BY)

    def say_who_sees(self, statements: dict) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        for name, who in statements.items():
            if name in fields:
                seen_by(fields[name], who)
