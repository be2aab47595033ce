"""Hotline views: public pages (intake, look-up, published answers), staff pages, statistics."""

from .actions import (
    answer,
    attach_answer_files,
    classify,
    decide_extension,
    make_task,
    request_extension,
    review,
    route,
    share_contact,
    transfer,
)
from .public import lookup, lookup_file, lookup_rate, lookup_reopen, lookup_result, published, receipt, submit
from .staff import access_log, attachment, contact, detail, inbox, phone_intake, unit_inbox
from .stats import hotspots, hotspots_export

__all__ = [
    "access_log",
    "answer",
    "attach_answer_files",
    "attachment",
    "classify",
    "contact",
    "decide_extension",
    "detail",
    "hotspots",
    "hotspots_export",
    "inbox",
    "lookup",
    "lookup_file",
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
