"""Every URL of the project that takes a form post, found rather than listed, and how to fuzz each.

Where the list comes from:

- the URL resolver: every view whose code reads a posted body (a class with `post`, a function that mentions
  `POST`, `form_data(`, `form_files(` or `request.FILES`);
- the access matrix (tests/<app>/access_rows.py): every row posted to;
- the pages themselves (`swept_form_actions`, run by tests/fuzz/test_registry.py): every `<form method=post>`
  drawn by a page of the matrix, resolved to its URL name.

How a URL is fuzzed (`target`): as the matrix's first role that may post it, with the matrix row's objects of
the shared `world` (tests/conftest.py); its fields are read from the form drawn by the page that draws it (the
URL itself, or `PAGES[name]` for a URL that only takes the post), else from its form class (`FORM_CLASSES`).
"""

import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.access import ROLES, Row, all_rows

# Django's own admin posts are Django's to test.
IGNORED_PREFIXES = ("admin:",)

# The order in which a role is picked to post a URL: the one the form is for first.
ROLE_PREFERENCE = ("secretariat", "hotline_operator", "focal_point", "member", "leadership", "outsider", "anonymous")

# A view posts when its code reads the posted body.
_POSTS = re.compile(r"\bPOST\b|form_data\(|form_files\(|request\.FILES|def post\b")


def _patterns(resolver=None, namespace: str = ""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p.callback


def _takes_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False
    return bool(_POSTS.search(source))


def resolver_post_names() -> set[str]:
    """URL names whose views read a posted body (Django's admin left out)."""
    return {name for name, cb in _patterns() if not name.startswith(IGNORED_PREFIXES) and _takes_post(cb)}


def matrix_post_names() -> set[str]:
    """URL names the access matrix posts to."""
    return {row.name for row in all_rows() if row.method == "post"}


def url_name(path: str) -> str | None:
    """The URL name a form's action resolves to, or None for a URL of no name."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


# ------------------------------------------------------------------------------------------------ targets


def _allowed(row: Row) -> list[str]:
    """The roles the row lets through (not refused, not sent to log in), in ROLE_PREFERENCE order."""
    logged_in = [row.expect[r] for r in ROLES if r != "anonymous"]
    if len(set(row.expect.values())) == 1 and row.expect["anonymous"] != 302:
        return ["anonymous"]  # a public page: posted by the public
    ok = []
    for role in ROLE_PREFERENCE:
        status = row.expect[role]
        if status in (403, 404, 405):
            continue
        if role == "anonymous" and status == 302 and set(logged_in) != {302}:
            continue  # sent to the login page
        ok.append(role)
    return ok


@dataclass
class Target:
    """One form to fuzz: the URL posted to, the role posting it, the page drawing its form."""

    name: str
    role: str
    kwargs: Callable[[object], dict] | None
    page: Callable[[object], str] | None = None  # the page drawing the form, when not the URL itself
    form: str = ""  # a field name (or a piece of the action) picking the form among the page's forms
    form_class: Callable[[], object] | None = None  # the form, when no page of the world draws it

    def url(self, world) -> str:
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)


def _reset_kwargs(w) -> dict:
    user = w.cast["secretariat"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _invitation_kwargs(w) -> dict:
    from members.invitations import invitation_tokens

    user = w.cast["focal_point"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)}


def _page(name: str, kwargs: Callable[[object], dict] | None = None) -> Callable[[object], str]:
    return lambda w: reverse(name, kwargs=kwargs(w) if kwargs else None)


_HOTLINE_DETAIL = _page("hotline:detail", lambda w: {"pk": w.report.pk})
_MEETING = _page("tasks:meeting_detail", lambda w: {"pk": w.tasks_meeting.pk})
_REVIEW = _page("reviews:review_board", lambda w: w.review_kwargs)
_PERIODIC = _page("periodic_reports:detail", lambda w: {"pk": w.periodic_report.pk})

# URLs that take only the post: the page that draws their form (and a field picking it there).
PAGES: dict[str, tuple[Callable[[object], str], str]] = {
    "hotline:classify": (_HOTLINE_DETAIL, "/classify/"),
    "hotline:route": (_HOTLINE_DETAIL, "/route/"),
    "hotline:transfer": (_HOTLINE_DETAIL, "/transfer/"),
    "hotline:review": (_HOTLINE_DETAIL, "/review/"),
    "hotline:decide_extension": (_HOTLINE_DETAIL, "/extension/"),
    "hotline:answer": (_HOTLINE_DETAIL, "/answer/"),
    "hotline:request_extension": (_HOTLINE_DETAIL, "/extend/"),
    "hotline:make_task": (_HOTLINE_DETAIL, "/task/"),
    "hotline:attach_answer_files": (_HOTLINE_DETAIL, "/answer-files/"),
    "hotline:share_contact": (_HOTLINE_DETAIL, "/share"),
    "hotline:contact": (_HOTLINE_DETAIL, "/contact/"),
    "tasks:meeting_attendees": (_MEETING, "/attendees/"),
    "tasks:agenda_add": (_MEETING, "/agenda/"),
    "tasks:opinion_add": (_MEETING, "/opinions/"),
    "tasks:conclusion_add": (_MEETING, "/conclusions/"),
    "tasks:meeting_notice_issue": (_MEETING, "/notice/"),
    "tasks:agenda_delete": (_page("tasks:agenda_edit", lambda w: {"pk": w.tasks_agenda_item.pk}), "/delete/"),
    "tasks:opinion_delete": (_page("tasks:opinion_edit", lambda w: {"pk": w.tasks_opinion.pk}), "/delete/"),
    "tasks:report_review": (_page("tasks:task_detail", lambda w: {"pk": w.tasks_task.pk}), "/review/"),
    "tasks:reports_accept": (_page("tasks:my_work_section", lambda w: {"section": "pending"}), "/accept/"),
    "reviews:review_assess": (_REVIEW, "/assess/"),
    "reviews:review_issue": (_REVIEW, "/issue/"),
    "reviews:review_letter_issue": (_REVIEW, "/letter/"),
    "periodic_reports:create": (_page("periodic_reports:list"), "period"),
    "periodic_reports:amend": (_PERIODIC, "/amend/"),
    "core:holiday_delete": (_page("core:holidays"), "/delete/"),
    "core:holiday_confirm": (_page("core:holidays"), "/confirm/"),
    "core:notification_read": (_page("core:notifications"), "/read/"),
    "core:notifications_read_all": (_page("core:notifications"), "read-all"),
    "logout": (_page("home"), "/logout/"),
}


def _form(path: str, **kwargs) -> Callable[[], object]:
    def make():
        module, name = path.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)(**kwargs)

    return make


# URLs whose form the world's pages do not draw (the object's state hides it): the form class the view binds.
FORM_CLASSES: dict[str, Callable[[], object]] = {
    "hotline:classify": _form("hotline.forms.ClassifyForm"),
    "hotline:route": _form("hotline.forms.RouteForm"),
    "hotline:review": _form("hotline.forms.ApproveForm"),
    "hotline:request_extension": _form("hotline.forms.ExtensionForm"),
    "hotline:attach_answer_files": _form("hotline.forms.AnswerFilesForm"),
    "hotline:lookup_rate": _form("hotline.forms.RatingForm"),
    "hotline:lookup_reopen": _form("hotline.forms.ReopenForm"),
    "otp_verify": _form("steering.auth.TokenForm"),
    "reviews:review_letter_issue": _form("reviews.views.LetterIssueForm", prefix="letter"),
    "reviews:review_close": _form("reviews.views.CloseMonthForm"),
    "reviews:review_reopen": _form("reviews.views.ReopenMonthForm"),
    "members:account_action": _form("members.people_forms.AccountActionForm"),
    # Buttons without fields, drawn only in states the world does not have: the body is all there is to fuzz.
    "core:holiday_confirm": _form("django.forms.Form"),
    "hotline:contact": _form("django.forms.Form"),
    "core:notifications_read_all": _form("django.forms.Form"),
    "periodic_reports:amend": _form("django.forms.Form"),
    "tasks:plan_import_preview": _form("django.forms.Form"),
}

# Forms whose refusals the fuzz found wanting, left to be fixed where the rule lives:
# their cases run and report, without failing the suite, until fixed (then they XPASS: remove them).
KNOWN: dict[str, str] = {}

# Targets that the matrix's rows do not give as wanted (another role, objects a form needs).
OVERRIDES: dict[str, Target] = {
    "password_reset_confirm": Target("password_reset_confirm", "anonymous", _reset_kwargs),
    "login": Target("login", "anonymous", None),
    "members:invitation": Target("members:invitation", "anonymous", _invitation_kwargs),
    "hotline:lookup_rate": Target(
        "hotline:lookup_rate", "anonymous", None, form_class=FORM_CLASSES["hotline:lookup_rate"]
    ),
    "hotline:lookup_reopen": Target(
        "hotline:lookup_reopen", "anonymous", None, form_class=FORM_CLASSES["hotline:lookup_reopen"]
    ),
    "set_language": Target("set_language", "anonymous", None),
    "otp_verify": Target("otp_verify", "leadership", None, form_class=FORM_CLASSES["otp_verify"]),
    **{
        name: Target(name, "secretariat", row_kwargs, form_class=FORM_CLASSES[name])
        for name, row_kwargs in (
            ("core:holiday_confirm", lambda w: {"pk": w.planned_day.pk}),
            ("core:notifications_read_all", None),
            ("periodic_reports:amend", lambda w: {"pk": w.periodic_report.pk}),
            ("tasks:plan_import_preview", lambda w: {"pk": w.tasks_plan.pk, "token": "unknown"}),
        )
    },
    "core:notification_read": Target(
        "core:notification_read", "member", lambda w: {"pk": w.notification.pk}, *PAGES["core:notification_read"]
    ),
}


def targets() -> dict[str, Target]:
    """Every URL that takes a post (resolver and matrix), with how to fuzz it."""
    rows: dict[str, list[Row]] = {}
    for row in all_rows():
        rows.setdefault(row.name, []).append(row)
    found: dict[str, Target] = {}
    for name in sorted(resolver_post_names() | matrix_post_names() | set(OVERRIDES)):
        if name in OVERRIDES:
            found[name] = OVERRIDES[name]
            continue
        candidates = sorted(rows.get(name, []), key=lambda r: r.method != "post")  # posted rows first
        for row in candidates:
            allowed = _allowed(row)
            if allowed:
                page, form = PAGES.get(name, (None, ""))
                found[name] = Target(name, allowed[0], row.kwargs, page, form, FORM_CLASSES.get(name))
                break
    return found


def form_target(page_url: str, action: str) -> str:
    """The URL a form posts to: its action joined to the page, or the page itself."""
    return urljoin(page_url, action) if action else page_url
