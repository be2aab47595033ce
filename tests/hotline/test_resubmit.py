"""The hotline form is sent once: a reload that re-posts it, a double click or the back button files no
second report (a one-time form token, hotline/intake.py), and the receipt is a page of its own
(post/redirect/get) that only the sender's browser shows, from a signed cookie (no session row)."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from hotline import codes
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


def test_the_receipt_is_shown_only_to_the_browser_that_sent_the_form(categories, client):
    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client)))
    report = Report.objects.get()
    stranger = Client().get(RECEIPT)
    assert (stranger.status_code, stranger["Location"]) == (302, reverse("hotline:lookup"))
    # A stranger who posts a form of their own (another token, or none) gets nothing of the report. Only the
    # form that filed it carries its token (192 random bits, drawn for that page alone): sending that form
    # again is the sender's own retry (test_a_form_sent_again_after_its_answer_was_lost_...).
    for token in ("", _drawn_token(Client()), report.form_token[:-1] + ("A" if report.form_token[-1] != "A" else "B")):
        replay = Client().post(SUBMIT, {"form_token": token}, follow=True)
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
    # The token, then the report its kept receipt names: nothing validated, counted or written, and no session
    # (the receipt is a signed cookie, and kept in the shared cache under the form's token).
    assert_queries([q["sql"] for q in ctx.captured_queries], 2, "a re-post")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(RECEIPT).status_code == 200
    assert_queries([q["sql"] for q in ctx.captured_queries], 1, "the receipt")


def _receipt_of(client):
    page = client.get(RECEIPT)
    return (page.context["report"].code, page.context["pin"]) if page.status_code == 200 else None


def test_a_form_sent_again_after_its_answer_was_lost_shows_that_reports_receipt(categories, client):
    # The browser sent the form, the server filed it, the answer (with the receipt cookie) never arrived:
    # the same form sent again from that browser shows the report's receipt, from a fresh browser too.
    data = form_data(categories, form_token=_drawn_token(client))
    Client().post(SUBMIT, data)  # the answer that was lost
    report = Report.objects.get()
    again = client.post(SUBMIT, data)
    assert (again.status_code, again["Location"]) == (302, RECEIPT)
    code, pin = _receipt_of(client)
    assert code == report.code and codes.check_pin(report.code, pin.replace(" ", ""), report.pin_hash)
    assert Report.objects.count() == 1


def test_a_lost_answer_never_shows_the_receipt_of_an_earlier_report(categories, client):
    # A kiosk: this browser sent report X; the next citizen's form is filed but its answer is lost; the
    # reload shows the new report's receipt, not X's.
    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client), title="Phản ánh X"))
    earlier = _receipt_of(client)
    data = form_data(categories, form_token=_drawn_token(client), title="Phản ánh Y")
    Client().post(SUBMIT, data)
    client.post(SUBMIT, data)
    assert _receipt_of(client)[0] == Report.objects.get(title="Phản ánh Y").code != earlier[0]


def test_without_the_shared_cache_a_form_sent_again_goes_to_the_look_up_not_to_an_old_receipt(categories, client):
    from tests.hotline.test_drain_burst import REDIS_AWAY

    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client), title="Phản ánh X"))
    with override_settings(CACHES=REDIS_AWAY):
        data = form_data(categories, form_token=_drawn_token(client), title="Phản ánh Y")
        Client().post(SUBMIT, data)
        again = client.post(SUBMIT, data)
    assert again.cookies["hotline_receipt"].value == ""  # the earlier receipt is removed
    client.cookies.pop("hotline_receipt", None)
    assert client.get(RECEIPT)["Location"] == reverse("hotline:lookup")


def test_a_receipt_cookie_with_a_valid_signature_but_another_pin_shows_nothing(categories, client, settings):
    from django.http import HttpResponse

    from hotline.views.public import RECEIPT_COOKIE, RECEIPT_SALT

    client.post(SUBMIT, form_data(categories, form_token=_drawn_token(client)))
    report = Report.objects.get()
    forged = HttpResponse()
    forged.set_signed_cookie(RECEIPT_COOKIE, f"{report.pk}:0000 0000", salt=RECEIPT_SALT)  # as a leaked key would
    client.cookies[RECEIPT_COOKIE] = forged.cookies[RECEIPT_COOKIE].value
    answer = client.get(RECEIPT)
    assert (answer.status_code, answer["Location"]) == (302, reverse("hotline:lookup"))
