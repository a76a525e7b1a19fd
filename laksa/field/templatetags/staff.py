"""What the staff navigation offers: only the screens the user's roles open."""

from __future__ import annotations

from typing import Any

from django import template

from laksa.org import permissions
from laksa.org.models import Role

register = template.Library()

# The same check as console/escalations.py::can_view_escalations, which field may not import.
WATCHING_ROLES = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.AREA_OFFICIAL}


@register.simple_tag
def staff_screens(user: Any) -> dict[str, bool]:
    sees_everything = permissions.sees_everything(user)
    return {
        "console": permissions.can_view_console(user),
        "escalations": sees_everything or bool(permissions.roles(user) & WATCHING_ROLES),
        "field": bool(permissions.handled_agency_ids(user)),
        "wall": sees_everything,
    }
