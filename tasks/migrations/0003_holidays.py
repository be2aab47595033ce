"""Seed the official Vietnamese public holidays and compensatory days off, 2023–2026.

Sources: Labour Code 2019 art. 112 and the yearly notices of the Ministry of Labour (2023–2024)
and the Ministry of Home Affairs (2025–2026) on days off for civil servants. Weekends inside a
holiday period are listed too, so the list reads like the official notice. Saturdays worked in
exchange for a swapped day (ngày làm bù) are named in the swapped day's text; the calendar does
not model working Saturdays. The list is data: the secretariat edits it (admin or the holidays page).
"""

from datetime import date, timedelta

from django.db import migrations


def _span(start: date, end: date, name: str) -> list[tuple[date, str]]:
    days = []
    day = start
    while day <= end:
        days.append((day, name))
        day += timedelta(days=1)
    return days


def holidays() -> list[tuple[date, str]]:
    rows: list[tuple[date, str]] = []
    # 2023
    rows += [(date(2023, 1, 1), "Tết Dương lịch"), (date(2023, 1, 2), "Nghỉ bù Tết Dương lịch (01/01 là Chủ nhật)")]
    rows += _span(date(2023, 1, 20), date(2023, 1, 26), "Tết Nguyên đán Quý Mão (nghỉ từ 20/01 đến hết 26/01/2023)")
    rows += [
        (date(2023, 4, 29), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (date(2023, 4, 30), "Ngày Chiến thắng 30/4"),
        (date(2023, 5, 1), "Ngày Quốc tế Lao động 1/5"),
        (date(2023, 5, 2), "Nghỉ bù Giỗ Tổ Hùng Vương (29/4 là thứ Bảy)"),
        (date(2023, 5, 3), "Nghỉ bù Ngày Chiến thắng (30/4 là Chủ nhật)"),
        (date(2023, 9, 1), "Quốc khánh (ngày liền kề)"),
        (date(2023, 9, 2), "Quốc khánh 2/9"),
        (date(2023, 9, 3), "Quốc khánh (nghỉ hằng tuần)"),
        (date(2023, 9, 4), "Nghỉ bù Quốc khánh (02/9 là thứ Bảy)"),
    ]
    # 2024
    rows += [(date(2024, 1, 1), "Tết Dương lịch")]
    rows += _span(date(2024, 2, 8), date(2024, 2, 14), "Tết Nguyên đán Giáp Thìn (nghỉ từ 08/02 đến hết 14/02/2024)")
    rows += [
        (date(2024, 4, 18), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (date(2024, 4, 29), "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 04/5/2024)"),
        (date(2024, 4, 30), "Ngày Chiến thắng 30/4"),
        (date(2024, 5, 1), "Ngày Quốc tế Lao động 1/5"),
        (date(2024, 9, 2), "Quốc khánh 2/9"),
        (date(2024, 9, 3), "Quốc khánh (ngày liền kề)"),
    ]
    # 2025
    rows += [(date(2025, 1, 1), "Tết Dương lịch")]
    rows += _span(
        date(2025, 1, 25),
        date(2025, 2, 2),
        "Tết Nguyên đán Ất Tỵ (nghỉ từ 25/01 đến hết 02/02/2025; 27/01 hoán đổi, làm bù thứ Bảy 08/02/2025)",
    )
    rows += [
        (date(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (date(2025, 4, 30), "Ngày Chiến thắng 30/4"),
        (date(2025, 5, 1), "Ngày Quốc tế Lao động 1/5"),
        (date(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4 (làm bù thứ Bảy 26/4/2025)"),
        (date(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
        (date(2025, 9, 2), "Quốc khánh 2/9"),
    ]
    # 2026
    rows += [
        (date(2026, 1, 1), "Tết Dương lịch"),
        (date(2026, 1, 2), "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"),
    ]
    rows += _span(date(2026, 2, 14), date(2026, 2, 22), "Tết Nguyên đán Bính Ngọ (nghỉ từ 14/02 đến hết 22/02/2026)")
    rows += [
        (date(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)"),
        (date(2026, 4, 30), "Ngày Chiến thắng 30/4"),
        (date(2026, 5, 1), "Ngày Quốc tế Lao động 1/5"),
        (date(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
        (date(2026, 9, 2), "Quốc khánh 2/9"),
    ]
    return rows


def seed(apps, schema_editor):
    Holiday = apps.get_model("tasks", "Holiday")
    for day, name in holidays():
        Holiday.objects.get_or_create(date=day, defaults={"name": name})


def unseed(apps, schema_editor):
    Holiday = apps.get_model("tasks", "Holiday")
    Holiday.objects.filter(date__in=[day for day, _ in holidays()]).delete()


class Migration(migrations.Migration):
    dependencies = [("tasks", "0002_reminder_claim_lease")]

    operations = [migrations.RunPython(seed, unseed)]
