"""Build a large synthetic province for benchmarks: units, committees, plans, tasks, progress reports.

Everything created is marked `is_demo`. Rows are inserted with bulk_create in batches (history
tables are not written: this is benchmark data, not a record of anyone's work); the task progress
summaries are then rebuilt from the reports in one statement.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from core import shared_cache
from core.search import SearchTextModel
from members.models import Committee, Decision, Membership, Person, ReformArea, Unit
from members.reference import ensure_reference_data
from tasks import day_status
from tasks.models import PilotUnit, Plan, ProgressReport, Task, TaskProgress
from tasks.tasklist import refresh_effective_due_dates

PREFIX = "GEN"


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tỉnh giả lập quy mô lớn (mặc định ~500 đơn vị, 20.000 nhiệm vụ, 200.000 báo cáo) để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=500, help="Số cơ quan, đơn vị (mặc định 500).")
        parser.add_argument("--tasks", type=int, default=20_000, help="Số nhiệm vụ (mặc định 20.000).")
        parser.add_argument("--reports", type=int, default=200_000, help="Số báo cáo tiến độ (mặc định 200.000).")
        parser.add_argument("--year", type=int, default=None, help="Năm kế hoạch (mặc định năm nay).")
        parser.add_argument(
            "--provincial-share", type=float, default=0.1, help="Tỷ lệ nhiệm vụ thuộc kế hoạch cấp tỉnh."
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, **o):
        if o["units"] < 5 or o["tasks"] < 1 or o["reports"] < 0:
            raise CommandError("Cần ít nhất 5 đơn vị và 1 nhiệm vụ.")
        if Unit.objects.filter(code__startswith=f"{PREFIX}-").exists():
            raise CommandError("Dữ liệu giả lập đã có (mã đơn vị bắt đầu bằng GEN-).")
        rng = random.Random(o["seed"])
        year = o["year"] or timezone.localdate().year
        self.batch = o["batch_size"]
        self.quiet = o["no_progress"]
        with transaction.atomic():
            self._generate(rng, year, o)
        # Today's statuses stamped, as the job after midnight stamps them (tasks/day_status.py), before the
        # statistics below: a first reader stamping 20,000 tasks after them leaves the planner stale estimates.
        day_status.stamp_all()
        if connection.vendor == "postgresql":
            # Dead row versions of the load reclaimed and fresh statistics, as autovacuum keeps a live database;
            # without them the planner guesses badly and every scan reads the bloat.
            with connection.cursor() as cursor:  # VACUUM only outside a transaction (not in a test's)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        shared_cache.invalidate_all()  # bulk_create sends no model signals
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu giả lập."))

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="dòng", disable=self.quiet, file=self.stderr)

    def _bulk(self, model, rows: list, desc: str) -> list:
        out = []
        if issubclass(model, SearchTextModel):  # bulk_create skips save(), which keeps the search column
            for row in rows:
                row.refresh_search_text()
        with self._bar(len(rows), desc) as bar:
            for i in range(0, len(rows), self.batch):
                chunk = rows[i : i + self.batch]
                out.extend(model.objects.bulk_create(chunk, batch_size=self.batch))
                bar.update(len(chunk))
        return out

    def _generate(self, rng: random.Random, year: int, o: dict) -> None:
        ensure_reference_data()
        areas = list(ReformArea.objects.all())
        n_units = o["units"]
        province = Unit.objects.create(code=f"{PREFIX}-0", name="Tỉnh giả lập", kind=Unit.Kind.PROVINCE, is_demo=True)
        n_dept = max(2, n_units // 20)
        n_dist = max(2, n_units // 20)
        kinds = [Unit.Kind.DEPARTMENT] * n_dept + [Unit.Kind.DISTRICT] * n_dist
        kinds += [Unit.Kind.COMMUNE] * (n_units - 1 - len(kinds))
        units = self._bulk(
            Unit,
            [
                Unit(
                    code=f"{PREFIX}-{i}",
                    name=f"{'Sở' if k == Unit.Kind.DEPARTMENT else 'Đơn vị'} giả lập {i}",
                    kind=k,
                    parent=province,
                    is_demo=True,
                )
                for i, k in enumerate(kinds, start=1)
            ],
            "Đơn vị",
        )
        upper = [u for u in units if u.kind != Unit.Kind.COMMUNE]
        decision = Decision.objects.create(
            number=f"{PREFIX}-1/QĐ", issuer="Giả lập", date=date(year, 1, 2), is_demo=True
        )
        committee = Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()
        if committee is None:
            committee = Committee.objects.create(
                name="Ban Chỉ đạo CCHC tỉnh giả lập",
                kind=Committee.Kind.PROVINCIAL,
                unit=province,
                established_by=decision,
                declared_size=25,
                is_demo=True,
            )
        subs = self._bulk(
            Committee,
            [
                Committee(
                    name=f"{'Tổ công tác' if u.kind == Unit.Kind.DEPARTMENT else 'Ban Chỉ đạo'} {u.name}",
                    kind=Committee.Kind.WORKING_GROUP if u.kind == Unit.Kind.DEPARTMENT else Committee.Kind.DISTRICT,
                    unit=u,
                    parent=committee,
                    established_by=decision,
                    is_demo=True,
                )
                for u in upper
            ],
            "Ban Chỉ đạo cấp dưới",
        )
        people = self._bulk(
            Person,
            [Person(full_name=f"Thành viên giả lập {i}", unit=rng.choice(upper), is_demo=True) for i in range(40)],
            "Cá nhân",
        )
        self._bulk(
            Membership,
            [
                Membership(
                    committee=committee,
                    person=p,
                    role=Membership.Role.MEMBER,
                    start=date(year, 1, 2),
                    appointed_by=decision,
                    unit=p.unit,
                    is_demo=True,
                )
                for p in people
            ],
            "Thành viên",
        )
        plan = Plan.objects.filter(committee=committee, year=year).first() or Plan.objects.create(
            committee=committee, year=year, title=f"Kế hoạch CCHC năm {year} (giả lập)", is_demo=True
        )
        sub_plans = self._bulk(
            Plan,
            [Plan(committee=c, year=year, title=f"Kế hoạch CCHC năm {year} — {c.name}", is_demo=True) for c in subs],
            "Kế hoạch",
        )
        self._bulk(
            PilotUnit, [PilotUnit(plan=plan, unit=u, reason="Giả lập") for u in rng.sample(upper, 7)], "Điểm chỉ đạo"
        )
        n_prov = max(1, int(o["tasks"] * o["provincial_share"]))
        task_rows = []
        for i in range(o["tasks"]):
            provincial = i < n_prov
            owner = plan if provincial else sub_plans[i % len(sub_plans)]
            recurring = rng.random() < 0.15
            task_rows.append(
                Task(
                    plan=owner,
                    code=f"{PREFIX}{i}",
                    title=f"Nhiệm vụ giả lập số {i}",
                    area=rng.choice(areas),
                    lead_unit=rng.choice(upper) if provincial else owner.committee.unit,
                    responsible=rng.choice(people) if provincial else None,
                    due_date=None if recurring else date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    recurrence=Task.Recurrence.ONGOING if recurring else Task.Recurrence.ONCE,
                    due_kind=Task.DueKind.ONGOING if recurring else Task.DueKind.DATE,
                    is_focus=rng.random() < 0.2,
                    is_demo=True,
                )
            )
        tasks = self._bulk(Task, task_rows, "Nhiệm vụ")
        refresh_effective_due_dates(Task.objects.filter(plan__in=[plan, *sub_plans]))  # bulk_create skips save()
        user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create(
            username=f"{PREFIX.lower()}-reporter", is_active=False
        )
        statuses = [ProgressReport.Status.ACCEPTED] * 8 + [
            ProgressReport.Status.SUBMITTED,
            ProgressReport.Status.RETURNED,
        ]
        with self._bar(o["reports"], "Báo cáo tiến độ") as bar:
            made = 0
            while made < o["reports"]:
                rows = []
                for _ in range(min(self.batch, o["reports"] - made)):
                    t = tasks[rng.randrange(len(tasks))]
                    month = rng.randint(1, 12)
                    percent = rng.choice([0, 20, 40, 60, 80, 100])
                    day = date(year, month, 1)
                    rows.append(
                        ProgressReport(
                            task=t,
                            period=day,
                            percent=percent,
                            no_change=rng.random() < 0.1,
                            completed_on=day + timedelta(days=14) if percent == 100 else None,
                            submitted_by=user,
                            submitted_at=timezone.make_aware(datetime.combine(day + timedelta(days=17), time(9))),
                            status=rng.choice(statuses),
                            is_demo=True,
                        )
                    )
                ProgressReport.objects.bulk_create(rows, batch_size=self.batch)
                made += len(rows)
                bar.update(len(rows))
        # bulk_create skips ProgressReport.save: rebuild the per-task summaries in one statement, on
        # fresh statistics (without them the planner scans every report once per task).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE tasks_task, tasks_progressreport")
        TaskProgress.recompute_all()
