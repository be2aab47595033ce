"""The receipt of a report just filed from the public form, kept for the form that filed it.

A citizen's browser gets the receipt (the report's id and PIN) as a signed cookie of the receipt page
(hotline/views/public.py). When that answer never reaches the browser (a dropped connection, a double
click whose first answer the browser discards) the same form is sent again with its one-time token
(hotline/intake.py): the report is not filed twice, and its receipt must still be shown, never the receipt of
an earlier report the same browser sent. So the receipt is also kept here, in the shared cache, under a
digest of the form's token (192 random bits only that form carried), for RECEIPT_SECONDS. Without the cache
nothing is kept: the browser is sent to the look-up, with a stale receipt cookie removed.
"""

import hashlib
import logging

from django.core.cache import cache

from core.cache import without_fallback

logger = logging.getLogger(__name__)
RECEIPT_SECONDS = 15 * 60


def _key(form_token: str) -> str:
    return "hotline:receipt:" + hashlib.sha256(form_token.encode()).hexdigest()


def keep(*, form_token: str, report_id: int, pin: str) -> None:
    """Keep (report id, PIN) for RECEIPT_SECONDS under the form's token; nothing when there is no token or
    the cache cannot be reached (logged, never raised)."""
    if not form_token:
        return
    try:
        without_fallback(cache).set(_key(form_token), (report_id, pin), RECEIPT_SECONDS)
    except Exception:  # noqa: BLE001 - any cache failure: the look-up remains
        logger.warning("hotline receipt not kept", exc_info=True)


def kept(form_token: str) -> tuple[int, str] | None:
    """(report id, PIN) kept for this form's token, or None (none, expired, or the cache away)."""
    if not form_token:
        return None
    try:
        found = without_fallback(cache).get(_key(form_token))
    except Exception:  # noqa: BLE001 - any cache failure: as if nothing was kept
        return None
    if isinstance(found, (tuple, list)) and len(found) == 2:
        return int(found[0]), str(found[1])
    return None
