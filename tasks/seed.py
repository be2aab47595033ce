"""The first session of the Nghệ An committee (11/04/2023) as the article of nghean.gov.vn tells it
(docs/domain.md).

Real (always loaded): the meeting and its attendees (the six people the article names), the three
drafts discussed, the opinions it records, the head's conclusions, the 2023 plan adopted at the
session, the tasks the conclusions create, and the seven 2023 pilot units.

The article gives no deadlines, and names the acting body for only some tasks (the standing
office — Sở Nội vụ — for the equipment review; the Chairman of the People's Committee for the
hotline). Tasks whose lead unit we had to choose are marked `is_demo`. No deadlines are invented:
tasks are "thường xuyên" and fall due at the end of the plan year.

Dates as the sources give them, whatever day the loader runs: the plan adopted and in force from the
session (11/04/2023: `approved_at`, `starts_on`), its tasks existing from then (`created_at`), the first audit
entries dated at the session (`date_as_sources`, which also puts right a database loaded earlier).

Demo (`demo=True`): a few demo tasks with deadlines, pilot overseers taken from the demo assignments, the
demo progress reports of April–December 2023 (tasks/seed_reports.py), and the following years' plans
(`make_demo_following_years`).

Idempotent: everything is looked up by a stable key (meeting by committee and date, agenda and
conclusions by order, opinions by person and text, tasks by plan and code) and created if missing;
tasks are created through tasks/tasklist.py, as every task is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.utils import timezone

from core import shared_cache
from members.models import Assignment, Committee, Membership, Person, ReformArea, Unit

from . import day_status, seed_reports, tasklist
from .models import AgendaItem, Conclusion, Meeting, Opinion, PilotUnit, Plan, Task

FIRST_SESSION = date(2023, 4, 11)
PLAN_TITLE = "Kế hoạch hoạt động của Ban Chỉ đạo cải cách hành chính tỉnh năm 2023"
MEETING_TITLE = "Phiên họp thứ nhất Ban Chỉ đạo cải cách hành chính tỉnh"

ATTENDEES = [
    "Thái Thanh Quý",
    "Nguyễn Văn Thông",
    "Nguyễn Đức Trung",
    "Hoàng Nghĩa Hiếu",
    "Phạm Thế Tùng",
    "Bùi Thanh An",
]

AGENDA = [
    "Dự thảo Quy chế làm việc của Ban Chỉ đạo",
    "Dự thảo Phân công nhiệm vụ thành viên Ban Chỉ đạo",
    "Dự thảo Kế hoạch hoạt động của Ban Chỉ đạo năm 2023",
]

# (person, agenda item number or None, content) — as the article reports them.
OPINIONS = [
    (
        "Phạm Thế Tùng",
        None,
        "Nêu kinh nghiệm của ngành Công an trong thực hiện cải cách hành chính; đề nghị tăng cường tính công khai, minh bạch.",
    ),
    (
        "Bùi Thanh An",
        3,
        "Đề nghị bổ sung nhiệm vụ: Phối hợp với VCCI Nghệ An để xây dựng Bộ chỉ số đánh giá năng lực cạnh tranh cấp Sở, "
        "ngành, địa phương.",
    ),
    (
        "Nguyễn Văn Thông",
        1,
        "Việc thay đổi thành viên Ban Chỉ đạo CCHC tỉnh thuộc thẩm quyền quyết định của Ban Thường vụ Tỉnh ủy.",
    ),
    (
        "Nguyễn Đức Trung",
        None,
        "Khi đã thành lập Ban Chỉ đạo thì phải thật sự quyết liệt và triển khai có hiệu quả công tác CCHC; việc Bí thư "
        "Tỉnh ủy trực tiếp làm Trưởng Ban cho thấy quyết tâm chính trị rất cao của tỉnh.",
    ),
    (
        "Nguyễn Đức Trung",
        3,
        "Các văn bản góp ý mang tính chất “khung”; để có kết quả phải có nhiệm vụ hết sức chi tiết, rõ, những nhiệm vụ "
        "trọng tâm; phân công, giao nhiệm vụ cụ thể cho từng ngành, từng địa phương và người đứng đầu phải chịu trách nhiệm.",
    ),
    (
        "Nguyễn Đức Trung",
        3,
        "Cần rà soát để đầu tư trang thiết bị theo nhu cầu thực tế, thiết thực để bố trí nguồn lực thực hiện phù hợp, "
        "có hiệu quả.",
    ),
    (
        "Nguyễn Đức Trung",
        3,
        "Ban Chỉ đạo nên lựa chọn một số đơn vị Sở, ngành, địa phương để chỉ đạo thực hiện các vụ việc hành chính, nhất là "
        "các đơn vị mà người dân, doanh nghiệp vẫn còn “phàn nàn” nhiều về sự phiền nhiễu, để tập trung chỉ đạo nhằm đạt "
        "kết quả rõ hơn; thành lập Đường dây nóng về CCHC do Chủ tịch UBND tỉnh trực tiếp phụ trách.",
    ),
]

# The head's conclusions, in the article's order.
CONCLUSIONS = [
    "Về Quy chế: thống nhất việc điều chỉnh, bổ sung, thay đổi thành viên Ban Chỉ đạo thuộc thẩm quyền của Ban Thường vụ "
    "Tỉnh ủy. Thành viên Ban Chỉ đạo xây dựng kế hoạch hoạt động từ đầu năm đối với nhiệm vụ, địa bàn, đơn vị được phân "
    "công phụ trách để chỉ đạo, giám sát, kiểm tra, theo dõi, đánh giá kết quả công việc của mình vào cuối năm.",
    "Nghiên cứu để đưa vào Quy chế cơ chế lãnh đạo, chỉ đạo thực hiện vụ việc hành chính phát sinh.",
    "Về Kế hoạch hoạt động: bổ sung nhiệm vụ phối hợp với VCCI chi nhánh Nghệ An để xây dựng Bộ chỉ số năng lực cạnh "
    "tranh cấp sở, ngành, địa phương cấp huyện; thành lập đường dây nóng tiếp nhận ý kiến phản ánh của tổ chức, cá nhân "
    "về công tác CCHC do đồng chí Chủ tịch UBND tỉnh trực tiếp chỉ đạo.",
    "Bộ phận Thường trực Ban Chỉ đạo rà soát, tổng hợp nhu cầu trang thiết bị phục vụ công tác CCHC trong khối Đảng, Nhà "
    "nước, Mặt trận và các đoàn thể để thực hiện có lộ trình, hiệu quả trong điều kiện nguồn lực của tỉnh có hạn. Các Sở, "
    "ngành, địa phương tăng cường công tác tuyên truyền về CCHC.",
    "Ở cấp huyện thành lập Ban Chỉ đạo, người đứng đầu cấp ủy làm Trưởng Ban; Sở, ngành cấp tỉnh thành lập Tổ công tác "
    "do người đứng đầu cơ quan làm Tổ trưởng.",
    "Chọn điểm chỉ đạo CCHC năm 2023: Sở Xây dựng, Sở Tài nguyên và Môi trường, Sở Kế hoạch và Đầu tư, Văn phòng UBND "
    "tỉnh; Thành phố Vinh, huyện Nghi Lộc và Diễn Châu. Có giải pháp trong công tác kiểm tra để không làm mất thời gian, "
    "ảnh hưởng đến công việc của cơ sở nhưng bảo đảm kết quả đánh giá chính xác.",
    "Ban Chỉ đạo thống nhất thông qua Quy chế làm việc, phân công nhiệm vụ và Kế hoạch hoạt động năm 2023, lưu ý những "
    "nội dung cần bổ sung, điều chỉnh.",
]

# code, conclusion no., title, area, lead unit code, coordinating codes, responsible, output, focus, lead stated?
TASKS = [
    (
        "KL1",
        3,
        "Phối hợp với VCCI chi nhánh Nghệ An xây dựng Bộ chỉ số đánh giá năng lực cạnh tranh cấp sở, ngành, "
        "địa phương cấp huyện",
        "chi-dao-dieu-hanh",
        "SKHDT",
        ["VCCI-NA"],
        None,
        Task.Output.DECISION,
        True,
        False,
    ),
    (
        "KL2",
        3,
        "Thành lập Đường dây nóng tiếp nhận ý kiến phản ánh của tổ chức, cá nhân về công tác CCHC, do Chủ tịch "
        "UBND tỉnh trực tiếp chỉ đạo",
        "thu-tuc-hanh-chinh",
        "UBND",
        [],
        "Nguyễn Đức Trung",
        Task.Output.DECISION,
        True,
        True,
    ),
    (
        "KL3",
        4,
        "Rà soát, tổng hợp nhu cầu trang thiết bị phục vụ công tác CCHC trong khối Đảng, Nhà nước, Mặt trận và "
        "các đoàn thể; đề xuất lộ trình đầu tư",
        "chinh-phu-so",
        "SNV",
        [],
        None,
        Task.Output.REPORT,
        True,
        True,
    ),
    (
        "KL4",
        4,
        "Tăng cường công tác thông tin, tuyên truyền về cải cách hành chính",
        "tuyen-truyen",
        "BTGTU",
        [],
        None,
        Task.Output.OTHER,
        False,
        False,
    ),
    (
        "KL5",
        5,
        "Thành lập Ban Chỉ đạo CCHC cấp huyện và Tổ công tác CCHC của các sở, ngành cấp tỉnh",
        "to-chuc-bo-may",
        "SNV",
        [],
        None,
        Task.Output.DECISION,
        True,
        False,
    ),
    (
        "KL6",
        1,
        "Thành viên Ban Chỉ đạo xây dựng kế hoạch cá nhân từ đầu năm và tự đánh giá kết quả vào cuối năm",
        "chi-dao-dieu-hanh",
        "SNV",
        [],
        None,
        Task.Output.PLAN,
        False,
        False,
    ),
    (
        "KL7",
        2,
        "Nghiên cứu, bổ sung vào Quy chế cơ chế lãnh đạo, chỉ đạo thực hiện vụ việc hành chính phát sinh",
        "the-che",
        "SNV",
        [],
        None,
        Task.Output.DECISION,
        False,
        False,
    ),
    (
        "KL8",
        6,
        "Đổi mới công tác kiểm tra CCHC: không làm mất thời gian, ảnh hưởng đến công việc của cơ sở nhưng bảo đảm "
        "kết quả đánh giá chính xác",
        "chi-dao-dieu-hanh",
        "SNV",
        [],
        None,
        Task.Output.PLAN,
        True,
        False,
    ),
]

PILOTS = ["SXD", "STNMT", "SKHDT", "VPUBND", "412", "429", "425"]
PILOT_REASON = (
    "Trưởng Ban Chỉ đạo thống nhất chọn làm điểm chỉ đạo CCHC năm 2023 tại phiên họp thứ nhất (11/04/2023), theo đề xuất "
    "chọn các đơn vị mà người dân, doanh nghiệp còn phàn nàn nhiều để tập trung chỉ đạo."
)

# Demo tasks with invented deadlines, so the plan spans the reform areas.
DEMO_TASKS = [
    (
        "D1",
        "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai",
        "thu-tuc-hanh-chinh",
        "STNMT",
        date(2023, 6, 30),
    ),
    ("D2", "Ban hành Kế hoạch kiểm tra CCHC năm 2023", "chi-dao-dieu-hanh", "SNV", date(2023, 5, 31)),
    ("D3", "Rà soát văn bản quy phạm pháp luật của tỉnh", "the-che", "STP", date(2023, 9, 30)),
    ("D4", "Sắp xếp, kiện toàn các phòng chuyên môn thuộc Sở", "to-chuc-bo-may", "SXD", date(2023, 8, 31)),
    ("D5", "Đánh giá, xếp loại công chức theo kết quả công việc", "cong-vu", "SNV", date(2023, 12, 15)),
    ("D6", "Thực hiện cơ chế tự chủ tài chính tại các đơn vị sự nghiệp", "tai-chinh-cong", "STC", date(2023, 10, 31)),
    ("D7", "Nâng tỷ lệ hồ sơ trực tuyến toàn trình", "chinh-phu-so", "STTTT", date(2023, 11, 30)),
]


def load(*, demo: bool, stdout) -> None:
    committee = Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()
    if committee is None:
        stdout.write("  tasks: chưa có Ban Chỉ đạo (cần nạp members trước), bỏ qua.")
        return
    units = {u.code: u for u in Unit.objects.all()}
    areas = {a.code: a for a in ReformArea.objects.all()}
    people = {p.full_name: p for p in Person.objects.filter(full_name__in=ATTENDEES, is_demo=False)}
    created = {"n": 0}
    session = _at(FIRST_SESSION)
    dated: dict[type, set[int]] = defaultdict(set)  # rows recorded at the session: model -> ids

    def ensure(model, lookup: dict, defaults: dict | None = None):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **(defaults or {}))
            obj.full_clean()
            obj.save()
            created["n"] += 1
        return obj

    def ensure_task(plan: Plan, code: str, values: dict) -> Task:
        # Through the task service, so the loaded tasks obey the rules every task does.
        task = Task.objects.filter(plan=plan, code=code).first()
        if task is None:
            fields = dict(values)
            links = {name: fields.pop(name) for name in ("source", "conclusion", "is_demo") if name in fields}
            task = tasklist.create_task(plan=plan, fields={"code": code, **fields}, **links)
            created["n"] += 1
        dated[Task].add(task.pk)
        return task

    plan = ensure(
        Plan,
        {"committee": committee, "year": 2023},
        {"title": PLAN_TITLE, "status": Plan.Status.APPROVED, "approved_at": session, "starts_on": FIRST_SESSION},
    )
    meeting = ensure(Meeting, {"committee": committee, "date": FIRST_SESSION}, {"title": MEETING_TITLE})
    dated[Plan].add(plan.pk)
    dated[Meeting].add(meeting.pk)
    seats = Membership.objects.filter(committee=committee, person__in=people.values()).on(FIRST_SESSION)
    meeting.attendees.add(*seats)
    agenda = [ensure(AgendaItem, {"meeting": meeting, "order": i}, {"title": t}) for i, t in enumerate(AGENDA, 1)]
    for name, item, content in OPINIONS:
        if name in people:
            ensure(
                Opinion,
                {"meeting": meeting, "person": people[name], "content": content},
                {"agenda_item": agenda[item - 1] if item else None},
            )
    conclusions = [
        ensure(Conclusion, {"meeting": meeting, "order": i}, {"content": c}) for i, c in enumerate(CONCLUSIONS, 1)
    ]
    dated[Conclusion].update(c.pk for c in conclusions)
    tasks = {}
    for code, c_no, title, area, lead, coordinating, responsible, output, focus, stated in TASKS:
        if lead not in units:
            continue
        task = ensure_task(
            plan,
            code,
            {
                "title": title,
                "description": ""
                if stated
                else "Bài viết không nêu cơ quan chủ trì; cơ quan chủ trì là dữ liệu minh họa.",
                "area": areas[area],
                "lead_unit": units[lead],
                "responsible": people.get(responsible) if responsible else None,
                "recurrence": Task.Recurrence.ONGOING,
                "expected_output": output,
                "is_focus": focus,
                "source": Task.Source.CONCLUSION,
                "conclusion": conclusions[c_no - 1],
                "is_demo": not stated,
            },
        )
        task.coordinating_units.add(*[units[c] for c in coordinating if c in units])
        tasks[code] = task
    for code in PILOTS:
        if code in units:
            ensure(PilotUnit, {"plan": plan, "unit": units[code]}, {"reason": PILOT_REASON})
    if demo:
        _demo(plan, units, areas, tasks, ensure, ensure_task)
    date_as_sources(plan=plan, dated=dated, session=session)
    if demo:
        created["n"] += seed_reports.load_demo_reports(plan=plan, tasks=tasks)
        make_demo_following_years(plan_2023=plan, stdout=stdout)
    stdout.write(f"  tasks: đã thêm {created['n']} bản ghi." if created["n"] else "  tasks: không có gì mới.")


def date_as_sources(*, plan: Plan, dated: dict[type, set[int]], session: datetime) -> None:
    """Give the loaded rows the date the sources give them, whatever day the loader runs (or ran: a
    database loaded by an earlier version is put right): the 2023 plan adopted and in force from the
    session of 11/04/2023, its tasks existing from then (`created_at`), and the first audit entry of the
    plan, the meeting, its conclusions and the tasks dated at the session. Updates only what differs."""
    changed = (
        Plan.objects.filter(pk=plan.pk)
        .exclude(starts_on=FIRST_SESSION, approved_at=session)
        .update(starts_on=FIRST_SESSION, approved_at=session)
    )
    changed += Task.objects.filter(pk__in=dated[Task]).exclude(created_at=session).update(created_at=session)
    day_status.mark_stale(Task.objects.filter(plan=plan))  # the plan's start and its tasks' creation moved
    for model, ids in dated.items():
        changed += (
            model.history.filter(id__in=ids, history_type="+")
            .exclude(history_date=session)
            .update(history_date=session)
        )
    if changed:
        shared_cache.bump("tasks")


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_demo_following_years(*, plan_2023: Plan, stdout) -> list[Plan]:
    """Demo only: the 2024, 2025 and 2026 plans, each made from the previous year's plan by the year-end
    rollover (tasks/yearend.py, `make_next_plan`: unfinished tasks carried over, ongoing ones repeated),
    all marked demo, so that today's month has live work. This is the one place they are made.

    Each year up to last year is closed on 28/12 (the suggested assessment of every task), the next plan is
    made from it the same day and approved on 10/01 citing a demo decision of the committee. Idempotent:
    a closed year is not closed again and `make_next_plan` adds nothing when the plan exists; the story
    depends only on today's year."""
    from . import plans, rollover, yearend

    made: list[Plan] = []
    plan = plan_2023
    for year in range(plan_2023.year, timezone.localdate().year):
        if plan.closed_at is None:
            yearend.close_year(plan=plan, by=None, now=_at(date(year, 12, 28)))
            plan.refresh_from_db()
        result = rollover.make_next_plan(closed_plan=plan, by=None, now=_at(date(year, 12, 28), 10))
        following = result.plan
        if following.status == Plan.Status.DRAFT:
            decision = _demo_approval(plan.committee, year + 1)
            plans.approve_plan(plan=following, decision=decision, now=_at(decision.date))
            following.refresh_from_db()
        if not following.is_demo:
            Plan.objects.filter(pk=following.pk).update(is_demo=True)
        # Their audit history begins when the rollover made them, not on the day the loader ran.
        made_at = _at(date(year, 12, 28), 10)
        Plan.history.filter(id=following.pk, history_type="+").exclude(history_date=made_at).update(
            history_date=made_at
        )
        Task.history.filter(plan_id=following.pk, history_type="+").exclude(history_date=made_at).update(
            history_date=made_at
        )
        made.append(following)
        plan = following
    if made:
        stdout.write(f"Kế hoạch minh họa các năm {made[0].year}–{made[-1].year} lập từ năm trước (chuyển tiếp).")
    return made


def _demo_approval(committee, year: int):
    """Demo only: the committee's decision approving its plan of `year`, issued through its register
    (documents.register.issue) so it bears the committee's own number ("01-QĐ/BCĐ" in the Party layout)
    and stands in its register; dated 10/01 (or the series' last date, if later; never after today)."""
    from documents.letterheads import letterhead_for
    from documents.models import IssuedDocument
    from documents.register import issue

    last = IssuedDocument.objects.filter(committee=committee, year=year).order_by("-sequence").first()
    day = min(max(date(year, 1, 10), last.issued_on if last else date(year, 1, 10)), timezone.localdate())
    letterhead = letterhead_for(committee, day)
    document = issue(
        committee=committee,
        kind=IssuedDocument.Kind.DECISION,
        issued_on=day,
        title=f"Phê duyệt Kế hoạch hoạt động năm {year} (minh họa)",
        signer_name=letterhead.signer_name or letterhead.signer_position,
        signer_position=letterhead.signer_position,
        by=None,
        is_demo=True,
    )
    return document.decision


def _demo(plan: Plan, units: dict, areas: dict, tasks: dict, ensure, ensure_task) -> None:
    for code, title, area, lead, due in DEMO_TASKS:
        if lead in units:
            tasks[code] = ensure_task(
                plan,
                code,
                {
                    "title": title,
                    "area": areas[area],
                    "lead_unit": units[lead],
                    "due_date": due,
                    "recurrence": Task.Recurrence.ONCE,
                    "expected_output": Task.Output.REPORT,
                    "is_demo": True,
                },
            )
    # Overseers of the pilot units: the demo members assigned to follow them.
    for pilot in PilotUnit.objects.filter(plan=plan).select_related("unit"):
        if not pilot.overseers.exists():
            overseers = Person.objects.filter(
                memberships__assignments__in=Assignment.objects.filter(units=pilot.unit, is_demo=True)
            ).distinct()
            pilot.overseers.add(*overseers)
