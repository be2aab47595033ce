"""Stale forms: no edit is lost when two people change the same record.

A record that several people edit (a plan, a task, a membership, an assignment, a progress report
under review, a hotline report, a personal plan) inherits `VersionedModel`: its `version` goes up by
one at every save. An edit form carries the version it was drawn from (`core.forms.VersionField`, a
hidden field), and the service that writes the record checks it on the row it has locked
(`check_version`, inside the service's transaction, after `select_for_update`): so the admin, every
page and every other writer that passes a version get the same check.

When the row has moved on since the form was drawn, the service compares the state the form saw (the
history row of that version, django-simple-history) with the row as it is now, over the fields the
form edits:
- none of them changed (someone changed something else: a job moved the effective deadline, another
  form wrote other fields): the save goes on;
- some changed: `StaleEdit` (a ValidationError) lists them, each as its label, the value the form was
  drawn with and the value now, with who saved last and when. Nothing is saved.
The form is then shown again (`core.forms.apply_errors`) with what the clerk typed, the other person's
values in the fields the clerk left alone, and the version now, so a second save is a deliberate one.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .history import actor_name

SHOWN_CHARS = 120  # a long text is shown up to this many characters in the list of changes


class VersionedModel(models.Model):
    """A record several people edit: `version` starts at 1 and goes up by one at every save (an
    insert keeps 1). `QuerySet.update` and `bulk_update` do not raise it: use them only for fields no
    form edits (derived figures)."""

    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class Change:
    """One field the other person changed: `label` (as the form names it), `old` and `new` as shown,
    `raw_old`/`raw_new` as stored (a foreign key's id)."""

    field: str
    label: str
    old: str
    new: str
    raw_old: object
    raw_new: object


class StaleEdit(ValidationError):
    """The form was drawn from version `seen`, the record is at `version` now, and `changes` (the fields
    the form edits that changed meanwhile; empty when the earlier state is not known) say how. `by` is
    who saved last (a user or None), `at` when."""

    def __init__(self, *, changes: list[Change], seen: int, version: int, by=None, at: datetime | None = None):
        self.changes, self.seen, self.version, self.by, self.at = changes, seen, version, by, at
        who = actor_name(by) or _("người khác")
        when = timezone.localtime(at).strftime("%H:%M %d/%m/%Y") if at else ""
        if when:
            text = _(
                "Trong lúc đồng chí sửa, %(who)s đã lưu thay đổi lúc %(when)s. Chưa lưu gì: hãy xem lại rồi lưu lần nữa."
            ) % {"who": who, "when": when}
        else:
            text = _("Trong lúc đồng chí sửa, %(who)s đã lưu thay đổi. Chưa lưu gì: hãy xem lại rồi lưu lần nữa.") % {
                "who": who
            }
        super().__init__(text, code="stale")


def shown(field: models.Field, value) -> str:
    """A stored value as a page shows it: a choice's label, a related record's name, dd/mm/yyyy, Có/Không."""
    if value is None or value == "":
        return _("(trống)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        model: Any = field.related_model
        related = model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def check_version(
    obj: VersionedModel, seen: int | None, *, fields: Iterable[str], prefill: Mapping[str, Any] | None = None
) -> None:
    """Refuse a save drawn from an older version of `obj` when one of `fields` changed since.

    `obj` is the row as it is now, locked by the caller (`select_for_update`, in the caller's
    transaction); `seen` is the version the form was drawn from (None: the writer drew no form, e.g.
    a job or a loader, and is not checked; 0: the form was drawn before the record existed, and
    `obj` was just created by the caller when `obj.version` is still 1 and unsaved); `fields` are the model fields the writer sets. Raises
    `StaleEdit` listing the changed fields (one query for the history row of `seen`, one for the last
    one, one per foreign key shown). Without the history row of `seen`, any newer version is refused.

    `prefill` (field name -> value) is what a form drawn before the record existed (`seen` 0) showed in
    those fields when it is not the field's default (a page that offers a first draft, e.g. the personal
    plan's template): the state the form saw is then the prefill, so a field the clerk left as drawn is
    one the clerk did not change (`core.forms.apply_errors` then takes the other person's value for it)."""
    if seen is None or seen == obj.version:
        return
    history = getattr(obj, "history", None)
    then: Any
    if seen == 0:  # drawn before the record existed: the fields' defaults, or the page's prefill
        then = obj.__class__()
        for name, value in (prefill or {}).items():
            prefilled: Any = obj._meta.get_field(name)
            setattr(then, prefilled.attname, value)
    else:
        then = history.filter(version=seen).order_by("-history_date").first() if history is not None else None
    changes = []
    for name in fields:
        field: Any = obj._meta.get_field(name)
        now_value = field.value_from_object(obj)
        if then is not None:
            old = getattr(then, field.attname)
            if old == now_value:
                continue
            changes.append(
                Change(
                    name, capfirst(str(field.verbose_name)), shown(field, old), shown(field, now_value), old, now_value
                )
            )
    if then is not None and not changes:
        return
    # The author with their Person in the same query: the notice names them (core.history.actor_name).
    last = (
        history.select_related("history_user__person").order_by("-history_date").first()
        if history is not None
        else None
    )
    raise StaleEdit(
        changes=changes,
        seen=seen,
        version=obj.version,
        by=getattr(last, "history_user", None),
        at=getattr(last, "history_date", None),
    )
