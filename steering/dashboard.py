"""The home page: what each role sees first. Apps' panels are added here."""

from members.roles import Role, has_role


def home_context(request) -> dict:
    user = request.user
    ctx: dict = {"panels": []}
    if has_role(user, Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER):
        from members.selectors import roster_context

        ctx.update(roster_context())
    if has_role(user, Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER):
        from django.utils import timezone

        from tasks.leadership import dashboard

        ctx["panels"].append({"template": "tasks/_dashboard.html", "data": dashboard(today=timezone.localdate())})
    if has_role(user, Role.HOTLINE_OPERATOR, Role.LEADERSHIP):
        from django.utils import timezone

        from hotline.selectors import inbox_counts

        ctx["panels"].append({"template": "hotline/_home_panel.html", "data": inbox_counts(today=timezone.localdate())})
    return ctx
