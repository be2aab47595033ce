"""Run the monthly review cycle by hand: `manage.py run_monthly_review --committee 1 --month 2023-05`.

The same function the Celery job calls, so a rerun sends nothing twice. `--now` runs the ladder as
at another moment (ISO date-time, local time if no offset), e.g. to catch up on a missed day.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from members.models import Committee
from reviews.board import parse_month
from reviews.models import Reminder
from reviews.reminders import run_cycle

# Why a run sent nothing (reviews.reminders.CycleResult.skipped), as the clerk reads it.
SKIPPED = {
    "outside_working_hours": "ngoài giờ làm việc",
    "not_open_yet": "chưa đến ngày nhắc của tháng",
    "closed": "tháng đã đóng",
    "nothing_due": "không có lượt nhắc nào đến hạn",
}


class Command(BaseCommand):
    help = "Chạy chu trình đánh giá tháng (mở đánh giá, nhắc việc, thông báo quá hạn) cho một Ban Chỉ đạo."

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="Mã số (id) hoặc tên ngắn của Ban Chỉ đạo")
        parser.add_argument("--month", required=True, help="Tháng, dạng YYYY-MM")
        parser.add_argument("--now", help="Thời điểm chạy (ISO, ví dụ 2023-05-22T09:00); mặc định là bây giờ")

    def handle(self, *args, committee: str, month: str, now: str | None = None, **options):
        lookup = Q(short_name__iexact=committee) | Q(name__iexact=committee)
        if committee.isdigit():
            lookup |= Q(pk=int(committee))
        matches = list(Committee.objects.filter(lookup)[:2])
        if len(matches) != 1:
            raise CommandError(f"Không tìm thấy đúng một Ban Chỉ đạo “{committee}”.")
        try:
            month_date = parse_month(month)
        except ValueError as exc:
            raise CommandError(str(exc))
        moment = timezone.now()
        if now:
            parsed = parse_datetime(now)
            if parsed is None:
                raise CommandError(f"Thời điểm không hợp lệ: “{now}”.")
            moment = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        result = run_cycle(committee=matches[0], month=month_date, now=moment)
        if result.skipped:
            self.stdout.write(f"Không gửi: {SKIPPED.get(result.skipped, result.skipped)}")
        kinds = ", ".join(str(Reminder.Kind(kind).label) for kind in result.kinds) or "-"
        self.stdout.write(
            f"Tháng {month_date:%m/%Y}: loại nhắc {kinds}; "
            f"dự kiến {result.planned}, nhận xử lý {result.claimed}, đã gửi {result.sent}, lỗi {result.failed}."
        )
