"""Language choice: Vietnamese unless the user picked English with the language switcher.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; offices often
run English-language browsers, and the product's default is Vietnamese, so only the explicit
choice (the language cookie set by /i18n/setlang/) counts.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """As LocaleMiddleware's, which without language-prefixed URLs (i18n_patterns) comes down to the
        Vary and Content-Language headers: those two, without its per-response URL look-ups."""
        if is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]:
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
