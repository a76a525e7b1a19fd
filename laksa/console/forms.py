"""Operator action forms. Each carries the report's `version`, so a stale page is refused, and
names its verb in dispatch/verbs.py and the verb's arguments (`arguments`), so the console runs
every action the way SIGAP and the API do."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from laksa.catalog.filters import offer_city_choices
from laksa.catalog.models import Category
from laksa.console.models import ReplyTemplate, TemplateKind
from laksa.dispatch.reach import staff_reports
from laksa.org.models import Agency, AgencyKind, Area, Jurisdiction
from laksa.org.selectors import external_agencies, routable_agencies
from laksa.reports.models import Channel, Priority, Report
from laksa.reports.statuses import CLOSED_WITHOUT_WORK, FINISHED, IN_HAND, WAITING, Status

PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{6,20}$")


class VersionedForm(forms.Form):
    """An action form: `verb` names its verb in dispatch/verbs.py, and `arguments(report, user)`
    gives the verb's arguments from the cleaned form (a ValidationError, with its message added
    to the form, when one is unusable)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AgencyChoiceField(forms.ChoiceField):
    """A choice among agencies read by an org selector; cleans to the Agency itself."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)
        self.agencies: dict[str, Agency] = {}

    def offer(self, groups: list[tuple[str, list[Agency]]]) -> None:
        self.agencies = {str(a.pk): a for _label, group in groups for a in group}
        self.choices = [
            (label, [(str(a.pk), f"{a.abbreviation} · {a.name}") for a in group])
            for label, group in groups
            if group
        ]

    def clean(self, value: Any) -> Agency | None:
        key = super().clean(value)
        return self.agencies.get(key) if key else None


class AgencyMultipleChoiceField(forms.MultipleChoiceField):
    """Several agencies among those offered; cleans to a list of Agency."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)
        self.agencies: dict[str, Agency] = {}

    def offer(self, agencies: list[Agency]) -> None:
        self.agencies = {str(a.pk): a for a in agencies}
        self.choices = [(str(a.pk), f"{a.abbreviation} · {a.name}") for a in agencies]

    def clean(self, value: Any) -> list[Agency]:  # type: ignore[override]
        keys = super().clean(value)
        return [self.agencies[key] for key in keys]


class VerifyForm(VersionedForm):
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Kategori"))
    agency = AgencyChoiceField(label=_("Teruskan ke"))
    co_agencies = AgencyMultipleChoiceField(
        label=_("Instansi pendukung (opsional)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    public_note = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Catatan internal (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("category", report.category_id)
        initial.setdefault("agency", report.agency_id or report.category.agency_id)
        initial.setdefault("version", report.version)
        initial.setdefault("co_agencies", [str(a.pk) for a in report.co_agencies.all()])
        super().__init__(*args, **kwargs)
        city = report.jurisdiction
        self.fields["category"].queryset = Category.objects.filter(jurisdiction=city, active=True)  # type: ignore[attr-defined]
        # The report's own kelurahan and kecamatan offices first, then the OPDs, then other offices.
        local_areas = {report.kelurahan_id, report.kecamatan_id} - {None}
        agencies = routable_agencies(city)
        local = sorted(
            (a for a in agencies if a.area_id in local_areas),
            key=lambda a: a.area_id != report.kelurahan_id,
        )
        self.agency_field.offer(
            [
                (str(_("Kantor wilayah laporan")), local),
                (
                    str(_("Perangkat daerah (OPD)")),
                    [a for a in agencies if a.kind == AgencyKind.OPD],
                ),
                (
                    str(_("Kantor wilayah lain")),
                    [a for a in agencies if a.kind == AgencyKind.AREA and a not in local],
                ),
            ]
        )

        co_field = self.fields["co_agencies"]
        assert isinstance(co_field, AgencyMultipleChoiceField)
        co_field.offer(agencies)

    verb = "verify"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "category": data["category"],
            "co_agencies": data["co_agencies"],
            "public_note": data["public_note"],
            "internal_note": data["internal_note"],
            "expected_version": data["version"],
        }

    @property
    def agency_field(self) -> AgencyChoiceField:
        field = self.fields["agency"]
        assert isinstance(field, AgencyChoiceField)
        return field


class TemplateSelect(forms.Select):
    """A select of reply templates; each option carries its text for the page to fill in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts: dict[str, str] = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.texts:
            option["attrs"]["data-text"] = self.texts[str(value)]
        return option


class TemplatedTextForm(VersionedForm):
    """A text for the citizen that may start from a template. With JavaScript the page copies the
    template into the text box for editing and sets `filled`; without it, the template's text and
    the operator's words are joined here."""

    kind: str = TemplateKind.REPLY
    text_field = "text"
    template = forms.ChoiceField(label=_("Templat"), required=False, widget=TemplateSelect)
    filled = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = {
            t.code: t for t in ReplyTemplate.objects.filter(kind=self.kind, active=True)
        }
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("— pilih templat —")),
            *((code, t.label) for code, t in self.templates.items()),
        ]
        widget = field.widget
        assert isinstance(widget, TemplateSelect)
        widget.texts = {code: t.text for code, t in self.templates.items()}

    def full_text(self, data: dict[str, Any]) -> str:
        own = str(data.get(self.text_field, "")).strip()
        chosen = self.templates.get(data.get("template") or "")
        if data.get("filled") or chosen is None:
            return own
        start = chosen.text.strip()
        if not own:
            return start
        # "Bukan pengaduan." + "Ini iklan toko." reads as one message to the citizen.
        return f"{start} {own}" if start[-1:] in ".!?" else f"{start}. {own}"


class RejectForm(TemplatedTextForm):
    kind = TemplateKind.REJECT
    text_field = "reason"
    reason = forms.CharField(
        label=_("Penjelasan untuk pelapor"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].label = _("Alasan")

    verb = "reject"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["full_reason"] = self.full_text(data)
        if not data["full_reason"]:
            raise forms.ValidationError(_("Pilih atau tulis alasan penolakan."))
        return data

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {"reason": data["full_reason"], "expected_version": data["version"]}


class ReplyForm(TemplatedTextForm):
    kind = TemplateKind.REPLY
    text = forms.CharField(
        label=_("Balasan (terlihat oleh pelapor dan publik)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    verb = "reply"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["full_text"] = self.full_text(data)
        if not data["full_text"]:
            raise forms.ValidationError(_("Pilih templat atau tulis balasan."))
        return data

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {"text": data["full_text"], "expected_version": data["version"]}


class PriorityForm(VersionedForm):
    priority = forms.TypedChoiceField(label=_("Prioritas"), choices=Priority.choices, coerce=int)
    note = forms.CharField(
        label=_("Alasan (internal, opsional)"),
        required=False,
        max_length=1000,
    )

    verb = "priority"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "priority": data["priority"],
            "note": data["note"],
            "expected_version": data["version"],
        }


class VisibilityForm(VersionedForm):
    """Hide a report from the public (personal data in its text or photos, a sensitive matter)
    or show it again: `public` is what it is to become."""

    public = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Alasan (internal, opsional)"),
        required=False,
        max_length=1000,
    )

    verb = "visibility"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "public": data["public"],
            "note": data["note"],
            "expected_version": data["version"],
        }


class PlaceForm(VersionedForm):
    """Where the report really is: a point picked on the map (lat/lng), and the address heard."""

    lat = forms.FloatField(
        widget=forms.HiddenInput, error_messages={"required": _("Klik peta untuk menaruh titik.")}
    )
    lng = forms.FloatField(
        widget=forms.HiddenInput, error_messages={"required": _("Klik peta untuk menaruh titik.")}
    )
    address = forms.CharField(label=_("Alamat atau patokan"), max_length=250, required=False)

    verb = "place"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "lat": data["lat"],
            "lng": data["lng"],
            "address": data["address"],
            "expected_version": data["version"],
        }


class NoteForm(VersionedForm):
    text = forms.CharField(
        label=_("Catatan internal (tidak pernah terlihat publik)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tulis catatan internal.")},
    )

    verb = "note"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        return {"text": self.cleaned_data["text"]}  # notes never conflict: no version


class ProofDecisionForm(VersionedForm):
    """Accept a job whose proof photos had no location, or send it back with the reason."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Terima")), ("return", _("Kembalikan"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Alasan (wajib bila dikembalikan; terlihat oleh petugas)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan pengembalian."))
        return data

    @property
    def verb(self) -> str:
        return "accept_proof" if self.cleaned_data["decision"] == "accept" else "return"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        if data["decision"] == "accept":
            return {"note": data["reason"]}
        return {"reason": data["reason"], "expected_version": data["version"]}


class MergeForm(VersionedForm):
    into = forms.CharField(
        label=_("Kode laporan asli"),
        max_length=24,
        widget=forms.TextInput(attrs={"list": "nearby-codes", "autocomplete": "off"}),
    )

    verb = "merge"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        code = self.cleaned_data["into"].strip().upper()
        target = staff_reports(user, report.jurisdiction).filter(code=code).first()
        if target is None:
            message = _("Tidak ada laporan dengan kode itu.")
            self.add_error("into", message)
            raise forms.ValidationError(message)
        return {"into": target, "expected_version": self.cleaned_data["version"]}


class ReferForm(VersionedForm):
    to = AgencyChoiceField(label=_("Instansi tujuan"))
    note = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, AgencyChoiceField)
        field.offer([(str(_("Instansi luar")), external_agencies(report.jurisdiction))])

    verb = "refer"

    def arguments(self, report: Report, user: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {"to": data["to"], "note": data["note"], "expected_version": data["version"]}


QUEUE_TABS: dict[str, tuple[str, ...]] = {
    "triage": WAITING,
    "new": (Status.NEW,),
    "verified": (Status.VERIFIED,),
    "in_hand": IN_HAND,
    "done": FINISHED,
    "closed": CLOSED_WITHOUT_WORK,
}


class QueueFilterForm(forms.Form):
    """The queue's filters. A value that does not clean is dropped, never an error page."""

    status = forms.ChoiceField(required=False, choices=[(k, k) for k in QUEUE_TABS])
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua kanal")), *Channel.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Agency.objects.none(), required=False
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Area.objects.none(), required=False
    )
    mine = forms.BooleanField(label=_("Instansi saya"), required=False)
    overdue = forms.BooleanField(label=_("Lewat batas waktu"), required=False)
    proof_unverified = forms.BooleanField(label=_("Lokasi belum diverifikasi"), required=False)
    needs_place = forms.BooleanField(label=_("Perlu lokasi"), required=False)

    def __init__(
        self,
        *args: Any,
        jurisdiction: Jurisdiction,
        own_agencies: Collection[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_agencies = set(own_agencies)
        """The agencies a LIVE Room operator sits for: "my agency" is offered only to them."""
        if not self.own_agencies:
            del self.fields["mine"]
        offer_city_choices(self, jurisdiction)
        agency = cast(forms.ModelChoiceField, self.fields["agency"])
        agency.queryset = Agency.objects.filter(jurisdiction=jurisdiction, active=True)
        agency.empty_label = _("Semua instansi")

    def values(self) -> dict[str, Any]:
        """The filters that cleaned; the others are left out."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        data["status"] = data.get("status") or "triage"
        data["mine"] = self.own_agencies if data.get("mine") else set()
        if data.get("proof_unverified"):
            data["status"] = "done"  # only done jobs wait for the LIVE Room's decision on proof
        return data
