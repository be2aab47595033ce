"""Public pages, no account: submit a report, look it up with code and PIN, rate and reopen it,
read published answers. No page here ever shows contact details."""

import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import _split_rate as split_rate  # how the limiter itself reads a rate
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from core.filters import query_filters
from core.uploads import attachment_response

from .. import answer_files, codes, receipts, selectors, workflow
from ..blank_form import blank_fields
from ..forms import LookupForm, PublishedFilterForm, RatingForm, ReopenForm, ReportForm
from ..intake import already_sent, submit_report
from ..models import Report

SESSION_KEY = "hotline_lookup"
# The receipt of the report this browser just sent: a signed cookie (the report's id and its PIN, as the
# receipt page shows them), for RECEIPT_SECONDS and the receipt page only, so that a reload shows it again;
# nobody without that cookie ever sees it, and the PIN is never in a URL. A citizen who sends a report makes
# no session row: the public form leaves nothing in the session table, whoever posts to it.
RECEIPT_COOKIE = "hotline_receipt"
RECEIPT_SALT = "hotline.receipt"
RECEIPT_SECONDS = receipts.RECEIPT_SECONDS


def _keep_receipt(response, *, report: Report, pin: str):
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        f"{report.pk}:{codes.display_pin(pin)}",
        salt=RECEIPT_SALT,
        max_age=RECEIPT_SECONDS,
        path=reverse("hotline:receipt"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _receipt_of_the_form(form_token: str):
    """The answer to a form sent again whose token already filed a report: that report's receipt when it is
    kept (hotline/receipts.py), else the look-up; never a receipt this browser kept of an earlier report."""
    found = receipts.kept(form_token)
    report = Report.objects.filter(pk=found[0]).only("pk").first() if found else None
    if found is None or report is None:
        response = redirect("hotline:receipt")
        response.delete_cookie(RECEIPT_COOKIE, path=reverse("hotline:receipt"))
        return response
    return _keep_receipt(redirect("hotline:receipt"), report=report, pin=found[1])


def _kept_receipt(request) -> tuple[int, str] | None:
    """(report id, PIN as shown) from this browser's receipt cookie, or None (none, forged, or older than
    RECEIPT_SECONDS)."""
    kept = request.get_signed_cookie(RECEIPT_COOKIE, default=None, salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS)
    report_id, _sep, pin = (kept or "").partition(":")
    return (int(report_id), pin) if report_id.isascii() and report_id.isdigit() and pin else None


def _submit_rate(group, request) -> str:
    return settings.HOTLINE_RATE_LIMIT


def _lookup_rate(group, request) -> str:
    return settings.HOTLINE_LOOKUP_RATE_LIMIT


def wait_seconds(rate: str) -> int:
    """How long a refused sender may have to wait, in seconds: the limiter's window for `rate` ("5/h" → 3600,
    "20/10m" → 600; django-ratelimit counts in fixed windows, so the count starts again at most this long
    after it was reached)."""
    _count, seconds = split_rate(rate)
    return int(seconds)


def too_many(request, message: str, *, rate: str):
    """The 429 page: `message`, and how many minutes to wait at most (`wait_seconds(rate)`, rounded up), also
    sent as Retry-After."""
    seconds = wait_seconds(rate)
    context = {"message": message, "wait_minutes": max(1, math.ceil(seconds / 60))}
    response = render(request, "hotline/ratelimited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@never_cache
def submit(request):
    """GET: the form. POST: validate, rate-limit (per IP, per phone), save, then redirect to the receipt
    (post/redirect/get). The same form sent again (its one-time token already filed a report) files
    nothing and is not counted by the rate limit: it goes to the receipt already given."""
    if request.method == "POST":
        token = request.POST.get("form_token", "")
        if already_sent(token) is not None:
            return _receipt_of_the_form(token)
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            phone = form.cleaned_data.get("contact_phone")
            limited = is_ratelimited(
                request, group="hotline.submit.ip", key="ip", rate=_submit_rate, method="POST", increment=True
            )
            if phone and not limited:
                limited = is_ratelimited(
                    request,
                    group="hotline.submit.phone",
                    key=lambda group, req: phone,
                    rate=_submit_rate,
                    method="POST",
                    increment=True,
                )
            if limited:
                return too_many(
                    request,
                    _("Ông/Bà đã gửi quá nhiều phản ánh trong thời gian ngắn."),
                    rate=settings.HOTLINE_RATE_LIMIT,
                )
            report, pin = submit_report(
                data=form.cleaned_data,
                channel=Report.Channel.WEB,
                now=timezone.now(),
                form_token=form.cleaned_data["form_token"],
            )
            if pin is None:  # the same form sent twice at once: the other copy filed it
                return _receipt_of_the_form(form.cleaned_data["form_token"])
            return _keep_receipt(redirect("hotline:receipt"), report=report, pin=pin)
        return render(request, "hotline/submit.html", {"form": form}, status=400)
    form = ReportForm()
    return render(request, "hotline/submit.html", {"form": form, "blank_fields": blank_fields(form)})


@never_cache
def receipt(request):
    """The code and PIN of the report this browser just sent (from its receipt cookie, for RECEIPT_SECONDS);
    anyone else, or later, is sent to the look-up, which asks for both."""
    report_id, pin = _kept_receipt(request) or (None, "")
    report = Report.objects.filter(pk=report_id).select_related(None).first() if report_id else None
    # The PIN must be the report's: a cookie signed with a leaked key still shows no report without it.
    if report is None or not codes.check_pin(report.code, pin.replace(" ", ""), report.pin_hash):
        messages.info(request, _("Phản ánh đã được gửi. Hãy tra cứu bằng mã tra cứu và mã bí mật đã nhận."))
        response = redirect("hotline:lookup")
        response.delete_cookie(RECEIPT_COOKIE, path=reverse("hotline:receipt"))
        return response
    context = {"report": report, "pin": pin, "emailed": bool(report.contact_email)}
    return render(request, "hotline/submitted.html", context)


@never_cache
@ratelimit(key="ip", rate=_lookup_rate, method="POST", block=False)
def lookup(request):
    """POST only for the code and PIN: they never appear in a URL or an access log."""
    if request.method == "POST":
        if getattr(request, "limited", False):
            return too_many(request, _("Ông/Bà đã tra cứu quá nhiều lần."), rate=settings.HOTLINE_LOOKUP_RATE_LIMIT)
        form = LookupForm(request.POST)
        if form.is_valid():
            report = selectors.find_by_code_and_pin(form.cleaned_data["code"], form.cleaned_data["pin"])
            if report is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = report.pk
                return redirect("hotline:lookup_result")
            form.add_error(None, _("Mã tra cứu hoặc mã bí mật không đúng."))
        return render(request, "hotline/lookup.html", {"form": form}, status=400)
    return render(request, "hotline/lookup.html", {"form": LookupForm()})


def _looked_up(request) -> Report | None:
    pk = request.session.get(SESSION_KEY)
    if not pk:
        return None
    try:
        return selectors.public_view(pk)
    except Report.DoesNotExist:
        return None


def _result(request, report: Report, *, rating_form=None, reopen_form=None, status=200):
    context = {
        "report": report,
        "rating_form": rating_form or RatingForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "can_rate": report.status == Report.Status.ANSWERED and report.rated_at is None,
        "can_reopen": workflow.can_reopen(report),
    }
    return render(request, "hotline/lookup_result.html", context, status=status)


@never_cache
def lookup_result(request):
    report = _looked_up(request)
    if report is None:
        return redirect("hotline:lookup")
    return _result(request, report)


@never_cache
def lookup_file(request, attachment_pk: int):
    """A file of the answer, for the browser that looked the report up (code and PIN, in its session), under
    a name made of the tracking code (answer_files.public_name); always a download."""
    report = _looked_up(request)
    if report is None:
        return redirect("hotline:lookup")
    item, number = selectors.get_answer_file_for_lookup(report, attachment_pk)
    return attachment_response(item.file, answer_files.public_name(report, item, number), item.content_type)


@never_cache
@require_POST
def lookup_rate(request):
    report = _looked_up(request)
    if report is None:
        return redirect("hotline:lookup")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            workflow.rate(
                report=report,
                satisfied=form.cleaned_data["satisfied"],
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("hotline:lookup_result")
    return _result(request, report, rating_form=form, status=400)


@never_cache
@require_POST
def lookup_reopen(request):
    report = _looked_up(request)
    if report is None:
        return redirect("hotline:lookup")
    form = ReopenForm(request.POST)
    if form.is_valid():
        now = timezone.now()
        try:
            workflow.reopen(report=report, reason=form.cleaned_data["reason"], today=timezone.localdate(now), now=now)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("hotline:lookup_result")
    return _result(request, report, reopen_form=form, status=400)


def published(request):
    form = PublishedFilterForm(request.GET or None)
    filters = query_filters(form)
    page = Paginator(selectors.published(filters=filters), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "hotline/published.html", {"form": form, "page": page, "query": query.urlencode()})
