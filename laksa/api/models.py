"""Personal tokens for staff apps, and which API request was made with which token."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.lib import clock
from laksa.org.models import ApiRequest

TOKEN_PREFIX = "lks_"


class PersonalToken(models.Model):
    """A staff member's key for the JSON API (`Authorization: Bearer <key>`). Only the sha256 of
    the key is stored; the key is shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama"), max_length=80)
    key_prefix = models.CharField(_("awal kunci"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=600)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked = models.BooleanField(_("dicabut"), default=False)

    class Meta:
        verbose_name = _("token pribadi API")
        verbose_name_plural = pgettext_lazy("plural", "token pribadi API")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="personal_token_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def create_with_key(cls, user: object, name: str) -> tuple[PersonalToken, str]:
        """A new token and its key, which is never stored and cannot be shown again."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(30)
        token = cls.objects.create(
            user=user, name=name, key_prefix=key[:12], key_hash=cls.hash_key(key)
        )
        return token, key

    @classmethod
    def from_key(cls, key: str | None) -> PersonalToken | None:
        if not key or len(key) > 200:
            return None
        return (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash_key(key), revoked=False, user__is_active=True)
            .first()
        )


class TokenRequest(models.Model):
    """Links an ApiRequest log row to the personal token it was made with (for the rate limit)."""

    request = models.OneToOneField(
        ApiRequest, on_delete=models.CASCADE, primary_key=True, related_name="token_link"
    )
    token = models.ForeignKey(PersonalToken, on_delete=models.CASCADE, related_name="requests")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["token", "at"], name="tokenrequest_token_time")]

    def __str__(self) -> str:
        return f"{self.token_id}:{self.at:%Y-%m-%d %H:%M:%S}"
