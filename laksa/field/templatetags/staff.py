"""What the staff navigation offers: only the screens the user's roles open."""

from __future__ import annotations

from typing import Any

from django import template

from laksa.org import permissions
from laksa.org.models import Role

register = template.Library()


@register.simple_tag
def staff_screens(user: Any) -> dict[str, bool]:
    sees_everything = permissions.sees_everything(user)
    return {
        "console": permissions.can_view_console(user),
        "escalations": permissions.can_view_escalations(user),
        "field": bool(permissions.handled_agency_ids(user)),
        "wall": sees_everything,
        "messages": permissions.can_triage(user),  # the outbox's failures (notify.views)
        # The performance dashboards (kpi/access.py): the city, an agency head's, an area's.
        "performance": sees_everything
        or bool(permissions.roles(user) & {Role.AGENCY_HEAD, Role.AREA_OFFICIAL}),
    }
