from django.contrib import admin

from laksa.dispatch.models import Assignment, Crew, Escalation, EscalationRule


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "category", "level", "after"]
    list_filter = ["jurisdiction", "level"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["report", "target", "level", "due_at", "at"]
    list_filter = ["level", "target"]
    raw_id_fields = ["report"]


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    """Crews are set up by the administrator; supervisors pick one when they send a job."""

    list_display = ["name", "agency", "active"]
    list_filter = ["agency", "active"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments follow the report's routing and the field's actions."""

    list_display = ["report", "agency", "part", "crew", "accepted_at", "done_at", "ended_at"]
    list_filter = ["part", "agency"]
    raw_id_fields = ["report"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
