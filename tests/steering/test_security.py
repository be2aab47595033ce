"""Security properties that hold across every page: headers, no inline code, CSRF on every form,
and the upload checks every app relies on."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core import uploads
from tests.access import all_rows

from .pages import PAGE_TYPES, client_for_role

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives.get("script-src", directives.get("default-src", ""))
    assert "'unsafe-inline'" not in directives.get("style-src", "")
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="quantri", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("page", PAGE_TYPES, ids=lambda p: p.name)
def test_every_page_type_sends_the_security_headers(page, cast, committee, superuser):
    response = client_for_role(page.role, cast, superuser).get(page.path)
    assert response.status_code == page.status
    assert_security_headers(response)


@pytest.mark.parametrize("page", [p for p in PAGE_TYPES if not p.path.startswith("/admin/")], ids=lambda p: p.name)
def test_no_page_type_carries_inline_script_style_or_event_handler(page, cast, committee, superuser):
    html = client_for_role(page.role, cast, superuser).get(page.path).content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []


@pytest.mark.urls("tests.steering.urls_errors")
def test_the_500_page_sends_the_security_headers(db):
    response = Client(raise_request_exception=False).get("/__boom__/")
    assert response.status_code == 500
    assert_security_headers(response)


def test_the_csrf_refusal_page_sends_the_security_headers(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert_security_headers(response)


# --- CSRF on every form ---------------------------------------------------------------------------

PUBLIC_FORMS = ["login", "password_reset", "hotline:submit", "set_language"]


def _postall_rows():
    return [row for row in all_rows() if row.method == "post"]


def _allowed_role(row) -> str:
    """A role the row lets through, so the refusal seen can only come from the missing token."""
    for role, status in row.expect.items():
        if status not in (302, 401, 403, 404, 405):
            return role
    return "anonymous"


@pytest.mark.parametrize("row", _postall_rows(), ids=lambda r: r.name)
def test_every_post_endpoint_refuses_a_request_without_csrf_token(row, world):
    role = _allowed_role(row)
    client = client_for_role(role, world.cast, enforce_csrf_checks=True)
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    data = row.data(world) if callable(row.data) else row.data
    response = client.post(url, data)
    assert response.status_code == 403, f"{row.name} as {role}"
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_public_forms_refuse_a_post_without_csrf_token(name, db):
    response = Client(enforce_csrf_checks=True).post(reverse(name), {"username": "x", "email": "x@example.org"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_a_post_with_the_token_passes_the_csrf_check(db):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("login"), {"username": "x", "password": "y", "csrfmiddlewaretoken": token})
    assert response.status_code == 400  # the form's own error, not a CSRF refusal
    assert "Biểu mẫu đã hết hạn" not in response.content.decode()


# --- uploads ------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf", "/var/www/static/x.pdf", "a/../../b.pdf"],
)
def test_a_path_traversal_filename_keeps_no_directory(name):
    safe = uploads.safe_filename(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    stored = uploads.storage_name(name)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)


def test_control_and_shell_characters_are_removed_from_filenames():
    assert uploads.safe_filename('bao\x00cao;"rm -rf".pdf') == "baocao_rm -rf_.pdf"
    assert uploads.safe_filename("...") == "tep-dinh-kem"


def test_an_html_file_renamed_pdf_is_refused():
    fake = SimpleUploadedFile("bao-cao.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as excinfo:
        uploads.validate_upload(fake, allowed=("pdf",), max_bytes=1024 * 1024)
    assert "không khớp" in excinfo.value.messages[0]


def test_an_oversize_file_is_refused():
    big = SimpleUploadedFile("bao-cao.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as excinfo:
        uploads.validate_upload(big, allowed=("pdf",), max_bytes=1024)
    assert "vượt quá dung lượng" in excinfo.value.messages[0]


def test_a_disallowed_extension_is_refused():
    script = SimpleUploadedFile("bao-cao.pdf.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError):
        uploads.validate_upload(script, allowed=("pdf",), max_bytes=1024 * 1024)


def test_a_real_pdf_is_accepted():
    good = SimpleUploadedFile("Báo cáo tháng 5.pdf", PDF)
    assert uploads.validate_upload(good, allowed=("pdf",), max_bytes=1024 * 1024) == "application/pdf"


def test_downloads_are_attachments_never_inline(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    stored = storage.save(uploads.storage_name("x.pdf"), SimpleUploadedFile("x.pdf", PDF))
    response = uploads.attachment_response(storage.open(stored), "../Báo cáo.pdf", "application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".." not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    response.file_to_stream.close()


def test_uploads_live_outside_the_static_root_and_the_static_sources():
    media = settings.MEDIA_ROOT.resolve()
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        static = static.resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert not settings.MEDIA_URL.startswith(settings.STATIC_URL)


def _downloadall_rows():
    return [row for row in all_rows() if row.method == "get" and ("attachment" in row.name or "download" in row.name)]


@pytest.mark.parametrize("row", _downloadall_rows(), ids=lambda r: f"{r.name}{'-' + r.note if r.note else ''}")
def test_file_downloads_are_refused_to_anonymous_and_outsiders_and_served_as_attachments(
    row, world, settings, tmp_path
):
    assert row.expect["anonymous"] in (302, 403, 404) and row.expect["outsider"] in (403, 404)
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    for role, status in row.expect.items():
        if status != 200:
            continue
        response = client_for_role(role, world.cast).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;"), f"{row.name} as {role}"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
        assert response.getvalue()  # the file itself (not closed: close() would end the test's DB connection)
