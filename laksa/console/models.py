"""What the console keeps of its own: reply templates operators choose from, and who has a report
open right now."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from laksa.lib import clock
from laksa.reports.models import Report

PRESENCE_WINDOW = timedelta(seconds=60)
"""How long after the last page view or poll an operator still counts as having a report open."""


class TemplateKind(models.TextChoices):
    REJECT = "reject", _("Alasan penolakan")
    REPLY = "reply", _("Balasan untuk pelapor")


class ReplyTemplate(models.Model):
    """A ready-made text for the citizen; the operator may edit it before sending."""

    kind = models.CharField(_("jenis"), max_length=10, choices=TemplateKind.choices)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=120)
    title_en = models.CharField(_("judul (Inggris)"), max_length=120, blank=True)
    text_id = models.TextField(_("teks (Indonesia)"))
    text_en = models.TextField(_("teks (Inggris)"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["kind", "order", "title"]
        verbose_name = pgettext_lazy("model", "templat balasan")
        verbose_name_plural = pgettext_lazy("plural", "templat balasan")

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """The title in the active language, Indonesian when there is no English one."""
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def text(self) -> str:
        """The text in the active language, Indonesian when there is no English one."""
        return self.text_en if get_language() == "en" and self.text_en else self.text_id


class ReportPresence(models.Model):
    """One staff user having a report's page open: `since` the view began, `seen_at` the last poll."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="presence_report_user_unique")
        ]
        verbose_name = _("staf yang membuka laporan")
        verbose_name_plural = pgettext_lazy("plural", "staf yang membuka laporan")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.user_id}@{self.seen_at:%H:%M:%S}"


def mark_present(report: Report, user: Any, now: datetime | None = None) -> None:
    """Record that `user` has the report open now; a gap longer than the window starts anew.

    Always the same two queries, so a report page costs the same whether it is opened or polled.
    """
    now = now or clock.now()
    ReportPresence.objects.filter(
        report=report, user=user, seen_at__lt=now - PRESENCE_WINDOW
    ).delete()
    ReportPresence.objects.bulk_create(
        [ReportPresence(report=report, user=user, since=now, seen_at=now)],
        update_conflicts=True,
        unique_fields=["report", "user"],
        update_fields=["seen_at"],
    )


def others_present(report: Report, user: Any, now: datetime | None = None) -> list[ReportPresence]:
    """Who else has the report open within the window, the earliest first."""
    now = now or clock.now()
    return list(
        ReportPresence.objects.filter(report=report, seen_at__gte=now - PRESENCE_WINDOW)
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )
