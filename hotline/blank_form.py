"""The public intake form's fields as drawn for a new visitor, rendered once per process for what they show.

Every visitor of `/hotline/` gets the same blank fields (the hundreds of units, the categories, the consent
text, in their language); only the CSRF and one-time tokens around them differ. Rendering them is most of
the page's cost, so the blank fields are kept here, keyed by everything they show:
- the language and the day (the units valid that day);
- the version of the units' data (core/shared_cache.py, topic "members": any change to a unit bumps it,
  on every host, so a host never serves a list another host changed);
- the categories (read: one small query) and the consent text (from the settings).
Without the shared cache (Redis down) nothing is kept: the fields are rendered every time, as before.
A form with errors or values (a post sent back) is always rendered from the form itself.
"""

from collections import OrderedDict
from threading import Lock

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from core import shared_cache

FIELDS_TEMPLATE = "hotline/_submit_fields.html"
KEEP = 16  # languages × days × versions a process keeps at once; old keys are never asked for again

_drawn: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = Lock()


def blank_fields(form) -> SafeString:
    """The HTML of `form`'s fields (an unbound hotline.forms.ReportForm) without its tokens: from this
    process's copy when one was rendered for the same language, day, units version, categories and consent
    text, else rendered now (and kept when the shared cache answered)."""
    assert not form.is_bound, "only a blank form is the same for every visitor"
    current = shared_cache.versions(shared_cache.MEMBERS)
    if current is None:
        return render_to_string(FIELDS_TEMPLATE, {"form": form})
    categories = tuple(form.fields["category"].queryset.values_list("pk", "name"))
    key = (
        translation.get_language(),
        timezone.localdate(),
        current,
        categories,
        str(form.fields["consent"].label),
        str(form.fields["attachments"].help_text),
    )
    with _lock:
        found = _drawn.get(key)
        if found is not None:
            _drawn.move_to_end(key)
            return found
    html = render_to_string(FIELDS_TEMPLATE, {"form": form})
    with _lock:
        _drawn[key] = html
        while len(_drawn) > KEEP:
            _drawn.popitem(last=False)
    return html
