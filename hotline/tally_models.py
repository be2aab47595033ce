"""`OpenCount`: how many reports are open in each status with each running deadline, kept in the same
transaction as every report write (`Report.save` / `Report.delete`), so the inbox's and the home page's counts
read a few dozen rows instead of every open report. Writes that bypass the model (bulk_create, QuerySet.update)
call `rebuild_open_counts`; the nightly job rebuilds them too, as a safety net."""

from datetime import date

from django.db import connection, models, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

# The running deadline of an open report that has none (never expected: a report is open with one).
NO_DUE = date(9999, 12, 31)
OPEN = ("new", "accepted", "processing", "answer_submitted")  # Report.OPEN_STATUSES
CLASSIFYING = ("new", "accepted")


class OpenCount(models.Model):
    """Open reports in one status whose running deadline (`Report.current_due`) is one day; never typed."""

    status = models.CharField(_("trạng thái"), max_length=20)
    due_on = models.DateField(_("hạn đang chạy"))
    n = models.IntegerField(_("số phản ánh"), default=0)

    class Meta:
        verbose_name = _("số phản ánh đang mở theo hạn")
        verbose_name_plural = _("số phản ánh đang mở theo hạn")
        constraints = [models.UniqueConstraint(fields=["status", "due_on"], name="open_count_status_due")]

    def __str__(self):
        return f"{self.status} {self.due_on:%d/%m/%Y}: {self.n}"


def open_key(status: str, classify_due: date | None, answer_due: date | None) -> tuple[str, date] | None:
    """Where a report counts: (status, running deadline) while open, None once closed."""
    if status not in OPEN:
        return None
    due = classify_due if status in CLASSIFYING else answer_due
    return status, due or NO_DUE


_ADD = (
    "INSERT INTO hotline_opencount (status, due_on, n) VALUES (%s, %s, %s) "
    "ON CONFLICT (status, due_on) DO UPDATE SET n = hotline_opencount.n + excluded.n"
)


def move(old: tuple[str, date] | None, new: tuple[str, date] | None) -> None:
    """Count a report written from `old` to `new` (keys of `open_key`; None: not counted); one upsert per side."""
    if old == new:
        return
    with connection.cursor() as cursor:
        for key, delta in ((old, -1), (new, 1)):
            if key is not None:
                cursor.execute(_ADD, [key[0], key[1], delta])


def rebuild_open_counts() -> int:
    """Count every open report again from the reports (two statements, one transaction); returns the rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM hotline_opencount")
        cursor.execute(
            "INSERT INTO hotline_opencount (status, due_on, n) "
            "SELECT status, COALESCE(CASE WHEN status IN ('new', 'accepted') THEN classify_due ELSE answer_due END, "
            "%s), COUNT(*) FROM hotline_report "
            "WHERE status IN ('new', 'accepted', 'processing', 'answer_submitted') GROUP BY 1, 2",
            [NO_DUE],
        )
        return cursor.rowcount


def open_counts(*, today: date) -> dict[str, int]:
    """The inbox's counts from the tally (one query over a few dozen rows): open, new, overdue (deadline
    before `today`: hotline.escalation.overdue_q) and waiting for approval."""
    found = OpenCount.objects.aggregate(
        open=Sum("n"),
        new=Sum("n", filter=Q(status="new")),
        overdue=Sum("n", filter=Q(due_on__lt=today)),
        pending_approval=Sum("n", filter=Q(status="answer_submitted")),
    )
    return {name: value or 0 for name, value in found.items()}
