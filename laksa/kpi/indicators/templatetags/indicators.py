"""Figures as the indicator pages show them: rupiah in billions, percentages, lights."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

from laksa.kpi.indicators.models import ContractStatus, Light

register = template.Library()


@register.filter
def miliar(value: Decimal | None) -> str:
    """Rupiah in billions with two decimals, in the page's language ("1,25")."""
    if value is None:
        return "—"
    return str(floatformat(Decimal(value) / Decimal(1_000_000_000), "2g"))


@register.filter
def rupiah(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return "Rp " + str(floatformat(value, "0g"))


@register.filter
def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return str(floatformat(value, 1)) + "%"


@register.filter
def points(value: Decimal | None) -> str:
    """A deviation in percentage points, signed."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return sign + str(floatformat(value, 1))


@register.simple_tag
def light(value: Any) -> SafeString:
    """A traffic light: its colour dot and its name (never colour alone)."""
    if isinstance(value, ContractStatus):
        value, label = value.light, value.label
    else:
        value = Light(value)
        label = value.label
    return format_html(
        '<span class="light {}"><i class="dot {}"></i> {}</span>', value.colour, value.colour, label
    )
