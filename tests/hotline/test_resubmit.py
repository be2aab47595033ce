"""The hotline form is sent once: a reload that re-posts it, a double click or the back button files no
second report (a one-time form token, hotline/intake.py), and the receipt is a page of its own
(post/redirect/get) that only the sender's browser shows, from a signed cookie (no session row)."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hotline.forms import ReportForm
from hotline.intake import submit_report
from hotline.models import Report
from tests.conftest import client_for

from .conftest import MONDAY, form_data

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([\w-]+)"')
SUBMIT, RECEIPT = "/hotline/", "/hotline/receipt/"


def _drawn_token(client) -> str:
    return TOKEN.search(client.get(SUBMIT).content.decode()).group(1)


def test_the_same_form_sent_twice_files_one_report_and_shows_the_same_receipt(categories, client, settings):
    settings.HOTLINE_RATE_LIMIT = "1/h"  # a re-post is not a new submission: it is not counted
    data = form_data(categories, form_token=_drawn_token(client))
    first = client.post(SUBMIT, data)
    assert (first.status_code, first["Location"]) == (302, RECEIPT)
    receipt = client.get(RECEIPT)
    report = Report.objects.get()
    code, pin = receipt.context["report"].code, receipt.context["pin"]
    assert report.code == code and report.display_code in receipt.content.decode()

    again = client.post(SUBMIT, data)  # the browser re-posts the form
    assert (again.status_code, again["Location"]) == (302, RECEIPT)
    assert Report.objects.count() == 1
    reloaded = client.get(RECEIPT)  # and a reload of the receipt shows the same codes
    assert (reloaded.context["report"].code, reloaded.context["pin"]) == (code, pin)


def test_the_receipt_is_shown_only_to_the_senders_session(categories, client):
    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client)))
    report = Report.objects.get()
    stranger = Client().get(RECEIPT)
    assert (stranger.status_code, stranger["Location"]) == (302, reverse("hotline:lookup"))
    # A stranger who replays the form (its token) gets the same: nothing of the report.
    replay = Client().post(SUBMIT, {"form_token": report.form_token}, follow=True)
    assert report.display_code not in replay.content.decode()
    assert Report.objects.count() == 1


def test_the_receipt_is_a_signed_cookie_of_the_receipt_page_and_no_session_row(categories, client):
    from django.contrib.sessions.models import Session

    sent = client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client)))
    cookie = sent.cookies["hotline_receipt"]
    assert (cookie["path"], cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (RECEIPT, 900, True, "Lax")
    assert not Session.objects.exists()  # a citizen's report leaves nothing in the session table
    report = Report.objects.get()
    assert client.get(RECEIPT).context["report"] == report
    # Another report's id put in the cookie by hand breaks its signature: the look-up, not the receipt.
    other = submit_report(
        data=form_data(categories, category=categories["thu-tuc-hanh-chinh"]), channel="web", now=MONDAY
    )
    client.cookies["hotline_receipt"] = cookie.value.replace(f"{report.pk}:", f"{other[0].pk}:", 1)
    forged = client.get(RECEIPT)
    assert (forged.status_code, forged["Location"]) == (302, reverse("hotline:lookup"))


def test_the_receipt_expires(categories, client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client)))
    time_machine.shift(16 * 60)
    assert client.get(RECEIPT)["Location"] == reverse("hotline:lookup")


def test_each_drawn_form_has_its_own_token_and_a_bad_one_is_refused(categories, client):
    assert ReportForm().fields["form_token"].initial != ReportForm().fields["form_token"].initial
    response = client.post(SUBMIT, form_data(categories, form_token="x" * 10 + "<>"))
    assert response.status_code == 400
    assert "Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại." in response.content.decode()
    assert not Report.objects.exists()


def _anonymous(categories) -> dict:
    return {
        "submitter_type": "anonymous",
        "category": categories["thu-tuc-hanh-chinh"],
        "title": "Gửi hai lần",
        "content": "Nhấn nút gửi hai lần.",
        "attachments": [],
    }


def test_the_service_returns_the_report_already_filed_by_a_token(categories):
    send = {"data": _anonymous(categories), "channel": Report.Channel.WEB, "now": MONDAY, "form_token": "t" * 32}
    report, pin = submit_report(**send)
    again, no_pin = submit_report(**send)
    assert (again.pk, no_pin) == (report.pk, None) and pin
    assert Report.objects.count() == 1


def test_a_phone_call_written_down_twice_is_one_report(categories, operator_user):
    operator = client_for(operator_user)
    page = operator.get(reverse("hotline:phone_intake")).content.decode()
    data = form_data(categories, form_token=TOKEN.search(page).group(1))
    assert operator.post(reverse("hotline:phone_intake"), data).status_code == 200
    report = Report.objects.get()
    again = operator.post(reverse("hotline:phone_intake"), data)
    assert again["Location"] == reverse("hotline:detail", args=[report.pk])
    assert Report.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_form_at_once_file_one_report(categories):
    """Both requests pass the first look-up; the unique token lets one insert through and sends the other
    to the report it filed."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL")
    data = _anonymous(categories)
    results, barrier = [], threading.Barrier(2)

    def send():
        barrier.wait()
        try:
            results.append(submit_report(data=data, channel=Report.Channel.WEB, now=MONDAY, form_token="c" * 32))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Report.objects.count() == 1
    assert {r.pk for r, _pin in results} == {Report.objects.get().pk}
    assert sorted(pin is None for _r, pin in results) == [False, True]


def test_a_re_post_and_the_receipt_run_pinned_queries(categories, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.querycount import assert_queries

    data = form_data(categories, form_token=_drawn_token(client))
    client.post(SUBMIT, data)
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(SUBMIT, data).status_code == 302
    # The token only: nothing validated, counted or written, and no session (the receipt is a signed cookie).
    assert_queries([q["sql"] for q in ctx.captured_queries], 1, "a re-post")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(RECEIPT).status_code == 200
    assert_queries([q["sql"] for q in ctx.captured_queries], 1, "the receipt")
