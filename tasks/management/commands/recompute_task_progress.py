"""Rebuild every task's progress summary (`TaskProgress`) from its reports.

Report saves keep the summaries current; run this after loading reports in bulk (bulk_create, raw
SQL, a restored dump) or to check a database by hand.
"""

from django.core.management.base import BaseCommand

from tasks.models import TaskProgress


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp báo cáo của mọi nhiệm vụ từ các báo cáo tiến độ."

    def handle(self, *args, **options):
        n = TaskProgress.recompute_all()
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại tổng hợp của {n} nhiệm vụ."))
