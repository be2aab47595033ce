"""Language choice: Vietnamese unless the user picked English with the language switcher.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; offices often
run English-language browsers, and the product's default is Vietnamese, so only the explicit
choice (the language cookie set by /i18n/setlang/) counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
