from django.contrib import admin

from laksa.dispatch.models import Escalation, EscalationRule


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "category", "level", "after"]
    list_filter = ["jurisdiction", "level"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["report", "target", "level", "due_at", "at"]
    list_filter = ["level", "target"]
    raw_id_fields = ["report"]
