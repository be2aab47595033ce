"""The real URLs plus a view that fails, to see the 500 page as production shows it."""

from django.urls import path

from steering.urls import handler400, handler403, handler404, handler500
from steering.urls import urlpatterns as real_urlpatterns


class SecretFailure(RuntimeError):
    pass


def boom(request):
    raise SecretFailure("database password is hunter2-canary")


urlpatterns = [*real_urlpatterns, path("__boom__/", boom)]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
