"""Load the Nghệ An 2023 data from the published sources (docs/domain.md); `--demo` adds demo people,
data and accounts.

Each app contributes a loader (a function `load(*, demo: bool, stdout) -> None`), called in
dependency order. Every loader is idempotent: running the command twice changes nothing.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

LOADERS = [
    "members.seed.load",
    "members.seed_changes.load",  # units that ended or merged since 2023, with their sources
    "documents.seed.load",  # the committees' letterheads (Party or state layout)
    "tasks.seed.load",
    "hotline.seed.load",
    "periodic_reports.seed.load",  # demo: an issued report of the first six months of 2023
]


class Command(BaseCommand):
    help = "Nạp dữ liệu Ban Chỉ đạo CCHC tỉnh Nghệ An năm 2023 (--demo: thêm dữ liệu và tài khoản minh họa)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Thêm dữ liệu minh họa và tài khoản demo.")

    def handle(self, *args, demo: bool = False, **options):
        if demo and not (settings.DEBUG or getattr(settings, "DEMO_MODE", False) or _testing()):
            raise CommandError("Chỉ tạo tài khoản minh họa ở chế độ chạy thử (DEBUG=1 hoặc DEMO_MODE=1).")
        with transaction.atomic():
            for path in LOADERS:
                import_string(path)(demo=demo, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Đã nạp dữ liệu Nghệ An 2023" + (" (kèm dữ liệu minh họa)." if demo else "."))
        )


def _testing() -> bool:
    # override_settings (live_server, the settings fixture) hides SETTINGS_MODULE: fall back to the environment.
    module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return module.endswith("settings_test")
