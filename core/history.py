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


def name_of(
    *, person_name: str | None = "", first_name: str | None = "", last_name: str | None = "", username=""
) -> str:
    """How a page names a user: the full name of the Person linked to the account (`person_name`), else the
    account's own full name (first and last name, as `User.get_full_name`), else the username; "" for no
    one. For rows read with `values()` (`history_user__person__full_name`…); `actor_name` takes a user."""
    full = f"{first_name or ''} {last_name or ''}".strip()
    return (person_name or "").strip() or full or str(username or "")


def actor_name(user: Any) -> str:
    """How a page names the user who did something (who saved, changed, cancelled…): see `name_of`. "" for
    None (a job, the system). Reads `user.person` (one query unless select_related)."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return name_of(
        person_name=getattr(person, "full_name", ""),
        first_name=getattr(user, "first_name", ""),
        last_name=getattr(user, "last_name", ""),
        username=user.get_username() if hasattr(user, "get_username") else "",
    )
