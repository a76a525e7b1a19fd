from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from laksa.catalog.models import Category
from laksa.lib import clock
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
        verbose_name_plural = pgettext_lazy("plural", "aturan eskalasi")
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
    """A late report raised to one level for one missed deadline. Unique per deadline, so a step
    happens once however often the sweep runs, and a new deadline (the job re-routed to another
    agency, a new priority) has a ladder of its own."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    target = models.CharField(max_length=10, choices=Target.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    due_at = models.DateTimeField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("eskalasi")
        verbose_name_plural = pgettext_lazy("plural", "eskalasi")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target", "level", "due_at"], name="escalation_once_a_deadline"
            )
        ]
        indexes = [models.Index(fields=["level", "at"], name="escalation_level_time")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.target} → {self.level}"


class Crew(models.Model):
    """A team of workers (petugas) of one agency that a supervisor sends to jobs."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="crews", verbose_name=_("instansi")
    )
    name = models.CharField(_("nama regu"), max_length=80)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="crews", verbose_name=_("anggota")
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("regu")
        verbose_name_plural = pgettext_lazy("plural", "regu")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="crew_name_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.code})"


class Part(models.TextChoices):
    LEAD = "lead", _("Instansi utama")
    SUPPORT = "support", _("Koordinasi")


class Assignment(models.Model):
    """One agency's part in one report: the lead agency does the job and closes it with proof; a
    co-agency (koordinasi) does its own part and marks it done. Opened when the report is routed,
    ended with a reason when it is routed elsewhere or closed without the work (dispatch/follow.py)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="assignments")
    part = models.CharField(_("bagian"), max_length=10, choices=Part.choices, default=Part.LEAD)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_assignments",
        verbose_name=_("pengawas"),
    )
    crew = models.ForeignKey(
        Crew,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        verbose_name=_("regu"),
    )
    instructions = models.TextField(_("instruksi"), blank=True)
    respond_due_at = models.DateTimeField(_("batas tanggapan"), null=True, blank=True)
    resolve_due_at = models.DateTimeField(_("batas penyelesaian"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    ended_at = models.DateTimeField(_("diakhiri"), null=True, blank=True)
    end_reason = models.CharField(_("alasan diakhiri"), max_length=500, blank=True)
    reroute_asked_at = models.DateTimeField(_("minta dialihkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = pgettext_lazy("plural", "penugasan")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "agency"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_open_once",
            )
        ]
        indexes = [models.Index(fields=["agency", "ended_at"], name="assignment_agency_open")]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.agency_id} · {self.part}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Submission(models.Model):
    """A field action sent with a client-generated id (the phone's offline queue). The first send
    is done and its outcome kept; a re-send of the same id gets that outcome and changes nothing."""

    client_id = models.UUIDField()
    """Unique per user: a key is the sender's own, so another user's same key is another action."""
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20)
    ok = models.BooleanField(default=True)
    message = models.CharField(max_length=500, blank=True)
    refusal = models.CharField(max_length=30, blank=True)
    """The refused action's error code (reports.errors), so a re-send is answered as the first."""
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("kiriman lapangan")
        verbose_name_plural = pgettext_lazy("plural", "kiriman lapangan")
        constraints = [
            models.UniqueConstraint(fields=["client_id", "user"], name="submission_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.action}"
