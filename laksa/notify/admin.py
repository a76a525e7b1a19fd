from django.contrib import admin

from laksa.notify.models import Message, MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "language", "jurisdiction", "subject"]
    list_filter = ["jurisdiction", "channel", "language", "key"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by actions and sent by the worker."""

    list_display = ["id", "template_key", "channel", "masked_recipient", "status", "attempts"]
    list_filter = ["status", "channel", "template_key"]
    exclude = ["recipient"]
    readonly_fields = ["masked_recipient", "send_key"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
