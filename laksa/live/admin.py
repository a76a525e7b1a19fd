from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from laksa.live.models import WallScreen


@admin.register(WallScreen)
class WallScreenAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "language", "active", "last_seen_at"]
    list_filter = ["active", "language"]
    readonly_fields = ["kiosk_link", "last_seen_at", "created_at"]

    @admin.display(description=_("tautan layar (tanpa login)"))
    def kiosk_link(self, screen: WallScreen) -> str:
        if not screen.pk:
            return str(_("Simpan dulu; tautan muncul setelahnya."))
        url = reverse("live:kiosk", args=[screen.token])
        return format_html('<a href="{}" target="_blank">{}</a>', url, url)
