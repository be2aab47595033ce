"""The hotline's tallies, kept in the same transaction as every report write (`Report.save` / `Report.delete`),
so that the pages that count reports read a few hundred rows instead of every report:

- `OpenCount`: the open reports per status, running deadline and year received (the inbox's and the home page's
  counts, and the hot spots' overdue total: what is overdue moves with the day, the deadlines do not);
- `HotspotCell`: every report per month received, field and channel, with what became of it (the hot spots'
  totals, fields, channels and months);
- `HotspotUnit`: every report per year received and unit it is about (the hot spots' units and the pilot-unit
  candidates).

Writes that bypass the model (bulk_create, QuerySet.update) call `rebuild_tallies`; the nightly job rebuilds
them too, as a safety net. A tally row whose counters fell to zero stays (it is read as nothing)."""

from datetime import date

from django.db import connection, models, transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils.translation import gettext_lazy as _

# The running deadline of an open report that has none (never expected: a report is open with one).
NO_DUE = date(9999, 12, 31)
OPEN = ("new", "accepted", "processing", "answer_submitted")  # Report.OPEN_STATUSES
CLASSIFYING = ("new", "accepted")
NO_UNIT = 0  # HotspotUnit.unit_key of no unit: never stored (a report about no unit is not counted per unit)

# What a report's row must say for the tallies to place it (`Report._tally_row` reads these).
FIELDS = (
    "status",
    "classify_due",
    "answer_due",
    "received_on",
    "category_id",
    "channel",
    "routed_unit_id",
    "unit_concerned_id",
    "answered_at",
    "answered_on_time",
    "satisfied",
)


class OpenCount(models.Model):
    """Open reports in one status whose running deadline (`Report.current_due`) is one day, received in one year;
    never typed."""

    status = models.CharField(_("trạng thái"), max_length=20)
    due_on = models.DateField(_("hạn đang chạy"))
    received_year = models.SmallIntegerField(_("năm tiếp nhận"), default=0)
    n = models.IntegerField(_("số phản ánh"), default=0)

    class Meta:
        verbose_name = _("số phản ánh đang mở theo hạn")
        verbose_name_plural = _("số phản ánh đang mở theo hạn")
        constraints = [
            models.UniqueConstraint(fields=["status", "due_on", "received_year"], name="open_count_status_due_year")
        ]

    def __str__(self):
        return f"{self.status} {self.due_on:%d/%m/%Y} ({self.received_year}): {self.n}"


class HotspotCell(models.Model):
    """The reports received in one month, in one field, by one channel: how many, how many still open, answered,
    answered on time, rated and rated satisfied; never typed."""

    month = models.DateField(_("tháng tiếp nhận"))  # the first day of the month
    category_id = models.IntegerField(_("lĩnh vực"))  # Category's key (no constraint: a tally, not a link)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10)
    total = models.IntegerField(_("số phản ánh"), default=0)
    open = models.IntegerField(_("đang mở"), default=0)
    answered = models.IntegerField(_("đã trả lời"), default=0)
    on_time = models.IntegerField(_("trả lời đúng hạn"), default=0)
    rated = models.IntegerField(_("đã đánh giá"), default=0)
    satisfied = models.IntegerField(_("hài lòng"), default=0)

    KEYS = ("month", "category_id", "channel")
    COUNTERS = ("total", "open", "answered", "on_time", "rated", "satisfied")

    class Meta:
        verbose_name = _("số phản ánh theo tháng, lĩnh vực và kênh")
        verbose_name_plural = _("số phản ánh theo tháng, lĩnh vực và kênh")
        constraints = [models.UniqueConstraint(fields=["month", "category_id", "channel"], name="hotspot_cell_key")]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.category_id} {self.channel}: {self.total}"


class HotspotUnit(models.Model):
    """The reports received in one year about one unit (the unit handling it, else the one the citizen named):
    how many, how many still open, answered, answered on time and rated unsatisfied; never typed."""

    year = models.SmallIntegerField(_("năm tiếp nhận"))
    unit_key = models.IntegerField(_("đơn vị"))  # Unit's key (no constraint: a tally, not a link)
    n = models.IntegerField(_("số phản ánh"), default=0)
    open = models.IntegerField(_("đang mở"), default=0)
    answered = models.IntegerField(_("đã trả lời"), default=0)
    on_time = models.IntegerField(_("trả lời đúng hạn"), default=0)
    unsatisfied = models.IntegerField(_("không hài lòng"), default=0)

    KEYS = ("year", "unit_key")
    COUNTERS = ("n", "open", "answered", "on_time", "unsatisfied")

    class Meta:
        verbose_name = _("số phản ánh theo năm và đơn vị")
        verbose_name_plural = _("số phản ánh theo năm và đơn vị")
        constraints = [models.UniqueConstraint(fields=["year", "unit_key"], name="hotspot_unit_key")]

    def __str__(self):
        return f"{self.year} {self.unit_key}: {self.n}"


OPEN_KEYS, OPEN_COUNTERS = ("status", "due_on", "received_year"), ("n",)
TALLIES = (  # (table, key columns, counter columns), in the order their rows are locked
    (OpenCount._meta.db_table, OPEN_KEYS, OPEN_COUNTERS),
    (HotspotCell._meta.db_table, HotspotCell.KEYS, HotspotCell.COUNTERS),
    (HotspotUnit._meta.db_table, HotspotUnit.KEYS, HotspotUnit.COUNTERS),
)
Place = tuple[tuple, tuple[int, ...]] | None  # (key, counters) of a report in one tally; None: not counted


def places(row: dict | None) -> tuple[Place, Place, Place]:
    """Where a report counts in each tally of `TALLIES`, from its stored fields (`FIELDS`); None everywhere for a
    report that does not exist (before it is created, after it is deleted)."""
    if row is None:
        return None, None, None
    status, received = row["status"], row["received_on"]
    open_place = None
    if status in OPEN:
        due = row["classify_due"] if status in CLASSIFYING else row["answer_due"]
        open_place = ((status, due or NO_DUE, received.year), (1,))
    is_open, answered = int(status in OPEN), int(row["answered_at"] is not None)
    on_time = int(row["answered_on_time"] is True)
    cell = (
        (received.replace(day=1), row["category_id"], row["channel"]),
        (1, is_open, answered, on_time, int(row["satisfied"] is not None), int(row["satisfied"] is True)),
    )
    unit_key = row["routed_unit_id"] or row["unit_concerned_id"]
    unit_counters = (1, is_open, answered, on_time, int(row["satisfied"] is False))
    unit = ((received.year, unit_key), unit_counters) if unit_key else None
    return open_place, cell, unit


def _upsert_sql(table: str, keys: tuple[str, ...], counters: tuple[str, ...]) -> str:
    columns = ", ".join((*keys, *counters))
    values = ", ".join(["%s"] * (len(keys) + len(counters)))
    add = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    conflict = ", ".join(keys)  # the names are the tallies' own columns, never input
    return f"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({conflict}) DO UPDATE SET {add}"  # noqa: S608


_UPSERTS = [_upsert_sql(*tally) for tally in TALLIES]


def move(old: dict | None, new: dict | None) -> None:
    """Count a report written from the stored fields `old` to `new` (dicts of `FIELDS`; None: no report): at most
    two upserts per tally, none where its place did not change. The rows of each tally are written in key order,
    so that two writers moving reports between the same rows in opposite directions never deadlock."""
    changes = []
    for sql, before, after in zip(_UPSERTS, places(old), places(new), strict=True):
        if before == after:
            continue
        deltas: dict[tuple, list[int]] = {}
        for place, sign in ((before, -1), (after, 1)):
            if place is not None:
                key, counters = place
                total = deltas.setdefault(key, [0] * len(counters))
                for i, value in enumerate(counters):
                    total[i] += sign * value
        for key in sorted(deltas, key=_order):
            if any(deltas[key]):
                changes.append((sql, [*key, *deltas[key]]))
    if changes:
        with connection.cursor() as cursor:
            for sql, params in changes:
                cursor.execute(sql, params)


def _order(key: tuple) -> tuple:
    return tuple(str(part) for part in key)


def rebuild_tallies(report_model=None, open_model=None, cell_model=None, unit_model=None) -> int:
    """Count every report again into the three tallies (one transaction); returns the tallies' rows. The models
    are arguments so that a migration can pass its historical ones; the defaults are the current ones."""
    from .models import Report

    report_model = report_model or Report
    open_model, cell_model, unit_model = open_model or OpenCount, cell_model or HotspotCell, unit_model or HotspotUnit
    reports = report_model.objects.order_by()
    with transaction.atomic():
        for model in (open_model, cell_model, unit_model):
            model.objects.all().delete()
        running_due = Coalesce(
            Case(When(status__in=CLASSIFYING, then=F("classify_due")), default=F("answer_due")), Value(NO_DUE)
        )
        open_rows = (
            reports.filter(status__in=OPEN)
            .values("status", due_on=running_due, received_year=ExtractYear("received_on"))
            .annotate(n=Count("pk"))
            .order_by()
        )
        open_model.objects.bulk_create([open_model(**row) for row in open_rows], batch_size=1000)
        cells = (
            reports.values("category_id", "channel", month=TruncMonth("received_on"))
            .annotate(
                total=Count("pk"),
                open=Count("pk", filter=Q(status__in=OPEN)),
                answered=Count("pk", filter=Q(answered_at__isnull=False)),
                on_time=Count("pk", filter=Q(answered_on_time=True)),
                rated=Count("pk", filter=Q(satisfied__isnull=False)),
                satisfied=Count("pk", filter=Q(satisfied=True)),
            )
            .order_by()
        )
        cell_model.objects.bulk_create([cell_model(**cell) for cell in cells], batch_size=1000)
        units = (
            reports.annotate(unit_key=Coalesce("routed_unit", "unit_concerned"))
            .filter(unit_key__isnull=False)
            .values("unit_key", year=ExtractYear("received_on"))
            .annotate(
                n=Count("pk"),
                open=Count("pk", filter=Q(status__in=OPEN)),
                answered=Count("pk", filter=Q(answered_at__isnull=False)),
                on_time=Count("pk", filter=Q(answered_on_time=True)),
                unsatisfied=Count("pk", filter=Q(satisfied=False)),
            )
            .order_by()
        )
        unit_model.objects.bulk_create([unit_model(**unit) for unit in units], batch_size=1000)
        return sum(model.objects.count() for model in (open_model, cell_model, unit_model))


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


def overdue_count(*, today: date, year: int | None = None) -> int:
    """How many open reports are past their running deadline on `today` (hotline.escalation.overdue_q), of those
    received in `year` (every year when None): one query over the open reports' tally."""
    rows = OpenCount.objects.filter(due_on__lt=today)
    if year:
        rows = rows.filter(received_year=year)
    return rows.aggregate(n=Sum("n"))["n"] or 0
