"""`TaskProgress`: what a task's reports say, summarised per task in the same transaction as the reports
(tasks/models.py `ProgressReport.save`), for status lists and aggregates."""

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from core import shared_cache

from .completion import COMPLETING_SQL, COMPLETION_DATE_SQL
from .models import Task

# One summary row per task, from its reports (tie-breaks: latest period, then latest submission, then id);
# "done" is the rule of tasks/completion.py.
_SUMMARY_COLUMNS = (
    "task_id, latest_percent, latest_period, latest_no_change, done_on, done_period, pending_review, "
    "last_returned, last_submitted_at"
)
_SUMMARY_SELECT = f"""
SELECT t.id,
  (SELECT r.percent FROM tasks_progressreport r WHERE r.task_id = t.id AND r.status IN ('submitted', 'accepted')
     ORDER BY r.period DESC, r.submitted_at DESC, r.id DESC LIMIT 1),
  (SELECT r.period FROM tasks_progressreport r WHERE r.task_id = t.id AND r.status IN ('submitted', 'accepted')
     ORDER BY r.period DESC, r.submitted_at DESC, r.id DESC LIMIT 1),
  (SELECT r.no_change FROM tasks_progressreport r WHERE r.task_id = t.id AND r.status IN ('submitted', 'accepted')
     ORDER BY r.period DESC, r.submitted_at DESC, r.id DESC LIMIT 1),
  (SELECT MIN({COMPLETION_DATE_SQL}) FROM tasks_progressreport r WHERE r.task_id = t.id AND {COMPLETING_SQL}),
  (SELECT MIN(r.period) FROM tasks_progressreport r WHERE r.task_id = t.id AND {COMPLETING_SQL}),
  EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = t.id AND r.status = 'submitted'),
  COALESCE((SELECT r.status = 'returned' FROM tasks_progressreport r WHERE r.task_id = t.id
     ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1), FALSE),
  (SELECT MAX(r.submitted_at) FROM tasks_progressreport r WHERE r.task_id = t.id)
FROM tasks_task t
"""  # noqa: S608
# Built from the constants above only (no input): S608 does not apply.
_REFRESH_ONE = (
    f"INSERT INTO tasks_taskprogress ({_SUMMARY_COLUMNS}) {_SUMMARY_SELECT} WHERE t.id = %s "  # noqa: S608
    "ON CONFLICT (task_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _SUMMARY_COLUMNS.split(", ")[1:])
)
_RECOMPUTE_ALL = (
    f"INSERT INTO tasks_taskprogress ({_SUMMARY_COLUMNS}) {_SUMMARY_SELECT} "  # noqa: S608
    "WHERE EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = t.id)"
)


class TaskProgress(models.Model):
    """What a task's reports say, summarised for status lists and aggregates; never typed by hand.

    Written only by `refresh` (after every report save) and `recompute_all` (after bulk loads);
    `tasks.status.task_status` derives the same facts straight from the reports.
    """

    task = models.OneToOneField(Task, primary_key=True, on_delete=models.CASCADE, related_name="progress")
    latest_percent = models.PositiveSmallIntegerField(_("tỷ lệ theo báo cáo gần nhất"), null=True)
    latest_period = models.DateField(_("kỳ báo cáo gần nhất"), null=True)
    latest_no_change = models.BooleanField(_("kỳ gần nhất không thay đổi"), null=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True)
    done_period = models.DateField(_("kỳ báo cáo hoàn thành"), null=True)
    pending_review = models.BooleanField(_("có báo cáo chờ xem xét"), default=False)
    last_returned = models.BooleanField(_("báo cáo gần nhất bị trả lại"), default=False)
    last_submitted_at = models.DateTimeField(_("báo cáo gần nhất gửi lúc"), null=True)

    class Meta:
        verbose_name = _("tổng hợp báo cáo của nhiệm vụ")
        verbose_name_plural = _("tổng hợp báo cáo của nhiệm vụ")

    def __str__(self):
        return f"{self.task_id}: {self.latest_percent}%"

    @staticmethod
    def refresh(task_id: int) -> None:
        """Recompute one task's summary from its reports (the task row is locked: writers queue), and mark the
        task's status of the day stale (tasks/day_status.py) with the same statement that locks it."""
        with transaction.atomic():
            Task.objects.filter(pk=task_id).update(day_status_on=None)
            with connection.cursor() as cursor:
                cursor.execute(_REFRESH_ONE, [task_id])
            shared_cache.bump(shared_cache.TASKS)  # raw SQL: no model signal tells the cached views

    @staticmethod
    def recompute_all() -> int:
        """Rebuild every summary from the reports in two statements; returns the number of summaries."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM tasks_taskprogress")
            cursor.execute(_RECOMPUTE_ALL)
            count = cursor.rowcount
            Task.objects.update(day_status_on=None)  # every status of the day is stale (tasks/day_status.py)
            shared_cache.bump(shared_cache.TASKS)
            return count
