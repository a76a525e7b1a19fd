import secrets
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from laksa.org.models import (
    Agency,
    ApiRequest,
    Application,
    Area,
    Holiday,
    Jurisdiction,
    Membership,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code_prefix", "timezone", "work_start", "work_end"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The city's own days off (local holidays, cuti bersama); national holidays are built in.
    A day added here counts for due times and escalation from the next report or sweep on."""

    list_display = ["date", "name", "jurisdiction"]
    list_filter = ["jurisdiction"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "bps_code", "parent"]
    list_filter = ["level", "jurisdiction"]
    search_fields = ["name", "code", "bps_code"]
    raw_id_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "active"]
    list_filter = ["kind", "active", "jurisdiction"]
    search_fields = ["code", "abbreviation", "name"]
    raw_id_fields = ["area"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "area"]
    list_filter = ["role", "jurisdiction"]
    raw_id_fields = ["user", "agency", "area"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """A new application gets its key on saving, shown once in the message at the top (or make
    one with `laksa apikey create NAME`). Switching `active` off revokes the key."""

    list_display = ["name", "key_prefix", "active", "requests_per_minute", "last_used_at"]
    list_filter = ["active"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: Application, form: Any, change: bool) -> None:
        key = None
        if not change:
            key = secrets.token_urlsafe(30)
            obj.key_prefix, obj.key_hash = key[:8], Application.hash_key(key)
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(
                request,
                _("Kunci API untuk %(name)s (hanya ditampilkan sekali, simpan sekarang): %(key)s")
                % {"name": obj.name, "key": key},
            )


@admin.register(ApiRequest)
class ApiRequestAdmin(admin.ModelAdmin):
    list_display = ["at", "application", "method", "path", "status"]
    list_filter = ["application", "status"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
