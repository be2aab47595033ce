"""Language choice: Vietnamese unless the user picked English with the language switcher.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; offices often
run English-language browsers, and the product's default is Vietnamese, so only the explicit
choice (the language cookie set by /i18n/setlang/) counts.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers


@cache
def _supported() -> frozenset[str]:
    """The codes of settings.LANGUAGES, read once per process."""
    return frozenset(code for code, _name in settings.LANGUAGES)


@receiver(setting_changed)
def _forget_languages(setting, **kwargs) -> None:
    if setting == "LANGUAGES":
        _supported.cache_clear()


class ChosenLanguageMiddleware:
    """Activate the language of the language cookie (settings.LANGUAGE_CODE without one, or with an unknown
    code), and say so in the answer: `Content-Language`, and `Vary: Cookie` since the same address reads in
    another language with another cookie (the browser's own languages play no part, so no `Accept-Language`).

    In place of Django's LocaleMiddleware, whose other work is for language-prefixed URLs (i18n_patterns),
    which the product does not use; it ran on every request, public ones included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in _supported() else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if response.has_header("Vary"):
            patch_vary_headers(response, ("Cookie",))
        else:
            response.headers["Vary"] = "Cookie"
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
