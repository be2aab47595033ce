"""Every object a view fetches by an id from the request goes through a permission-checked helper.

The helpers are named `get_<thing>_for_<who>(user, pk, ...)` and live next to the permission rules
(members/permissions.py, tasks/selectors.py, hotline/selectors.py, core/notifications.py, ...): they
check the user may see the object and answer 404/403 otherwise. A view that fetches for itself
(`get_object_or_404(Model, pk=pk)`, `Model.objects.get(...)`, `.filter(pk=pk)` on any queryset or
related manager) skips that check, so this test reads the source of every views module and names
each such call. Inside a `get_*_for_*` function fetching is the point, so those bodies are not read.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "members", "tasks", "reviews", "hotline", "steering")
EXTRA_VIEW_MODULES = ("steering/auth.py",)

HELPER = re.compile(r"^_?get_\w+_for_\w+$")
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
LOOKUPS = {"get", "filter", "exclude", "in_bulk", "get_or_create", "update_or_create"}
# pk, id, pk__in, unit_id, report__pk, task__id__in, ...: a lookup by an object's id
ID_LOOKUP = re.compile(r"^(pk|id)(__exact|__in)?$|(_id|__pk|__id)(__exact|__in)?$")
REQUEST_DATA = {"GET", "POST", "FILES", "COOKIES", "body", "headers", "META", "data", "kwargs"}
TRUSTED_PARAMS = {"request", "self", "cls"}


def view_modules(root: Path = ROOT) -> list[Path]:
    found = {root / extra for extra in EXTRA_VIEW_MODULES}
    for app in APPS:
        found.update(p for p in [root / app / "views.py", *(root / app / "views").glob("*.py")] if p.exists())
    return sorted(found)


@dataclass(frozen=True)
class Offence:
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.line}: in {self.function}(): {self.what}"


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _chain(node: ast.AST) -> list[ast.AST]:
    """`a.b(c).d` -> [a, b, d]'s nodes from the root outwards, through calls and subscripts."""
    out = []
    while True:
        out.append(node)
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return out[::-1]


def _is_request_data(node: ast.AST) -> bool:
    """request.GET[...], request.POST.get(...), request.POST.getlist(...), self.kwargs[...]."""
    chain = _chain(node)
    return (
        len(chain) >= 2
        and _name(chain[0]) in {"request", "self"}
        and isinstance(chain[1], ast.Attribute)
        and chain[1].attr in REQUEST_DATA
    )


def _is_raw(node: ast.AST, tainted: set[str]) -> bool:
    """True for a value that comes straight from the request: a URL argument, request data, or either
    passed through int()/str()/a subscript/a list of them."""
    if isinstance(node, ast.Name):
        return node.id in tainted
    if _is_request_data(node):
        return True
    if isinstance(node, ast.Call) and _name(node.func) in {"int", "str", "UUID", "list", "set", "tuple"}:
        return any(_is_raw(arg, tainted) for arg in node.args)
    if isinstance(node, ast.Subscript):
        return _is_raw(node.value, tainted)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return any(_is_raw(elt, tainted) for elt in node.elts)
    return False


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.offences: list[Offence] = []
        self.scopes: list[tuple[str, set[str]]] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if HELPER.match(node.name):
            return  # a permission-checked helper: fetching is its job
        args = node.args
        params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        tainted = (self.scopes[-1][1] if self.scopes else set()) | (params - TRUSTED_PARAMS)
        assigns = [n for n in ast.walk(node) if isinstance(n, ast.Assign | ast.AnnAssign) and n.value is not None]
        changed = True
        while changed:  # names assigned from request data are request data
            changed = False
            for assign in assigns:
                if _is_raw(assign.value, tainted):
                    targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
                    new = {t.id for t in targets if isinstance(t, ast.Name)} - tainted
                    if new:
                        tainted |= new
                        changed = True
        self.scopes.append((node.name, tainted))
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        if self.scopes:
            what = self._offence(node, self.scopes[-1][1])
            if what:
                self.offences.append(Offence(node.lineno, self.scopes[-1][0], what))
        self.generic_visit(node)

    def _offence(self, node: ast.Call, tainted: set[str]) -> str:
        called = _name(node.func)
        if called in SHORTCUTS:
            return f"{called}(...)"
        if not isinstance(node.func, ast.Attribute) or called not in LOOKUPS:
            return ""
        chain = _chain(node.func.value)
        if called == "get" and any(_name(n) in MANAGERS for n in chain[1:]):
            return f"{_name(chain[0])}.objects.get(...)"
        for kw in node.keywords:
            if kw.arg and ID_LOOKUP.search(kw.arg) and _is_raw(kw.value, tainted):
                return f".{called}({kw.arg}=...) with an id from the request"
        if called == "in_bulk" and any(_is_raw(arg, tainted) for arg in node.args):
            return ".in_bulk(...) with ids from the request"
        return ""


def unchecked_fetches(source: str, filename: str = "<views>") -> list[Offence]:
    finder = _Finder()
    finder.visit(ast.parse(source, filename=filename))
    return sorted(finder.offences, key=lambda o: o.line)


def test_views_fetch_objects_only_through_permission_checked_helpers():
    found = [
        f"{path.relative_to(ROOT)}:{offence}"
        for path in view_modules()
        for offence in unchecked_fetches(path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == [], "fetch through a get_<thing>_for_user(user, pk) helper next to the permission rules"


def test_every_views_module_is_read():
    names = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert {
        "core/views.py",
        "reviews/views.py",
        "steering/views.py",
        "steering/auth.py",
        "members/views/people.py",
        "tasks/views/task.py",
        "hotline/views/staff.py",
        "hotline/views/public.py",
    } <= names


PLANTED = """
from django.shortcuts import get_object_or_404

def task_detail(request, pk):
    task = get_object_or_404(Task, pk=pk)                                   # 5
    other = Task.objects.select_related("plan").get(code="X")               # 6
    rows = ProgressReport.objects.filter(task_id=pk)                        # 7
    ids = request.POST.getlist("ids")
    chosen = Task.objects.filter(pk__in=ids)                                # 9
    one = Task.objects.filter(pk=int(request.GET["task"])).first()          # 10
    return render(request, "x.html", {"task": task})

def report_attachment(request, pk, attachment_pk):
    report = selectors.get_report_for_user(request.user, pk)
    def run(report):
        return report.attachments.get(pk=attachment_pk)                     # 16
    return run(report)

def plan_page(request, pk):
    plan = get_plan_for_user(request.user, pk)
    committee = Committee.objects.filter(pk=plan.committee_id)
    tasks = Task.objects.filter(plan=plan, pk__in=Task.objects.filter(parent=plan.pk).values("pk"))
    mine = Plan.objects.filter(committee__memberships__person__user=request.user)
    page = request.GET.get("page")
    return render(request, "x.html", {"plan": plan})

def get_meeting_for_user(user, pk):
    if not user.is_staff:
        raise PermissionDenied
    return get_object_or_404(Meeting, pk=pk)

class Bulk(View):
    def post(self, request):
        return Report.objects.in_bulk(self.kwargs["ids"])                   # 34
"""


def test_a_planted_unchecked_fetch_is_caught():
    found = unchecked_fetches(PLANTED)
    assert [(o.line, o.function) for o in found] == [
        (5, "task_detail"),
        (6, "task_detail"),
        (7, "task_detail"),
        (9, "task_detail"),
        (10, "task_detail"),
        (16, "run"),
        (34, "post"),
    ], "\n".join(map(str, found))
    assert str(found[0]) == "5: in task_detail(): get_object_or_404(...)"
    assert str(found[1]) == "6: in task_detail(): Task.objects.get(...)"


def test_a_fetch_through_the_helper_passes():
    source = """
def report_detail(request, pk):
    report = selectors.get_report_for_user(request.user, pk)
    return render(request, "x.html", {"report": report, "events": report.events.filter(report_id=report.pk)})
"""
    assert unchecked_fetches(source) == []
