from django.contrib import admin

from laksa.console.models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "code", "order", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["order", "active"]
    search_fields = ["title", "text_id", "text_en"]
