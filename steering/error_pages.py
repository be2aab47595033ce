"""The project's own error pages under DEBUG too.

With DEBUG on (`make run`, the trial), Django answers a missing page, a bad request or a failure with its
English debug page. People trying the site then see pages no one will see in production; this middleware
gives them the project's Vietnamese pages (steering/views.py, templates/errors/) instead. A superuser keeps
Django's debug page, which is what a developer needs to find the cause. Without DEBUG it does nothing:
Django already uses the project's handlers (steering/urls.py)."""

from django.conf import settings

from . import views

# Django's debug pages (technical_404.html, technical_500.html) all say why they are shown.
_DEBUG_PAGE_MARK = b"DEBUG = True"

_EXCEPTION = "_own_error_pages_exception"
_HANDLERS = {400: views.bad_request, 403: views.permission_denied, 404: views.page_not_found, 500: views.server_error}


def _is_debug_page(response) -> bool:
    return (
        response.get("Content-Type", "").startswith("text/html")
        and not getattr(response, "streaming", False)
        and _DEBUG_PAGE_MARK in response.content
    )


class OwnErrorPagesMiddleware:
    """Under DEBUG, replace Django's debug page of a 400, 403, 404 or 500 by the project's page (same
    status) for everyone but a superuser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or response.status_code not in _HANDLERS or not _is_debug_page(response):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_superuser:
            return response
        if response.status_code == 500:
            return views.server_error(request)
        # The view's exception, as production's handler gets it: a refused query parameter says which and why.
        return _HANDLERS[response.status_code](request, getattr(request, _EXCEPTION, None))

    def process_exception(self, request, exception):
        """Keep what the view raised (Django calls this for the view's exceptions only); never answers."""
        if settings.DEBUG:
            setattr(request, _EXCEPTION, exception)
