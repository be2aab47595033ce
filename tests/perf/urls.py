"""The project's URLs plus two trivial views, the benchmark's baselines: one behind login, one public
(`/__bench__/ok/`, the same view the bare Django project of tests/perf/peer serves)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def public_trivial(request):
    return HttpResponse("ok")


@login_required
def trivial(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/ok/", public_trivial),
    path("__bench__/trivial/", trivial),
    path("", include("steering.urls")),
]
