"""What other apps link to a task, shown on the task page: e.g. the hotline reports a follow-up task was made
from ("Phản ánh liên quan").

The apps above this one register a source at start-up (their AppConfig.ready), so tasks never imports them.
A source is asked only about the tasks it may concern (its `sources`: Task.Source values), so an ordinary
task page runs no extra query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Task


@dataclass(frozen=True)
class RelatedItem:
    """One linked object: `label` (no personal data), `url` (None: the viewer may not open it), `note`."""

    label: str
    url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class RelatedSource:
    """`heading` of the block; `sources`: the Task.Source values it concerns; `items(task, user)` the rows."""

    key: str
    heading: str
    sources: tuple[str, ...]
    items: Callable[[Task, object], list[RelatedItem]]


_sources: dict[str, RelatedSource] = {}


def register_related(source: RelatedSource) -> None:
    """Register (or replace, by `key`) a source of related objects."""
    _sources[source.key] = source


def related_blocks(task: Task, user) -> list[dict]:
    """`[{"heading": str, "items": [RelatedItem, ...]}]`: the non-empty blocks for `task` as `user` may see
    them; one query per registered source that concerns the task's source, none otherwise."""
    blocks = []
    for source in _sources.values():
        if task.source not in source.sources:
            continue
        items = source.items(task, user)
        if items:
            blocks.append({"key": source.key, "heading": source.heading, "items": items})
    return blocks
