from django.http import HttpResponse
from django.urls import path


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("__bench__/ok/", trivial)]
