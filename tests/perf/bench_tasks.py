"""Benchmark sections of the work plan: the plan page, my work, the dashboard, the task page, the review board."""

from django.urls import reverse

from members.models import Unit
from tasks.leadership import current_plan
from tasks.models import Task
from tasks.views.common import today

from .bench import FLOOR_LABEL, Bench, section
from .fixtures import bench_users


@section
def work_plan(bench: Bench) -> None:
    users = bench_users()
    plan = current_plan(today())
    task = Task.objects.filter(plan=plan).order_by("pk").first()
    bench.measure("plan page (secretariat)", users["secretariat"], f"/tasks/plans/{plan.pk}/")
    bench.measure("plan page filtered: overdue", users["secretariat"], f"/tasks/plans/{plan.pk}/?overdue=on")
    bench.measure("plan page (member)", users["member"], f"/tasks/plans/{plan.pk}/")
    bench.measure("my work (focal point)", users["focal_point"], "/tasks/my/")
    bench.measure("my work (secretariat)", users["secretariat"], "/tasks/my/")
    bench.measure("dashboard / (leadership)", users["leadership"], "/")
    # The floor of any staff page: the layout and a three-field form, no data to read (for reference).
    bench.measure(FLOOR_LABEL, users["secretariat"], reverse("password_change"), cold=True, target=False)
    bench.measure("plan page (secretariat)", users["secretariat"], f"/tasks/plans/{plan.pk}/", cold=True)
    bench.measure("plan page (member)", users["member"], f"/tasks/plans/{plan.pk}/", cold=True)
    bench.measure("dashboard / (leadership)", users["leadership"], "/", cold=True)
    bench.measure("my work (focal point)", users["focal_point"], "/tasks/my/", cold=True)
    bench.measure("my work (secretariat)", users["secretariat"], "/tasks/my/", cold=True)
    # The target names these pages and the task page and the month's review board, warm and cold.
    bench.measure("task page", users["secretariat"], f"/tasks/task/{task.pk}/")
    bench.measure("task page", users["secretariat"], f"/tasks/task/{task.pk}/", cold=True)
    day = today()
    board = reverse("reviews:review_board", args=[plan.committee_id, day.year, day.month])
    bench.measure("review board (secretariat)", users["secretariat"], board)
    bench.measure("review board (secretariat)", users["secretariat"], board, cold=True)


@section
def review_board_at_scale(bench: Bench) -> None:
    """The month's board when the whole province reports: the generated plans are drafts (nothing owed), so
    inside a transaction rolled back at the end every generated task is put in the approved provincial plan
    (as the monthly cycle's section does): about 6,700 tasks owe this month's report."""
    from django.db import connection, transaction

    from tasks.models import Plan

    users = bench_users()
    plan = current_plan(today())
    day = today()
    board = reverse("reviews:review_board", args=[plan.committee_id, day.year, day.month])
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
        Task.objects.filter(code__startswith="GEN").update(plan=plan)
        label = "review board, whole province owing (secretariat)"
        bench.measure(label, users["secretariat"], board)
        bench.measure(label, users["secretariat"], board, cold=True)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:  # the rolled-back rows' dead versions, so later sections read as before
        cursor.execute("VACUUM ANALYZE tasks_task, tasks_plan")


def _ten_times_the_tasks(cursor, *, spread_units: bool = False) -> int:
    """Copy every generated task nine times (same plan, member, status and day stamp; code "GEN-…·n") inside
    the caller's transaction; the number of copies. The copies keep their lead unit, or with `spread_units`
    are led by other units, spread over the province's (as a plan ten times larger is led by more units)."""
    columns = [f.column for f in Task._meta.concrete_fields if f.column not in ("id", "code")]
    names = ", ".join(f'"{c}"' for c in columns)
    copied = [f"t.{c}" for c in columns]
    if spread_units:
        units = Unit.objects.order_by("pk").values_list("pk", flat=True)
        first, count = units.first(), units.count()
        copied[columns.index("lead_unit_id")] = f"{first} + mod(t.lead_unit_id - {first} + n * 37, {count})"
    cursor.execute(
        f'INSERT INTO tasks_task ("code", {names}) '  # noqa: S608  column names from the model, numbers
        f"SELECT t.code || '·' || n, {', '.join(copied)} "
        "FROM tasks_task t CROSS JOIN generate_series(1, 9) AS n WHERE t.code LIKE 'GEN%%'"
    )
    copies = cursor.rowcount
    cursor.execute("ANALYZE tasks_task")
    return copies


@section
def my_work_at_ten_times_the_tasks(bench: Bench) -> None:
    """'My work' of the busiest unit's focal point when the province has ten times the tasks: inside a transaction
    rolled back at the end, every generated task is copied nine times (same plan, units, member and status; code
    "GEN-…·n"), so that unit also has ten times its tasks. The page's lists select what the unit leads or
    coordinates or its person answers for, from indexes (core.lookups.InSubquery for the coordinating branch);
    compared with the 1× figure of `work_plan`, it shows how the page grows with the data."""
    from django.db import connection, transaction

    users = bench_users()
    with transaction.atomic():
        with connection.cursor() as cursor:
            copies = _ten_times_the_tasks(cursor)
        label = f"my work (focal point), {copies:,} more tasks"
        bench.measure(label, users["focal_point"], "/tasks/my/", cold=True, target=False)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tasks_task")


@section
def dashboard_at_ten_times_the_tasks(bench: Bench) -> None:
    """The leadership's dashboard when the current plan has ten times its tasks (20,000 at the default size),
    led by ten times the units: the generated tasks copied nine times, each copy led by another unit, inside a
    transaction rolled back at the end, as for "my work" above.
    The dashboard's breakdowns by area, lead unit and member count every task of the plan, so this is the page
    whose cost grows with the plan."""
    from django.db import connection, transaction

    users = bench_users()
    with transaction.atomic():
        with connection.cursor() as cursor:
            copies = _ten_times_the_tasks(cursor, spread_units=True)
        label = f"dashboard / (leadership), {copies:,} more tasks"
        bench.measure(label, users["leadership"], "/", cold=True, target=False)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tasks_task")
