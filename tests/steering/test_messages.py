"""Messages (django.contrib.messages) through steering.middleware.LazyMessageMiddleware: the storage is built only
when a request uses it, and then kept and shown as Django's own middleware keeps them."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import empty

from steering.middleware import LazyMessageMiddleware
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_public_request_that_uses_no_message_builds_no_storage_and_sets_no_cookie(client):
    response = client.get(reverse("healthz"))
    assert response.wsgi_request._messages._wrapped is empty
    assert "messages" not in response.cookies


def test_a_message_added_before_a_redirect_is_read_once_on_the_next_request(secretariat_user):
    request = RequestFactory().get("/")
    request.COOKIES = {}
    request.session = client_for(secretariat_user).session

    def view(request):
        messages.success(request, "Đã lưu.")
        return HttpResponseRedirect("/")

    response = LazyMessageMiddleware(view)(request)
    assert request._messages._wrapped is not empty
    follow = RequestFactory().get("/")
    follow.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    follow.session = request.session
    seen = []

    def next_view(request):
        seen.extend(str(m) for m in get_messages(request))
        return HttpResponse("ok")

    LazyMessageMiddleware(next_view)(follow)
    assert seen == ["Đã lưu."]
