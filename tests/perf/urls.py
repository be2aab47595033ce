"""The project's URLs plus a trivial login-protected view: the benchmark's baseline."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("__bench__/trivial/", trivial), path("", include("steering.urls"))]
