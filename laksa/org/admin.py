from django.contrib import admin

from laksa.org.models import Agency, Area, Jurisdiction, Membership


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code_prefix", "timezone", "work_start", "work_end"]


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
