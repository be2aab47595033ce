"""Template tags of the hotline's public pages."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("hotline/_contact_line.html")
def hotline_contact() -> dict:
    """The hotline's telephone number and hours (settings.HOTLINE_PHONE, settings.HOTLINE_HOURS), for the
    public pages; the number also as a tel: link (digits and a leading + only)."""
    phone = settings.HOTLINE_PHONE
    dial = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return {"phone": phone, "dial": dial, "hours": settings.HOTLINE_HOURS}
