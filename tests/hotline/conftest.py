"""Hotline test helpers: categories, files, a fresh rate-limit namespace and media dir per test."""

import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.intake import submit_report
from hotline.models import Category, Report
from hotline.reference import ensure_categories

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 05/06/2023, 09:00 local time.
MONDAY = datetime(2023, 6, 5, 9, 0, tzinfo=TZ)

PNG = bytes.fromhex(
    "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4E80000000049454E44AE426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Rate-limit counters in a namespace of their own (no clearing of a shared cache) and uploads in tmp."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def categories(db):
    ensure_categories()
    return {c.code: c for c in Category.objects.all()}


def png_file(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf_file(name: str = "don.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def form_data(categories, **overrides) -> dict:
    data = {
        "submitter_type": "individual",
        "contact_name": "Hoàng Thị Phản Ánh",
        "contact_phone": "0912 345 678",
        "contact_email": "phananh@example.vn",
        "contact_address": "Số 9 đường Lê Lợi, TP Vinh",
        "category": categories["thu-tuc-hanh-chinh"].pk,
        "title": "Hồ sơ đăng ký kinh doanh bị chậm",
        "content": "Hồ sơ nộp ngày 01/06 đến nay chưa có kết quả.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_report(categories, *, now=MONDAY, email: str = "phananh@example.vn", **overrides) -> tuple[Report, str]:
    """A report through the real intake function (cleaned data as the form gives it)."""
    data = {
        "submitter_type": "individual",
        "contact_name": "Hoàng Thị Phản Ánh",
        "contact_phone": "0912345678",
        "contact_email": email,
        "contact_address": "Số 9 đường Lê Lợi, TP Vinh",
        "consent": True,
        "unit_concerned": None,
        "category": categories["thu-tuc-hanh-chinh"],
        "title": "Hồ sơ đăng ký kinh doanh bị chậm",
        "content": "Hồ sơ nộp ngày 01/06 đến nay chưa có kết quả.",
        "attachments": [],
    }
    data.update(overrides)
    return submit_report(data=data, channel=Report.Channel.WEB, now=now)


def file_bytes(n: int) -> io.BytesIO:
    return io.BytesIO(b"\0" * n)
