"""Every export (.xlsx, .docx, .csv, print page) follows the field rule of the pages of the role downloading it:
people's e-mail addresses and phone numbers only for who sees them on the person pages
(members.permissions.can_see_contacts), a hotline submitter's details never.

The exports are found from the URL configuration (routes ending .xlsx/.docx/.csv, or named *print*), so a
new export this test does not open fails it; each is downloaded as every role the access matrix lets open
it, with canary contact values on every person, account and hotline report.
"""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hotline.models import Report
from members.models import Person
from members.permissions import can_see_contacts
from tests.access import all_rows

pytestmark = pytest.mark.django_db

PERSON_MAIL = "canary.person.mail"
PERSON_PHONE = "0912990077"
SUBMITTER = {
    "contact_name": "Canary Submitter Name",
    "contact_phone": "0987110022",
    "contact_email": "canary.submitter@example.invalid",
    "contact_address": "Canary Submitter Street",
}
EXPORT_SUFFIXES = (".xlsx", ".docx", ".csv")


def _is_export(pattern: str, name: str) -> bool:
    return pattern.endswith(EXPORT_SUFFIXES) or "print" in name


def _export_routes(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names |= _export_routes(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and _is_export(str(entry.pattern), entry.name):
            names.add(prefix + entry.name)
    return names


def _text(content: bytes) -> str:
    """Everything a download holds as text: every part of an .xlsx/.docx (zip of XML), else the bytes."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def _export_rows():
    names = _export_routes()
    return [row for row in all_rows() if row.method == "get" and row.name in names and 200 in row.expect.values()]


def test_every_export_route_is_downloaded():
    assert {row.name for row in _export_rows()} == _export_routes()


@pytest.mark.parametrize("row", _export_rows(), ids=lambda r: r.name)
def test_exports_show_contacts_only_to_who_sees_them_on_pages(row, world):
    Person.objects.update(email=f"{PERSON_MAIL}@example.invalid", phone=PERSON_PHONE)
    get_user_model().objects.update(email=f"{PERSON_MAIL}@example.invalid")
    Report.objects.update(**SUBMITTER)
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    for role, status in row.expect.items():
        user = world.cast[role]
        if status != 200 or user is None:
            continue
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (url, role)
        text = _text(response.content)
        if not can_see_contacts(user):
            assert PERSON_MAIL not in text and PERSON_PHONE not in text, (url, role)
        for value in SUBMITTER.values():
            assert value not in text, (url, role, value)
