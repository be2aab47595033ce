"""The monthly review board: who owed, who reported on time, late or not at all; the secretariat's
assessment and closing of the month; the month's report as .docx and .xlsx. The secretariat writes;
leadership reads; everyone else gets 403."""

import re
from datetime import date, timedelta
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import apply_errors
from core.roles import Role, has_role, role_required
from core.text import LONG_TEXT
from documents.forms import IssueFieldsMixin
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument
from documents.register import Choices, format_number, issue_built, next_sequence
from members.models import Committee
from members.permissions import can_see_contacts
from members.selectors import provincial_committee
from tasks.selectors import YearChoice, choose_year, parse_year, plan_year_choice
from tasks.views.common import now, today

from . import board as reviews
from . import chase_letter, monthly_report
from .board_tables import board_tables, place_trend
from .models import MonthlyReview

READERS = (Role.SECRETARIAT, Role.LEADERSHIP)


class AssessmentForm(forms.Form):
    assessment = forms.CharField(
        label=gettext_lazy("Đánh giá của Bộ phận Thường trực"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CloseMonthForm(forms.Form):
    """The clerk's explicit confirmation that the month is to be closed."""

    confirm = forms.BooleanField(
        label=gettext_lazy("Tôi đã kiểm tra và đồng ý đóng tháng"),
        error_messages={"required": gettext_lazy("Đánh dấu xác nhận để đóng tháng.")},
    )


class ReopenMonthForm(forms.Form):
    """Leadership's reason for reopening a closed month (kept on the review and in its history)."""

    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Nêu lý do mở lại tháng.")},
    )


class ReportIssueForm(IssueFieldsMixin):
    """The place, date and signer of the month's report (`?place=&issued_on=` for the draft)."""


class LetterIssueForm(ReportIssueForm):
    """The letter to the late units; `again` is the explicit choice of a further letter for a month
    that has one already (offered only then)."""

    again = forms.BooleanField(
        label=gettext_lazy("Ban hành thêm công văn (tháng này đã có công văn đôn đốc)"), required=False
    )

    def __init__(self, *args, letters: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not letters:
            del self.fields["again"]


MONTH_INPUT = re.compile(r"^\s*(?:(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{2}))\s*$")


class MonthPickForm(forms.Form):
    """A committee and a month written as a clerk writes it, mm/yyyy ("05/2023"); the older
    `?month=2023-05` links still work. Returns the first day of the month in cleaned_data["month"]."""

    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"),
        queryset=Committee.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Chọn một Ban Chỉ đạo trong danh sách.")},
    )
    month = forms.CharField(
        label=gettext_lazy("Tháng (mm/yyyy)"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "05/2023", "size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("kind", "name")

    def clean_month(self) -> date:
        """ "05/2023" (or "2023-05") -> date(2023, 5, 1): a month from 2000 to next year."""
        found = MONTH_INPUT.match(self.cleaned_data["month"])
        month = int(found["m"] or found["m2"]) if found else 0
        if not 1 <= month <= 12:
            raise forms.ValidationError(gettext_lazy("Nhập tháng theo dạng tháng/năm (mm/yyyy), ví dụ 05/2023."))
        year, last = int(found["y"] or found["y2"]), today().year + 1
        if not 2000 <= year <= last:
            raise forms.ValidationError(gettext_lazy("Chọn một tháng từ năm 2000 đến năm %(last)s.") % {"last": last})
        return date(year, month, 1)


def get_committee_for_review(user, pk: int) -> Committee:
    if not has_role(user, *READERS):
        raise PermissionDenied
    return get_object_or_404(Committee.objects.select_related("unit", "established_by"), pk=pk)


def _month(year: int, month: int) -> date:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404(_("Tháng không hợp lệ."))
    return date(year, month, 1)


def _board_context(
    request,
    committee: Committee,
    month: date,
    form: AssessmentForm | None = None,
    choice: YearChoice | None = None,
    issue_form: ReportIssueForm | None = None,
    draft_form: ReportIssueForm | None = None,
    letter_form: LetterIssueForm | None = None,
) -> dict:
    board = reviews.review_board(committee=committee, month=month, today=today(), page=True)
    if choice is None:
        choice = choose_year(asked=month.year, today=board.today, committee=committee)
    letterhead = letterhead_for(committee, board.deadline)
    initial = {
        "place": letterhead.place,
        "signer_name": letterhead.signer_name,
        "signer_position": letterhead.signer_position,
    }
    can_issue = has_role(request.user, Role.SECRETARIAT) and not (board.review and board.review.report_id)
    if draft_form is None:
        draft_form = ReportIssueForm(initial=initial)
    if issue_form is None and can_issue:
        issue_form = ReportIssueForm(initial=initial, prefix="issue")
    late_units = reviews.late_by_unit(board.rows)
    tables, tables_error = board_tables(board, full=request.GET.get("full", ""))
    keeper = has_role(request.user, Role.SECRETARIAT)
    letters = list(board.review.letters.order_by("issued_on", "sequence")) if board.review else []
    if letter_form is None and keeper and late_units:
        letter_form = LetterIssueForm(initial=initial, prefix="letter", letters=bool(letters))
    # Issued at the earliest on the month's deadline: its year, unless the clerk typed another date.
    report_year = issue_form.preview_year(board.deadline.year) if issue_form else board.deadline.year
    letter_year = letter_form.preview_year(board.deadline.year) if letter_form else board.deadline.year
    sequence = next_sequence(committee, report_year) if keeper else None
    letter_sequence = (
        (sequence if letter_year == report_year else next_sequence(committee, letter_year)) if keeper else None
    )
    can_edit = has_role(request.user, Role.SECRETARIAT) and not (board.review and board.review.closed_at)
    if form is None and can_edit:
        form = AssessmentForm(initial={"assessment": board.review.assessment if board.review else ""})
    prev_month = reviews.month_start(month - timedelta(days=1))
    next_month = reviews.next_month(month)
    place_trend(board.trend)
    keeps_month = keeper and not (board.review and board.review.closed_at)
    return {
        "board": board,
        "committee": committee,
        "month": month,
        "form": form,
        "can_edit": can_edit,
        "can_open": keeps_month and month <= reviews.month_start(board.today),
        "can_close": keeps_month,
        "can_reopen": has_role(request.user, Role.LEADERSHIP),
        "prev_month": prev_month,
        "next_month": next_month,
        "year_choice": choice,
        "issue_form": issue_form,
        "draft_form": draft_form,
        "letterhead": letterhead,
        "can_issue": can_issue,
        "next_number": format_number(letterhead, IssuedDocument.Kind.REPORT, sequence) if sequence else "",
        "next_number_year": report_year,
        "next_letter_number": format_number(letterhead, IssuedDocument.Kind.LETTER, letter_sequence)
        if letter_sequence
        else "",
        "next_letter_year": letter_year,
        "letters": letters,
        "late_units": late_units,
        "letter_form": letter_form,
        "tables": tables,
        "tables_error": tables_error,
    }


def _year_months(year: int, day: date) -> list[date]:
    """The months of `year` a review may be looked at for: all of a past year, up to this month of this year."""
    last = 12 if year < day.year else day.month if year == day.year else 0
    return [date(year, m, 1) for m in range(1, last + 1)]


@role_required(*READERS)
def review_index(request):
    """Pick a committee and a month; the months of a year (`?year=`, by default the plan year of today:
    tasks.selectors.choose_year) of the provincial committee, and the reviews opened in that year."""
    day = today()
    committee = provincial_committee()
    choice = plan_year_choice(request.GET, today=day, committee=committee)
    picked = "committee" in request.GET or "month" in request.GET
    latest = max(_year_months(choice.year, day), default=date(choice.year, 1, 1))
    form = MonthPickForm(request.GET if picked else None, initial={"committee": committee, "month": f"{latest:%m/%Y}"})
    if picked and form.is_valid() and not choice.error:
        month = form.cleaned_data["month"]
        return redirect(
            "reviews:review_board", committee=form.cleaned_data["committee"].pk, year=month.year, month=month.month
        )
    opened = MonthlyReview.objects.filter(month__year=choice.year).select_related("committee")
    context = {
        "form": form,
        "recent": opened.order_by("-month", "committee__name"),
        "year_choice": choice,
        "committee": committee,
        "months": _year_months(choice.year, day),
    }
    return render(request, "reviews/review_index.html", context, status=400 if form.errors else choice.status)


@role_required(*READERS)
def review_board(request, committee: int, year: int, month: int):
    """A committee's board of a month. `?year=` (the year selector) goes to the same month of that year."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    try:
        asked = parse_year(request.GET.get("year"))
    except ValidationError as error:
        choice = choose_year(asked=year, today=today(), committee=committee_obj, error=error.messages[0])
        context = _board_context(request, committee_obj, month_date, choice=choice)
        return render(request, "reviews/review_board.html", context, status=400)
    if asked is not None and asked != year:
        return redirect("reviews:review_board", committee=committee, year=asked, month=month)
    context = _board_context(request, committee_obj, month_date)
    return render(request, "reviews/review_board.html", context, status=400 if context["tables_error"] else 200)


@role_required(Role.SECRETARIAT)
def review_assess(request, committee: int, year: int, month: int):
    """Save the assessment; optionally close the month (read-only afterwards)."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    if request.method != "POST":
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                review = reviews.open_review(committee=committee_obj, month=month_date)
                reviews.save_assessment(
                    review=review, assessment=form.cleaned_data["assessment"], close=False, user=request.user, now=now()
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu đánh giá."))
            return redirect("reviews:review_board", committee=committee, year=year, month=month)
    context = _board_context(request, committee_obj, month_date, form=form)
    context["form"] = form
    return render(request, "reviews/review_board.html", context, status=400)


@role_required(Role.SECRETARIAT)
def review_open(request, committee: int, year: int, month: int):
    """POST: open the month's review now (the scheduler would open it on its own); its reminders still
    go on their dates. GET goes back to the board."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    if request.method != "POST":
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    try:
        reviews.open_month(committee=committee_obj, month=month_date, today=today())
    except ValidationError as error:
        context = _board_context(request, committee_obj, month_date)
        context["open_error"] = error.messages[0]
        return render(request, "reviews/review_board.html", context, status=400)
    messages.success(request, _("Đã mở đánh giá tháng %(month)s.") % {"month": f"{month_date:%m/%Y}"})
    return redirect("reviews:review_board", committee=committee, year=year, month=month)


def _closing_context(request, committee_obj: Committee, month_date: date, **forms_) -> dict:
    board = reviews.review_board(committee=committee_obj, month=month_date, today=today())
    return {"board": board, "committee": committee_obj, "month": month_date, **forms_}


@role_required(Role.SECRETARIAT)
def review_close(request, committee: int, year: int, month: int):
    """Close the month after a confirmation page that says what closing does and what is still missing."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    review = MonthlyReview.objects.filter(committee=committee_obj, month=month_date).first()
    if review is None or review.closed_at:
        messages.info(request, _("Tháng này chưa mở hoặc đã đóng."))
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    form = CloseMonthForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            with transaction.atomic():
                reviews.close_month(review=review, user=request.user, now=now())
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Đã đóng tháng %(month)s.") % {"month": f"{month_date:%m/%Y}"})
            return redirect("reviews:review_board", committee=committee, year=year, month=month)
    context = _closing_context(request, committee_obj, month_date, form=form, action="close")
    return render(request, "reviews/review_closing.html", context, status=400 if form.errors else 200)


@role_required(Role.LEADERSHIP)
def review_reopen(request, committee: int, year: int, month: int):
    """Leadership reopens a closed month, giving a reason; it is recorded."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    review = MonthlyReview.objects.filter(committee=committee_obj, month=month_date).first()
    if review is None or not review.closed_at:
        messages.info(request, _("Tháng này đang mở."))
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    form = ReopenMonthForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            with transaction.atomic():
                reviews.reopen_month(review=review, user=request.user, reason=form.cleaned_data["reason"], now=now())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã mở lại tháng %(month)s.") % {"month": f"{month_date:%m/%Y}"})
            return redirect("reviews:review_board", committee=committee, year=year, month=month)
    context = _closing_context(request, committee_obj, month_date, form=form, action="reopen", review=review)
    return render(request, "reviews/review_closing.html", context, status=400 if form.errors else 200)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@role_required(*READERS)
def review_docx(request, committee: int, year: int, month: int):
    """The month's report as a draft .docx: the place, date and signer the clerk chose (`?place=&issued_on=`
    dd/mm/yyyy; no date: the day and month left blank), the number blank."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    form = ReportIssueForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = _board_context(request, committee_obj, month_date, draft_form=form)
        return render(request, "reviews/review_board.html", context, status=400)
    c = form.cleaned_data if form.is_bound else {}
    board = reviews.review_board(committee=committee_obj, month=month_date, today=today())
    content = monthly_report.build_docx(
        board,
        issued_on=c.get("issued_on"),
        place=c.get("place") or None,
        signer_name=c.get("signer_name") or None,
        signer_position=c.get("signer_position") or None,
    )
    return _download(content, f"bao-cao-thang-{year}-{month:02d}.docx", DOCX)


@role_required(Role.SECRETARIAT)
def review_issue(request, committee: int, year: int, month: int):
    """Issue the month's report: the next number of the committee's register, the chosen place, date and
    signer; the .docx is kept in the register and linked to the month's review."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    if request.method != "POST":
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    form = ReportIssueForm(request.POST, prefix="issue")
    if form.is_valid() and not form.cleaned_data.get("issued_on"):
        form.add_error("issued_on", _("Hãy nhập ngày ban hành báo cáo (dd/mm/yyyy)."))
    if form.is_valid():
        board = reviews.review_board(committee=committee_obj, month=month_date, today=today())
        try:
            with transaction.atomic():
                review = reviews.open_review(committee=committee_obj, month=month_date)
                if review.report_id:
                    raise ValidationError(
                        _("Báo cáo tháng này đã vào sổ, số %(number)s.") % {"number": review.report.number}
                    )
                if not review.assessment.strip():
                    # Section IV of the report is the secretariat's assessment: an issued report has one.
                    raise ValidationError(
                        _(
                            "Chưa có đánh giá của Bộ phận Thường trực (mục IV của báo cáo): hãy ghi và lưu đánh "
                            "giá trước khi ban hành."
                        )
                    )
                document = issue_built(
                    committee=committee_obj,
                    kind=IssuedDocument.Kind.REPORT,
                    title=monthly_report.report_subject(board),
                    chosen=Choices.from_form(form.cleaned_data),
                    build=partial(monthly_report.build_docx, board),
                    filename=f"bao-cao-thang-{year}-{month:02d}.docx",
                    by=request.user,
                )
                review.report = document
                review.save(update_fields=["report"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ban hành báo cáo số %(number)s.") % {"number": document.number})
            return redirect("reviews:review_board", committee=committee, year=year, month=month)
    context = _board_context(request, committee_obj, month_date, issue_form=form)
    return render(request, "reviews/review_board.html", context, status=400)


@role_required(*READERS)
def review_xlsx(request, committee: int, year: int, month: int):
    committee_obj = get_committee_for_review(request.user, committee)
    board = reviews.review_board(committee=committee_obj, month=_month(year, month), today=today())
    return _download(
        monthly_report.build_xlsx(board, with_contacts=can_see_contacts(request.user)),
        f"bao-cao-thang-{year}-{month:02d}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@role_required(*READERS)
def review_letter_docx(request, committee: int, year: int, month: int):
    """The letter to the units that have not reported (công văn đôn đốc) as a draft .docx."""
    committee_obj = get_committee_for_review(request.user, committee)
    board = reviews.review_board(committee=committee_obj, month=_month(year, month), today=today())
    content = chase_letter.build_letter(board)
    return _download(content, f"cong-van-don-doc-{year}-{month:02d}.docx", DOCX)


@role_required(Role.SECRETARIAT)
def review_letter_issue(request, committee: int, year: int, month: int):
    """Issue the letter to the late units: the next number of the committee's register (a công văn),
    the chosen place, date and signer; its .docx is kept in the register."""
    committee_obj = get_committee_for_review(request.user, committee)
    month_date = _month(year, month)
    if request.method != "POST":
        return redirect("reviews:review_board", committee=committee, year=year, month=month)
    had_letters = MonthlyReview.objects.filter(
        committee=committee_obj, month=month_date, letters__isnull=False
    ).exists()
    form = LetterIssueForm(request.POST, prefix="letter", letters=had_letters)
    board = reviews.review_board(committee=committee_obj, month=month_date, today=today())
    if not reviews.late_by_unit(board.rows):
        # No late unit: the board draws no letter form, so the refusal is said at the top of the page.
        messages.error(request, _("Không có đơn vị nào chưa báo cáo để đôn đốc."))
        context = _board_context(request, committee_obj, month_date)
        return render(request, "reviews/review_board.html", context, status=400)
    if form.is_valid() and not form.cleaned_data.get("issued_on"):
        form.add_error("issued_on", _("Hãy nhập ngày ban hành công văn (dd/mm/yyyy)."))
    if form.is_valid():
        try:
            with transaction.atomic():
                review = reviews.lock_review(committee=committee_obj, month=month_date)
                issued = list(review.letters.order_by("issued_on", "sequence"))
                if issued and not form.cleaned_data.get("again"):
                    raise ValidationError(
                        _(
                            "Tháng này đã có công văn đôn đốc số %(numbers)s. Nếu cần gửi tiếp, hãy đánh dấu "
                            "“Ban hành thêm công văn”."
                        )
                        % {"numbers": ", ".join(letter.number for letter in issued)}
                    )
                document = issue_built(
                    committee=committee_obj,
                    kind=IssuedDocument.Kind.LETTER,
                    title=_("V/v %(subject)s") % {"subject": chase_letter.letter_subject(board)},
                    chosen=Choices.from_form(form.cleaned_data),
                    build=partial(chase_letter.build_letter, board),
                    filename=f"cong-van-don-doc-{year}-{month:02d}.docx",
                    by=request.user,
                )
                review.letters.add(document)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ban hành công văn đôn đốc số %(number)s.") % {"number": document.number})
            return redirect("reviews:review_board", committee=committee, year=year, month=month)
    context = _board_context(request, committee_obj, month_date, letter_form=form)
    return render(request, "reviews/review_board.html", context, status=400)
