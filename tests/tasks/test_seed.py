"""The first session of 11/04/2023 loads from the article; demo data is marked; loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from tasks.models import Conclusion, Meeting, Opinion, PilotUnit, Plan, ProgressReport, Task


def _load(demo: bool):
    call_command("load_nghean_2023", demo=demo, stdout=StringIO())


@pytest.mark.django_db
def test_first_session_is_loaded_as_the_article_states():
    _load(demo=False)
    meeting = Meeting.objects.get(date="2023-04-11")
    attendees = set(meeting.attendees.values_list("person__full_name", flat=True))
    assert {"Thái Thanh Quý", "Nguyễn Văn Thông", "Nguyễn Đức Trung", "Hoàng Nghĩa Hiếu"} <= attendees
    assert [a.title for a in meeting.agenda_items.all()] == [
        "Dự thảo Quy chế làm việc của Ban Chỉ đạo",
        "Dự thảo Phân công nhiệm vụ thành viên Ban Chỉ đạo",
        "Dự thảo Kế hoạch hoạt động của Ban Chỉ đạo năm 2023",
    ]
    speakers = set(Opinion.objects.values_list("person__full_name", flat=True))
    assert speakers == {"Phạm Thế Tùng", "Bùi Thanh An", "Nguyễn Văn Thông", "Nguyễn Đức Trung"}
    assert Conclusion.objects.filter(meeting=meeting).count() >= 6
    plan = Plan.objects.get(year=2023, committee__parent=None)
    tasks = Task.objects.filter(plan=plan)
    assert tasks.count() == 8
    assert all(t.source == "conclusion" and t.conclusion.meeting == meeting for t in tasks)
    hotline = tasks.get(code="KL2")
    assert hotline.responsible.full_name == "Nguyễn Đức Trung" and not hotline.is_demo
    vcci = tasks.get(code="KL1")
    assert vcci.coordinating_units.filter(code="VCCI-NA").exists()
    assert vcci.is_demo, "the article does not name the lead unit"
    assert tasks.filter(lead_unit__code="SNV").exists()
    assert not tasks.filter(due_date__isnull=False).exists(), "no invented deadlines in real data"
    pilots = set(PilotUnit.objects.filter(plan=plan).values_list("unit__name", flat=True))
    assert pilots == {
        "Sở Xây dựng",
        "Sở Tài nguyên và Môi trường",
        "Sở Kế hoạch và Đầu tư",
        "Văn phòng UBND tỉnh",
        "Thành phố Vinh",
        "Huyện Nghi Lộc",
        "Huyện Diễn Châu",
    }
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_demo_adds_marked_reports_and_loading_twice_changes_nothing():
    _load(demo=True)
    counts = (Task.objects.count(), ProgressReport.objects.count(), Opinion.objects.count(), Conclusion.objects.count())
    assert ProgressReport.objects.exists()
    assert not ProgressReport.objects.filter(is_demo=False).exists()
    assert Task.objects.filter(due_date__isnull=False, is_demo=False).count() == 0
    _load(demo=True)
    assert (
        Task.objects.count(),
        ProgressReport.objects.count(),
        Opinion.objects.count(),
        Conclusion.objects.count(),
    ) == counts
