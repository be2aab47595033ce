"""A fingerprint of every table, to tell that a refused post changed nothing.

On PostgreSQL each table's fingerprint is its row count and the sum of its rows' `xmin` (the transaction, or
savepoint, that wrote each row version: an insert, update or delete changes it), all tables in one query; on
SQLite it is the count and highest rowid (inserts and deletes).
"""

from django.db import connection

# Tables a refused request may write to, by design:
EXEMPT = {
    "django_session",  # the session (its expiry, messages, the language, the idle clock)
    "axes_accessattempt",  # failed logins are counted: that is the lockout
    "axes_accessfailurelog",
    "axes_accesslog",
    "hotline_contactaccesslog",  # a refused staff post redraws the report, and every showing of a contact is logged
}


def _tables() -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t not in EXEMPT)


def fingerprint() -> dict[str, str]:
    """Table name -> fingerprint of its rows."""
    tables = _tables()
    q = connection.ops.quote_name
    if connection.vendor == "postgresql":
        parts = [
            f"(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM {q(name)})"  # noqa: S608 (introspected, quoted names)
            for name in tables
        ]
    else:
        parts = [
            f"(SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM {q(name)})"  # noqa: S608
            for name in tables
        ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The tables whose rows differ."""
    return sorted(t for t in before if before[t] != after.get(t))
