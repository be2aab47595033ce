"""The home page: what each role sees first. Apps' panels are added here."""

from members.roles import Role, has_role


def home_context(request) -> dict:
    user = request.user
    ctx: dict = {"panels": []}
    if has_role(user, Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER):
        from members.selectors import roster_context

        ctx.update(roster_context())
    return ctx
