"""Structured logs: JSON lines with request id, user id, method, path, status and duration; failed
logins and refused accesses logged; the hotline submitter's personal data in no record at all."""

import contextlib
import io
import json
import logging
import secrets

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from steering.logging import REDACTED, RedactPersonalDataFilter, RequestContextFilter
from tests.factories import PASSWORD
from tests.production.htmlforms import fill_hotline_form, hotline_form


class Capture(logging.Handler):
    """Every record that reaches the root logger, at any level."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured():
    handler = Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Loggers that production quiets stay as configured; everything else is seen at DEBUG.
    yield handler.records
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def json_stream():
    """The production console handler's formatter and filters, writing into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(config["fmt"]))
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RedactPersonalDataFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _json_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_each_request_is_logged_as_json_with_request_id_user_path_status_and_duration(secretariat_user, json_stream):
    client = Client()
    client.force_login(secretariat_user)
    response = client.get("/members/", HTTP_X_REQUEST_ID="trace-0001-abcdef")
    assert response.status_code == 200
    line = next(entry for entry in _json_lines(json_stream) if entry["name"] == "steering.access")
    assert line["request_id"] == "trace-0001-abcdef" == response["X-Request-ID"]
    assert line["user_id"] == str(secretariat_user.pk)
    assert line["method"] == "GET" and line["path"] == "/members/" and line["status"] == 200
    assert isinstance(line["duration_ms"], int | float)
    assert line["levelname"] == "INFO" and "asctime" in line


def test_an_unsafe_request_id_from_outside_is_replaced(db, json_stream):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>x</script>")
    assert response["X-Request-ID"] != "<script>x</script>"
    assert len(response["X-Request-ID"]) == 32


def test_a_failed_login_is_logged_without_the_password(secretariat_user, captured):
    Client().post("/accounts/login/", {"username": "thuky", "password": "Bi-mat-sai-9f3k"}, REMOTE_ADDR="10.7.7.7")
    failed = [r for r in captured if r.name == "steering.security" and r.getMessage() == "login failed"]
    assert len(failed) == 1
    assert failed[0].username == "thuky" and failed[0].client_ip == "10.7.7.7"
    assert failed[0].levelno == logging.WARNING
    for record in captured:
        assert "Bi-mat-sai-9f3k" not in _everything_in(record)


def test_a_successful_login_does_not_log_the_password(secretariat_user, captured):
    Client().post("/accounts/login/", {"username": "thuky", "password": PASSWORD})
    assert any(r.getMessage() == "login succeeded" for r in captured)
    for record in captured:
        assert PASSWORD not in _everything_in(record)


def test_a_refused_access_is_logged_with_path_and_user(clients, outsider_user, captured):
    response = clients["outsider"].get("/members/")
    assert response.status_code == 403
    refused = [r for r in captured if r.name == "steering.security" and r.getMessage() == "access refused"]
    assert len(refused) == 1
    assert refused[0].path == "/members/" and refused[0].status == 403
    RequestContextFilter().filter(refused[0])
    assert refused[0].user_id == str(outsider_user.pk)


def test_the_redaction_filter_blanks_personal_data_keys():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "report %(contact_phone)s", None, None)
    record.args = {"contact_phone": "0912345678", "code": "AB12"}
    record.contact_email = "a@example.org"
    record.code = "AB12"
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == f"report {REDACTED}"
    assert record.contact_email == REDACTED and record.code == "AB12"


def _everything_in(record: logging.LogRecord) -> str:
    """The message, its arguments, every extra and any traceback, as text."""
    parts = [str(record.msg), repr(record.args)]
    with contextlib.suppress(Exception):  # a malformed record is still searched through its parts
        parts.append(record.getMessage())
    for key, value in vars(record).items():
        if key not in ("msg", "args"):
            parts.append(f"{key}={value!r}")
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


def test_hotline_submitters_personal_data_appears_in_no_log_record(db, captured, django_capture_on_commit_callbacks):
    from members.reference import ensure_reference_data

    ensure_reference_data()
    canary = secrets.token_hex(5)
    contact = {
        "name": f"Nguyễn Canary {canary}",
        "phone": "09" + str(int(canary, 16) % 10**8).zfill(8),
        "email": f"canary.{canary}@example.org",
        "address": f"Số 9 ngõ Canary{canary}, Vinh",
    }
    client = Client()
    page = client.get(reverse("hotline:submit"))
    assert page.status_code == 200
    form = hotline_form(page.content.decode())
    assert form is not None, "the public hotline page has no report form"
    data = fill_hotline_form(form, **contact)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(form.action or reverse("hotline:submit"), data)
    assert response.status_code in (200, 302)
    Report = apps.get_model("hotline", "Report")
    report = Report.objects.get()  # the report was accepted, so the canaries went through the code
    assert contact["email"] in {getattr(report, f.name, None) for f in Report._meta.fields}
    assert callbacks, "submitting a report enqueues its jobs after commit"
    assert captured, "nothing was logged at all: the capture is not working"
    for record in captured:
        text = _everything_in(record)
        for value in contact.values():
            assert value not in text, f"{value!r} leaked into a {record.name} record: {record.getMessage()[:200]}"
