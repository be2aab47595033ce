"""`{{ user|actor }}`: how a page names the user who did something (core.history.actor_name: the linked
Person's full name, else the account's full name, else the username)."""

from django import template

from core.history import actor_name

register = template.Library()


@register.filter
def actor(user) -> str:
    """The name a page shows for `user` ("" for None). Select `person` with the user to spare a query."""
    return actor_name(user)
