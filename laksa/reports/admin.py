from django.contrib import admin

from laksa.reports.models import Photo, Report, ReportEvent


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor_label", "from_status", "to_status", "public_note")
    readonly_fields = fields


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    can_delete = False
    fields = ("kind", "image", "taken_at", "created_at")
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: every change to a report goes through an action so that history stays whole."""

    list_display = ["code", "status", "category", "agency", "kelurahan", "channel", "created_at"]
    list_filter = ["status", "channel", "category__group", "agency"]
    search_fields = ["code", "description"]
    inlines = [PhotoInline, EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
