"""The indicators in the admin: a city's traffic-light thresholds are edited here; imports and
their rows are read-only history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from laksa.kpi.indicators.models import Import, ImportChange, Thresholds


@admin.register(Thresholds)
class ThresholdsAdmin(admin.ModelAdmin):
    list_display = (
        "jurisdiction",
        "budget_green_pct",
        "budget_yellow_pct",
        "physical_lag_early",
        "physical_lag_late",
    )


class ImportChangeInline(admin.TabularInline):
    model = ImportChange
    fields = ("row_number", "action", "record", "before", "after")
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "source", "file_name", "by", "rows", "created", "updated", "demo")
    list_filter = ("kind", "source", "demo")
    readonly_fields = [f.name for f in Import._meta.fields]
    inlines = [ImportChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
