"""Hotline views: public pages (intake, look-up, published answers), staff pages, statistics."""

from .public import lookup, lookup_rate, lookup_reopen, lookup_result, published, receipt, submit
from .staff import (
    access_log,
    answer,
    attachment,
    classify,
    contact,
    decide_extension,
    detail,
    inbox,
    make_task,
    phone_intake,
    request_extension,
    review,
    route,
    share_contact,
    transfer,
    unit_inbox,
)
from .stats import hotspots

__all__ = [
    "access_log",
    "answer",
    "attachment",
    "classify",
    "contact",
    "decide_extension",
    "detail",
    "hotspots",
    "inbox",
    "lookup",
    "lookup_rate",
    "lookup_reopen",
    "lookup_result",
    "make_task",
    "phone_intake",
    "published",
    "receipt",
    "request_extension",
    "review",
    "route",
    "share_contact",
    "submit",
    "transfer",
    "unit_inbox",
]
