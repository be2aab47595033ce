"""The audit history (django-simple-history): who made a change, and why, written on the next save."""

from typing import Any


def stamp(obj: Any, by: Any = None, *, reason: str = "") -> None:
    """Have the history row that `obj.save()` writes name `by` (a signed-in user; anything else, such as
    None for a job or the system, leaves the author empty) and, when given, the reason (at most 100
    characters, the history table's column)."""
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]
