from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from laksa.catalog.models import Category
from laksa.org.models import Jurisdiction
from laksa.reports.models import Report


class Level(models.TextChoices):
    """Who a late report is raised to, step by step up the hierarchy."""

    SUPERVISOR = "supervisor", _("Pengawas lapangan")
    AGENCY_HEAD = "agency_head", _("Kepala instansi")
    AREA_OFFICIAL = "area_official", _("Camat / lurah")
    EXECUTIVE = "executive", _("Daftar pimpinan")


DEFAULT_LADDER: list[tuple[Level, timedelta]] = [
    (Level.SUPERVISOR, timedelta(0)),
    (Level.AGENCY_HEAD, timedelta(hours=8)),
    (Level.AREA_OFFICIAL, timedelta(days=1)),
    (Level.EXECUTIVE, timedelta(days=3)),
]
"""Used where a city has set no rule: each level is told this long after the target passed."""


class EscalationRule(models.Model):
    """One step of a ladder: `after` the target passed, raise the report to `level`. Rules of a
    category replace the city's general rules (those with no category) for that category."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="escalation_rules"
    )
    level = models.CharField(_("ke"), max_length=20, choices=Level.choices)
    after = models.DurationField(_("setelah lewat batas"), default=timedelta(0))

    class Meta:
        verbose_name = _("aturan eskalasi")
        verbose_name_plural = _("aturan eskalasi")
        ordering = ["category", "after"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "category", "level"], name="escalation_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'}: {self.get_level_display()} +{self.after}"


class Target(models.TextChoices):
    RESPOND = "respond", _("tanggapan")
    RESOLVE = "resolve", _("penyelesaian")


class Escalation(models.Model):
    """A late report raised to one level for one missed target. Unique, so a step happens once
    however often the sweep runs."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    target = models.CharField(max_length=10, choices=Target.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    due_at = models.DateTimeField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")
        constraints = [
            models.UniqueConstraint(fields=["report", "target", "level"], name="escalation_once")
        ]
        indexes = [models.Index(fields=["level", "at"], name="escalation_level_time")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.target} → {self.level}"
