from django.contrib import admin

from laksa.api.models import PersonalToken


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username", "key_prefix"]
    readonly_fields = ["user", "key_prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        # A key is shown once at creation: that is `laksa token create`, never a form field.
        return False
