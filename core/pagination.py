"""A list whose length is already known, for Django's Paginator: no COUNT query over a large table."""

from collections.abc import Callable
from typing import Any


class KnownCount:
    """`rows` (a queryset) of `count` rows for `Paginator`: its length is `count` (from a tally or a total the
    page computed anyway), and a page's slice is passed through `decorate` (e.g. to annotate only the rows
    shown, in one query) when given."""

    def __init__(self, rows: Any, count: int, decorate: Callable[[Any], Any] | None = None):
        self.rows, self._count, self.decorate = rows, count, decorate

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list:
        part = self.rows[index]
        return list(self.decorate(part) if self.decorate else part)
