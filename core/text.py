"""Text as a Vietnamese office types it: cleaning, length limits and folding for search.

- `clean_text` normalises to NFC and drops what cannot be seen but breaks things: control characters
  (a title pasted from Word carries U+000B, its manual line break), Unicode format characters (bidi
  overrides U+202A-U+202E and U+2066-U+2069, zero-width spaces and joiners, the BOM, soft hyphens),
  lone surrogates and noncharacters (XML, hence .xlsx and .docx, refuses them). Long text keeps tab and
  newline (every line break becomes "\\n"); one-line text turns any line break or tab into a space.
- `install_form_cleaning` applies it to every `django.forms.CharField` (plain forms, model forms, the
  admin, third-party forms, whatever comes next), once, at start-up (`CoreConfig.ready`). It also gives
  every such field a length limit: its own `max_length`, else `LONG_TEXT`. Password fields are left
  byte for byte as typed.
- `install_model_cleaning` applies the one-line cleaning to every model `CharField` before it is saved
  (a `pre_save` receiver for every model), so text that never went through a form (services, the plan's
  Excel import, seeds, JSON, a decision typed inline and parsed from one string) is kept clean too.
- `fold` is the one folding for search: no case, no diacritics, đ = d, single spaces; so "Đơn giản hóa",
  "đơn giản hoá" (old and new tone-mark placement), "DON GIAN HOA" and decomposed (NFD) input all fold
  to "don gian hoa". Models keep a folded `search_text` column (core/search.py), queried with
  `search_text__contains=fold(q)`: the same answer on PostgreSQL and SQLite.
- `LongTextField`: a model TextField whose limit is checked by model validation too (Django's own
  TextField only passes `max_length` to the form).
"""

import re
import unicodedata

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

# The longest text any field takes (descriptions, report contents, answers): about four typed pages.
LONG_TEXT = 10_000

# Everything a word processor or a browser may send as a paragraph break (CRLF first, as one break).
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0c\x1c-\x1e\x85\u2029]")
# A line break inside a paragraph (Word's Shift+Enter pastes U+000B; U+2028 is the line separator): in text kept
# as one paragraph a line, it is a space, with the spaces around it.
# Every pattern that eats the spaces before a break starts only where a run of spaces starts ((?<![ \t])): a
# search tries every position, and from each position inside a megabyte of spaces `[ \t]*` would scan to the
# end of the run, quadratic time (minutes of a worker for one request). A match takes every break of a run
# with the spaces between them, so no break is left just after a match's trailing spaces.
_SOFT_BREAK = re.compile(r"(?<![ \t])(?:[ \t]*[\x0b\u2028])+[ \t]*")
# A list item pasted from a word processor: a bullet sign ("•", Word's Symbol-font "\uf0b7", "◦", "▪", "·",
# a dash) or "o" followed by a tab, at the start of a line.
_BULLET = re.compile(
    r"^[ \t\u00a0]*(?:[\u2022\uf0b7\uf0a7\uf076\uf0d8\u25e6\u25aa\u25cf\u00b7\u2013\u2014-][ \t\u00a0]+|o\t+)",
    re.MULTILINE,
)
_ONE_LINE_BREAKS = re.compile(r"(?<![ \t])(?:[ \t]*[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029])+[ \t]*")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})  # control, format, surrogate
_FOLDED_LETTERS = str.maketrans({"đ": "d", "ð": "d"})  # ð (U+00F0) stands in for đ in text converted from TCVN3/VNI


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _dropped(char: str) -> bool:
    return unicodedata.category(char) in _DROPPED_CATEGORIES or _is_noncharacter(char)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC without control or format characters (see the module docstring).

    multiline=True (a textarea, an export cell): tab and newline stay, every other paragraph break (CR, CRLF,
    U+2029, ...) becomes "\\n"; a line break within a paragraph (U+000B from Word's Shift+Enter, U+2028)
    becomes a space, so a pasted sentence stays one paragraph. multiline=False (a one-line field): line breaks and tabs, with
    the spaces around them, become one space. Leading and trailing spaces are left to the caller.
    """
    if multiline:
        text = _LINE_BREAK.sub("\n", _SOFT_BREAK.sub(" ", value))
        keep = "\t\n"
    else:
        text = _ONE_LINE_BREAKS.sub(" ", value)
        keep = ""
    if not text.isprintable():  # fast path: most text has nothing to drop
        text = "".join(c for c in text if c in keep or not _dropped(c))
    return unicodedata.normalize("NFC", text)


def paragraphs(value: str) -> list[str]:
    """The paragraphs of a multi-line text as a document writes them: cleaned first (`clean_text`, so a
    Word line break inside a paragraph is a space, not a new paragraph, even in rows saved before the
    cleaning), then split on newlines, each stripped, empty ones dropped. `str.splitlines` would split on
    U+000B and U+2028 too, which is why documents never use it on stored text."""
    return [line.strip() for line in clean_text(value or "", multiline=True).split("\n") if line.strip()]


def dash_bullets(text: str) -> str:
    """Lines pasted from a word processor as list items ("•\\tRà soát…", "\\uf0b7\\t…", "–\\t…", "o\\t…")
    written as the plain text's list items, "- Rà soát…". `text` is multi-line, already cleaned."""
    return _BULLET.sub("- ", text)


def fold(value: str) -> str:
    """`value` as search compares it: casefolded, diacritics removed (NFKD, combining marks dropped),
    đ as d, control and format characters dropped, runs of whitespace as one space, no outer spaces.

    fold("Đơn giản  hoá") == fold("đơn giản hóa") == fold("DON GIAN HOA") == "don gian hoa".
    """
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and (c.isspace() or not _dropped(c)))
    return " ".join(text.translate(_FOLDED_LETTERS).split())


def search_text(*parts: str | None) -> str:
    """The folded search column of a record: each part folded, one per line (a folded query never holds
    a newline, so a match never runs from one part into the next)."""
    return "\n".join(fold(part or "") for part in parts)


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


@deconstructible
class TextLengthValidator(validators.MaxLengthValidator):
    """At most `limit_value` characters, said plainly: "Tối đa 10.000 ký tự (hiện có 12.345 ký tự)."."""

    message = _("Tối đa %(limit_value)s ký tự (hiện có %(show_value)s ký tự).")

    def __call__(self, value) -> None:
        length = len(value)
        if length > self.limit_value:
            params = {"limit_value": _grouped(self.limit_value), "show_value": _grouped(length), "value": value}
            raise ValidationError(self.message, code=self.code, params=params)


class LongTextField(models.TextField):
    """A TextField with a length limit (default `LONG_TEXT`) checked by the form and by `full_clean`."""

    def __init__(self, verbose_name=None, *, max_length: int = LONG_TEXT, **kwargs):
        super().__init__(verbose_name, max_length=max_length, **kwargs)
        self.validators.append(TextLengthValidator(self.max_length))


_installed = False


def _cleans(field: forms.CharField) -> bool:
    # Passwords (and the hotline PIN) are compared as typed; JSON is not text a person reads.
    return not isinstance(field.widget, forms.PasswordInput) and not isinstance(field, forms.JSONField)


def install_form_cleaning() -> None:
    """Make every `forms.CharField` clean its text and limit its length; safe to call more than once.

    Django has no setting for "every text field of every form", so two methods of `forms.CharField`
    are wrapped (at call time, so fields built before start-up are covered too):
    - `to_python` cleans a submitted string with `clean_text` (multi-line for a Textarea widget) before
      Django strips it; subclasses that call it (EmailField, SlugField, URLField, RegexField, the admin's
      and auth's fields) are covered with it;
    - `run_validators` first checks the length, with `TextLengthValidator`'s message: `max_length` if
      the field has one, else `LONG_TEXT`, so no form accepts a megabyte of text.
    """
    global _installed
    if _installed:
        return
    _installed = True
    original_to_python = forms.CharField.to_python
    original_run_validators = forms.CharField.run_validators

    def to_python(self, value):
        if isinstance(value, str) and _cleans(self):
            value = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        return original_to_python(self, value)

    def run_validators(self, value):
        if isinstance(value, str) and _cleans(self):
            TextLengthValidator(self.max_length if self.max_length is not None else LONG_TEXT)(value)
        return original_run_validators(self, value)

    forms.CharField.to_python = to_python  # type: ignore[method-assign]
    forms.CharField.run_validators = run_validators  # type: ignore[method-assign]


# Model fields never cleaned on save: hashes and keys compared byte for byte.
_KEPT_AS_IS = frozenset({"password", "session_key", "session_data"})


def keeps_lines(model_field: models.Field) -> None:
    """Mark a model CharField that holds several lines on purpose (typed in a textarea: a letterhead's
    issuing body, a reason): `install_model_cleaning` cleans it as multi-line text."""
    model_field.keeps_lines = True  # type: ignore[attr-defined]


def _clean_char_fields(sender, instance, raw=False, **kwargs) -> None:
    # loaddata writes fixtures as they are; a history row (simple_history) copies a record already cleaned.
    if raw or hasattr(sender, "instance_type"):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.name not in _KEPT_AS_IS and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and not (value.isprintable() and unicodedata.is_normalized("NFC", value)):
                setattr(instance, field.attname, clean_text(value, multiline=getattr(field, "keeps_lines", False)))


def install_model_cleaning() -> None:
    """Clean every model `CharField` (one-line text: no line breaks, tabs, control or format characters,
    NFC) before any save, whatever road the value came by; safe to call more than once.

    A `pre_save` receiver for every sender; `QuerySet.update` and `bulk_create` send no signal, so their
    callers pass values that went through a form or `clean_text`. Fields with choices and hashes are left
    alone; a field marked with `keeps_lines` keeps its line breaks. Text that is printable and in NFC already is left untouched (the
    common case costs two scans)."""
    from django.db.models.signals import pre_save

    pre_save.connect(_clean_char_fields, dispatch_uid="core.text.clean_char_fields")
