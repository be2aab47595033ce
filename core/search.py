"""Search that ignores case, diacritics and tone-mark placement, the same on PostgreSQL and SQLite.

A searchable model keeps `search_text`: its `SEARCH_FIELDS` folded by `core.text.fold`, refreshed by
`save()` (so by every writer that saves: views, services, the admin, loaders). Writers that bypass
`save()` (bulk_create, QuerySet.update of a searched field) call `refresh_search_text()` on each row
themselves. A query is folded the same way and matched with `search_text__contains`: plain LIKE, which
both databases answer alike because both sides are already folded.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from .text import fold, search_text


class SearchTextModel(models.Model):
    """Abstract base: a folded `search_text` column kept from the fields named in `SEARCH_FIELDS`."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        searched = set(self.SEARCH_FIELDS)
        if update_fields is None:
            # A row loaded with only() and none of its searched fields cannot have changed them.
            if not searched <= self.get_deferred_fields():
                self.refresh_search_text()
        elif searched & set(update_fields):
            self.refresh_search_text()
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(*(getattr(self, name) for name in self.SEARCH_FIELDS))


def search_filter(q: str) -> Q | None:
    """The filter for a search box's text `q` on a SearchTextModel, or None when `q` folds to nothing."""
    folded = fold(q or "")
    return Q(search_text__contains=folded) if folded else None


# Type checkers see the mixin as a ModelAdmin (whose get_search_results it extends); at run time it is a plain
# mixin placed before ModelAdmin.
if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as _AdminBase
else:
    _AdminBase = object


class FoldedSearchAdminMixin(_AdminBase):
    """Admin search that also finds rows by `search_text` (a ModelAdmin of a SearchTextModel)."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = search_filter(search_term)
        if folded is not None:
            found = found | queryset.filter(folded)
        return found, may_have_duplicates


def fill_search_text(model, fields: tuple[str, ...], *, batch: int = 1000) -> int:
    """Recompute `search_text` of every row of `model` from `fields`, `batch` rows per query; returns the
    number of rows. For data migrations (pass the historical model) and after bulk loads."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        rows = list(model.objects.filter(pk__in=ids[start : start + batch]).only("pk", *fields))
        for row in rows:
            row.search_text = search_text(*(getattr(row, name) for name in fields))
        model.objects.bulk_update(rows, ["search_text"])
    return len(ids)
