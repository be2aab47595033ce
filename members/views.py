"""Members views: the roster, history, member changes, assignments and the member's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .roles import Role, role_required
from .selectors import roster_context


@role_required(Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)
def roster(request):
    return render(request, "members/roster.html", roster_context())


@login_required
def me(request):
    person = getattr(request.user, "person", None)
    return render(request, "members/me.html", {"person": person})
