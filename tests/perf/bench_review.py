"""Benchmark section of the monthly review: one whole cycle on the generated province, against
rendering the same e-mails alone, in the same run. Target: the cycle within 2× of rendering.

The generated province has draft plans and few people; inside a transaction that is rolled back
at the end, every generated task is put in the provincial plan (approved, existing since January),
and each task gets one of ~1,500 responsible people with an e-mail address, and each lead unit a
focal point: about 2,000 recipients. E-mail goes to the locmem backend (no network), so the
figure is our cost, not an SMTP server's.
"""

import time
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from core.calendar import next_working_day
from core.roles import Role
from members.models import Committee, Person
from reviews import reminders
from reviews.board import review_calendar, review_dates
from tasks.models import Plan, Task

from .bench import Bench, section

RESPONSIBLE_PEOPLE = 1500
TARGET = 2.0


class _Rollback(Exception):
    pass


def _prepare(year: int) -> Committee:
    committee = Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()
    plan, _ = Plan.objects.get_or_create(committee=committee, year=year, defaults={"title": "Kế hoạch giả lập"})
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    generated = Task.objects.filter(code__startswith="GEN")
    generated.update(plan=plan, created_at=timezone.make_aware(datetime(year, 1, 2, 8)))
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Người phụ trách {i}", email=f"pt{i}@bench.example.vn", is_demo=True)
            for i in range(RESPONSIBLE_PEOPLE)
        ]
    )
    task_ids = list(generated.order_by("pk").values_list("pk", flat=True))
    for i, person in enumerate(people):
        Task.objects.filter(pk__in=task_ids[i::RESPONSIBLE_PEOPLE]).update(responsible=person)
    unit_ids = list(generated.order_by().values_list("lead_unit_id", flat=True).distinct())
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bench-dm-{u}", is_active=True) for u in unit_ids])
    group = Group.objects.get(name=Role.FOCAL_POINT)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    Person.objects.bulk_create(
        [
            Person(full_name=f"Đầu mối {u}", unit_id=u, email=f"dm{u}@bench.example.vn", user=user, is_demo=True)
            for u, user in zip(unit_ids, users, strict=True)
        ]
    )
    return committee


@section
def monthly_review_cycle(bench: Bench) -> None:
    year = timezone.localdate().year
    month = date(year, 12, 1)
    calendar = review_calendar(month)
    reminder_day, _deadline = review_dates(month=month, calendar=calendar)
    now = timezone.make_aware(
        datetime.combine(next_working_day(reminder_day, calendar), datetime.min.time().replace(hour=9))
    )
    try:
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", REVIEW_MAIL_BATCH_SIZE=200
            ),
            transaction.atomic(),
        ):
            committee = _prepare(year)
            mail.outbox = []
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                result = reminders.run_cycle(committee=committee, month=month, now=now)
                cycle_s = time.perf_counter() - start
            claimed = list(result.review.reminders.select_related("recipient__user").order_by("pk"))
            _planned, ctx = reminders.plan_reminders(
                committee=committee, review=result.review, kinds=result.kinds, today=now.date()
            )
            start = time.perf_counter()
            for reminder in claimed:
                parcel = reminders.build_parcel(reminder, ctx)
                if parcel.email is not None:  # a recipient without an address gets the in-app notice only
                    parcel.email.message()  # the MIME text, as a backend would serialise it
            render_s = time.perf_counter() - start
            tasks = len(ctx.rows)
            raise _Rollback
    except _Rollback:
        pass
    sent = result.sent
    batches = -(-sent // 200)
    print()
    print("Đánh giá tháng — một chu trình nhắc việc (locmem, không qua mạng)")
    print(f"  nhiệm vụ phải báo cáo: {tasks}; thư đã gửi: {sent}; lô: {batches}; truy vấn: {len(queries)}")
    print(f"  cả chu trình: {cycle_s:.2f} s ({sent / cycle_s:.0f} thư/giây)")
    print(f"  chỉ dựng thư: {render_s:.2f} s ({sent / render_s:.0f} thư/giây)")
    print(f"  tỷ lệ chu trình / dựng thư: {cycle_s / render_s:.2f}× (mục tiêu ≤ {TARGET}×)")
