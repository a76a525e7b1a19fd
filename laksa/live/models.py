from __future__ import annotations

from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.lib import clock
from laksa.org.models import Jurisdiction

KIOSK_SALT = "laksa.live.kiosk"


class ScreenLanguage(models.TextChoices):
    """The languages a screen can be set to: those the site is translated into."""

    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("Bahasa Inggris")


class WallScreen(models.Model):
    """A TV that shows the wall with no login: its URL carries a signed token naming this row.
    Switching the row off revokes the URL at once. The screen speaks its own language: a TV's
    browser is seldom set to the room's."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama layar"), max_length=80)
    active = models.BooleanField(_("aktif"), default=True)
    language = models.CharField(
        _("bahasa layar"),
        max_length=8,
        choices=ScreenLanguage.choices,
        default=ScreenLanguage.INDONESIAN,
        help_text=_("Bahasa tampilan layar ini, apa pun bahasa peramban TV-nya."),
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    last_seen_at = models.DateTimeField(_("terakhir terlihat"), null=True, blank=True)

    class Meta:
        verbose_name = _("layar dinding")
        verbose_name_plural = pgettext_lazy("plural", "layar dinding")

    def __str__(self) -> str:
        return self.name

    @property
    def token(self) -> str:
        return signing.dumps({"screen": self.pk}, salt=KIOSK_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> WallScreen | None:
        try:
            value = signing.loads(token, salt=KIOSK_SALT)
        except signing.BadSignature:
            return None
        pk = value.get("screen") if isinstance(value, dict) else None
        if not isinstance(pk, int):
            return None
        return cls.objects.filter(pk=pk, active=True).select_related("jurisdiction").first()
