"""The open work of a unit, whatever app keeps it, for passing it to the unit's successors when it ends.

A unit ends (members/unit_changes.py) and its open work lives in several apps: tasks it leads or
coordinates, pilot designations (tasks), hotline reports routed to it (hotline), assignments and
people (members). core imports no app, so each app registers, in its AppConfig.ready, one `WorkKind`
per kind of work: a lister (the unit's open items of that kind) and a mover (pass chosen items to
chosen successors, recording in the app's own history the document that caused it). members lists
and moves through `open_work` and `move_work` without knowing the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class OpenItem:
    """One open piece of work of a unit: `kind` (a registered WorkKind's name) and the row's id in its app,
    what to call it, where to see it, and a note for the reviewer (e.g. "the successor already leads it")."""

    kind: str
    object_id: int
    label: str
    url: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        """Unique within a unit's list: the name of the item's choice in the review form."""
        return f"{self.kind}-{self.object_id}"


@dataclass(frozen=True)
class Move:
    """An item passed to a successor (a members.Unit), under a document (a members.Decision)."""

    item: OpenItem
    to_unit: Any


# lister(unit=, on=) -> the unit's open items of that kind, in a stable order, in a fixed number of queries.
Lister = Callable[..., list[OpenItem]]
# mover(moves=, unit=, on=, decision=, reason=, by=, now=) -> None: passes each item to its successor
# (inside the caller's transaction), recording `decision` and `reason` in the app's own history.
Mover = Callable[..., None]


@dataclass(frozen=True)
class WorkKind:
    name: str
    label: StrOrPromise  # what the review page calls this kind of work ("Nhiệm vụ chủ trì"), a lazy translation
    order: int  # where the kind comes in the review page
    lister: Lister
    mover: Mover


_kinds: dict[str, WorkKind] = {}


def register_work_kind(kind: WorkKind) -> None:
    """Called from an app's AppConfig.ready; registering the same name again replaces it."""
    _kinds[kind.name] = kind


def work_kinds() -> list[WorkKind]:
    """The registered kinds, in the review page's order."""
    return sorted(_kinds.values(), key=lambda k: (k.order, k.name))


def kind_label(name: str) -> str:
    """What the pages call a kind of work (the name itself when no app registers it any more)."""
    kind = _kinds.get(name)
    return str(kind.label) if kind else name


def open_work(*, unit: Any, on: date) -> list[OpenItem]:
    """Every registered kind's open items of `unit` as of `on` (the first day without it), kind by kind."""
    return [item for kind in work_kinds() for item in kind.lister(unit=unit, on=on)]


def move_work(
    *, moves: Sequence[Move], unit: Any, on: date, decision: Any, reason: str, by: Any, now: datetime
) -> None:
    """Ask each kind's mover to pass its items on; call inside the transaction that records the change."""
    for kind in work_kinds():
        mine = [m for m in moves if m.item.kind == kind.name]
        if mine:
            kind.mover(moves=mine, unit=unit, on=on, decision=decision, reason=reason, by=by, now=now)
