"""Bulk-generated reports for query-count tests and benchmarks (not for real data: is_demo=True).

Fast: bulk_create in batches, one PIN hash shared by all rows, no events nor outbox rows.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from core import shared_cache
from members.models import Unit

from . import codes
from .models import Category, Report
from .tally_models import rebuild_tallies

S = Report.Status
STATES = [S.NEW, S.ACCEPTED, S.PROCESSING, S.ANSWER_SUBMITTED, S.ANSWERED, S.ANSWERED, S.ANSWERED, S.NOT_ACCEPTED]


def generate_reports(*, count: int, now: datetime, seed: int = 2023, batch: int = 5000, days: int = 365) -> int:
    rng = random.Random(seed)
    units = list(Unit.objects.values_list("pk", flat=True))
    categories = list(Category.objects.values_list("pk", flat=True))
    existing = set(Report.objects.values_list("code", flat=True))
    pin_hash = codes.hash_pin("BULK", "00000000")
    made = 0
    while made < count:
        rows = []
        for _ in range(min(batch, count - made)):
            code = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.CODE_LENGTH))
            if code in existing:
                continue
            existing.add(code)
            created = now - timedelta(days=rng.randrange(days), hours=rng.randrange(24))
            received = timezone.localdate(created)
            status = rng.choice(STATES)
            unit = rng.choice(units) if units else None
            routed = status in (S.PROCESSING, S.ANSWER_SUBMITTED, S.ANSWERED)
            answered = status == S.ANSWERED
            rows.append(
                Report(
                    code=code,
                    pin_hash=pin_hash,
                    channel=rng.choice(Report.Channel.values),
                    submitter_type=rng.choice(Report.SubmitterType.values),
                    unit_concerned_id=unit,
                    category_id=rng.choice(categories),
                    title=f"Phản ánh minh họa số {made + len(rows) + 1}",
                    content="Nội dung minh họa.",
                    status=status,
                    received_on=received,
                    classify_due=received + timedelta(days=5),
                    routed_unit_id=unit if routed else None,
                    answer_due=received + timedelta(days=14) if routed else None,
                    answer="Trả lời minh họa." if answered else "",
                    answered_at=created + timedelta(days=rng.randrange(1, 20)) if answered else None,
                    answered_on_time=rng.random() < 0.8 if answered else None,
                    satisfied=rng.choice([True, True, False, None]) if answered else None,
                    is_published=answered and rng.random() < 0.5,
                    published_at=created + timedelta(days=20) if answered else None,
                    public_title=f"Phản ánh minh họa số {made + len(rows) + 1}" if answered else "",
                    public_summary="Nội dung minh họa." if answered else "",
                    created_at=created,
                    is_demo=True,
                )
            )
        for row in rows:  # bulk_create skips Report.save(), which keeps the search column
            row.refresh_search_text()
        Report.objects.bulk_create(rows, batch_size=batch)
        made += len(rows)
    rebuild_tallies()  # bulk_create skips Report.save(), which keeps the tallies
    shared_cache.bump(shared_cache.HOTLINE)  # bulk_create sends no model signals
    return made
