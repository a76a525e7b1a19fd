"""Importing indicators from the agencies' spreadsheets (XLSX, CSV) or a pushing system (JSON).

`read_table` turns a file into rows of cells; `check_rows` validates every row, collecting every
rejected cell (row number, column, reason in the user's language); `do_import` writes all rows in
one transaction, recording what each changed, and refuses to write anything if any row is bad.
All-or-nothing was chosen over "import the good rows": a budget sheet with some rows missing
gives wrong totals that look right, and the fix is usually one cell in the sheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laksa.kpi.indicators.models import (
    BudgetLine,
    BudgetMonth,
    ChangeAction,
    Import,
    ImportChange,
    ImportKind,
    ImportSource,
    Method,
    ProcurementPackage,
    ProcurementType,
    ProgressReport,
    Project,
    Reporter,
    Stage,
)
from laksa.lib import clock
from laksa.org.models import Agency, AgencyKind, Jurisdiction

Cell = str | int | float | Decimal | date | datetime | None
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str
    help: Any = ""


COLUMNS: dict[str, list[Column]] = {
    ImportKind.BUDGET: [
        Column("tahun", True, "2026", gettext_lazy("Tahun anggaran")),
        Column("bulan", True, "6", gettext_lazy("Bulan 1-12; angka kumulatif sampai akhir bulan")),
        Column("kode_opd", True, "DPUPR", gettext_lazy("Kode instansi di Laksa")),
        Column("kode_sub_kegiatan", True, "1.03.10.2.01.0001", gettext_lazy("U.BB.PP.K.KK.SSSS")),
        Column("kode_rekening", False, "5.2.04.01.01.0001", gettext_lazy("Kode akun belanja")),
        Column("uraian", True, "Belanja Modal Jalan Lingkungan", gettext_lazy("Nama")),
        Column("sumber_dana", False, "PAD"),
        Column("pagu", True, "1.250.000.000", gettext_lazy("Pagu yang berlaku bulan itu")),
        Column("rencana_kas_kumulatif", False, "600.000.000"),
        Column("realisasi_kumulatif", True, "412.500.000"),
    ],
    ImportKind.PROGRESS: [
        Column("tahun", True, "2026"),
        Column("periode_akhir", True, "2026-06-30", gettext_lazy("Akhir minggu atau bulan")),
        Column("kode_opd", True, "DPUPR"),
        Column("kode_sub_kegiatan", False, "1.03.10.2.01.0001"),
        Column("kd_rup", False, "40123456"),
        Column("kd_tender", False, "9876543"),
        Column("no_kontrak", True, "602/KTR-BM/DPUPR/2026", gettext_lazy("Kunci proyek")),
        Column("nama_paket", True, "Peningkatan Jalan Imam Bonjol"),
        Column("penyedia", False, "PT Contoh Karya"),
        Column("nilai_kontrak", True, "2.480.000.000"),
        Column("tgl_mulai", True, "2026-03-02"),
        Column("tgl_selesai", True, "2026-10-28"),
        Column("rencana_fisik_kum_pct", True, "45,5"),
        Column(
            "realisasi_fisik_kum_pct",
            False,
            "38,2",
            gettext_lazy("Kosongkan untuk periode yang belum dilaporkan"),
        ),
        Column("realisasi_keuangan_kum_rp", False, "744.000.000"),
        Column("pelapor", False, "konsultan pengawas"),
        Column("kendala", False, "Hujan deras dua minggu"),
        Column("lat", False, "-6.1781"),
        Column("lng", False, "106.6297"),
    ],
    ImportKind.PROCUREMENT: [
        Column("tahun", True, "2026"),
        Column("kode_opd", True, "DPUPR"),
        Column("kd_rup", True, "40123456"),
        Column("nama_paket", True, "Peningkatan Jalan Imam Bonjol"),
        Column("metode_pengadaan", True, "tender"),
        Column("jenis_pengadaan", False, "pekerjaan konstruksi"),
        Column("pagu", True, "2.600.000.000"),
        Column("hps", False, "2.550.000.000"),
        Column("nilai_kontrak", False, "2.480.000.000"),
        Column(
            "tahap",
            True,
            "berkontrak",
            gettext_lazy("rencana, diumumkan, pemilihan, berkontrak, selesai, gagal"),
        ),
        Column("tahapan_spse", False, "Penandatanganan Kontrak"),
        Column("kd_tender", False, "9876543"),
        Column("tgl_awal_pemilihan", False, "2026-02-01"),
        Column("tgl_pengumuman", False, "2026-02-03"),
        Column("tgl_kontrak", False, "2026-02-27"),
        Column("tgl_selesai", False, ""),
    ],
}

STAGE_WORDS = {
    "rencana": Stage.PLANNED,
    "direncanakan": Stage.PLANNED,
    "rup": Stage.PLANNED,
    "diumumkan": Stage.ANNOUNCED,
    "pengumuman": Stage.ANNOUNCED,
    "pemilihan": Stage.TENDERED,
    "proses pemilihan": Stage.TENDERED,
    "tender": Stage.TENDERED,
    "proses tender": Stage.TENDERED,
    "berkontrak": Stage.CONTRACTED,
    "kontrak": Stage.CONTRACTED,
    "selesai": Stage.FINISHED,
    "gagal": Stage.FAILED,
    "batal": Stage.FAILED,
    "gagal / batal": Stage.FAILED,
    **{s.value: s for s in Stage},
}


@dataclass(frozen=True)
class RowError:
    """One rejected cell: `row` is the sheet's row number (the header is row 1) or, for the
    API, the position in `rows` counted from 1."""

    row: int
    column: str
    reason: str


@dataclass
class Checked:
    kind: str
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class TableError(ValueError):
    """The file itself cannot be read (not CSV/XLSX, empty, too big)."""


def _header(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def read_table(name: str, data: bytes) -> list[dict[str, Cell]]:
    """The rows of the first sheet of an XLSX file or of a CSV file (comma or semicolon,
    UTF-8), keyed by their normalised header. Raises TableError when the file is unreadable."""
    if len(data) > MAX_BYTES:
        raise TableError(_("Berkas terlalu besar (maksimal 10 MB)."))
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        grid = _xlsx_grid(data)
    elif name.lower().endswith((".csv", ".txt")) or not name:
        grid = _csv_grid(data)
    else:
        raise TableError(_("Format berkas tidak dikenal: unggah XLSX atau CSV."))
    grid = [row for row in grid if any(c not in (None, "") for c in row)]
    if not grid:
        raise TableError(_("Berkas kosong."))
    if len(grid) - 1 > MAX_ROWS:
        raise TableError(_("Terlalu banyak baris (maksimal %(n)d).") % {"n": MAX_ROWS})
    headers = [_header(h) for h in grid[0]]
    rows = []
    for line in grid[1:]:
        rows.append({h: (line[i] if i < len(line) else None) for i, h in enumerate(headers) if h})
    return rows


def _xlsx_grid(data: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("Berkas XLSX tidak bisa dibaca.")) from exc
    sheet = book.worksheets[0]
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return grid


def _csv_grid(data: bytes) -> list[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse_number(text: str, *, money: bool) -> Decimal:
    """A number as spreadsheets write it in Indonesia or elsewhere: `1.250.000.000,00`,
    `1,250,000,000.00`, `Rp 1.250.000`, `45,5`, `45.5%`. Raises ValueError."""
    s = re.sub(r"[\s\u00a0]", "", text).removeprefix("Rp").removeprefix("rp").removesuffix("%")
    if "," in s and "." in s:
        s = (
            s.replace(".", "").replace(",", ".")
            if s.rfind(",") > s.rfind(".")
            else s.replace(",", "")
        )
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif s.count(".") > 1 or (money and "." in s and len(s.rsplit(".", 1)[1]) == 3):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


SUB_ACTIVITY = re.compile(r"^(\d)\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,4})$")
ACCOUNT = re.compile(r"^[4-6](\.\d{1,4}){0,5}$")


def normalise_sub_activity(code: str) -> str:
    """`U.BB.PP.K.KK.SSSS` from the variants sheets carry (`1.01.01.02.01.1`); ValueError if the
    shape is not a sub kegiatan code."""
    match = SUB_ACTIVITY.match(code.strip())
    if not match:
        raise ValueError(code)
    u, bb, pp, k, kk, ssss = match.groups()
    if int(k) > 9:
        raise ValueError(code)
    return f"{u}.{int(bb):02d}.{int(pp):02d}.{int(k)}.{int(kk):02d}.{int(ssss):04d}"


@dataclass
class Context:
    city: Jurisdiction
    agencies: dict[str, Agency]
    allowed: set[int] | None
    """Agencies the importer may write for; None = all of the city's."""


def make_context(city: Jurisdiction, allowed: set[int] | None) -> Context:
    agencies: dict[str, Agency] = {}
    for agency in Agency.objects.filter(jurisdiction=city, active=True).exclude(
        kind=AgencyKind.EXTERNAL
    ):
        agencies.setdefault(agency.abbreviation.upper(), agency)
        agencies[agency.code.upper()] = agency
    return Context(city=city, agencies=agencies, allowed=allowed)


class Row:
    """Reads the cells of one row, noting every bad one."""

    def __init__(self, number: int, cells: Mapping[str, Any], errors: list[RowError]):
        self.row_number = number
        self.cells = cells
        self.errors = errors
        self.bad = False

    def fail(self, column: str, reason: str) -> None:
        self.bad = True
        self.errors.append(RowError(self.row_number, column, reason))

    def raw(self, column: str) -> Cell:
        value = self.cells.get(column)
        return value.strip() if isinstance(value, str) else value

    def missing(self, column: str, required: bool) -> bool:
        if self.raw(column) in (None, ""):
            if required:
                self.fail(column, _("Wajib diisi."))
            return True
        return False

    def text(self, column: str, *, required: bool = False, max_length: int = 200) -> str:
        if self.missing(column, required):
            return ""
        value = self.raw(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number in a spreadsheet
        text = str(value).strip()
        if len(text) > max_length:
            self.fail(column, _("Terlalu panjang (maksimal %(n)d karakter).") % {"n": max_length})
        return text

    def number(
        self,
        column: str,
        *,
        required: bool = False,
        money: bool = True,
        low: Decimal | None = Decimal(0),
        high: Decimal | None = None,
        places: str | None = "0.01",
    ) -> Decimal | None:
        if self.missing(column, required):
            return None
        value = self.raw(column)
        try:
            if isinstance(value, (bool, date, datetime)):
                raise ValueError(value)
            if isinstance(value, (int, Decimal)):
                number = Decimal(value)
            elif isinstance(value, float):
                number = Decimal(str(value))
            else:
                number = parse_number(str(value), money=money)
        except ValueError:
            self.fail(column, _("Bukan angka: %(v)s.") % {"v": str(value)[:40]})
            return None
        if low is not None and number < low:
            self.fail(column, _("Tidak boleh kurang dari %(n)s.") % {"n": low})
        elif high is not None and number > high:
            self.fail(column, _("Tidak boleh lebih dari %(n)s.") % {"n": high})
        return number.quantize(Decimal(places)) if places else number

    def integer(self, column: str, low: int, high: int) -> int:
        value = self.number(column, required=True, money=False, low=None)
        if value is None:
            return 0
        if value != value.to_integral_value() or not low <= value <= high:
            self.fail(column, _("Harus bilangan bulat %(a)d-%(b)d.") % {"a": low, "b": high})
            return 0
        return int(value)

    def date(self, column: str, *, required: bool = False) -> date | None:
        if self.missing(column, required):
            return None
        value = self.raw(column)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.fail(column, _("Tanggal tidak dikenal: %(v)s (pakai 2026-06-30).") % {"v": text[:40]})
        return None

    def choice(self, column: str, words: dict[str, Any], *, required: bool = False) -> Any:
        text = self.text(column, required=required)
        if not text:
            return ""
        found = words.get(text.lower())
        if found is None:
            allowed = ", ".join(sorted({str(v) for v in words.values()}))
            self.fail(
                column,
                _("Nilai tidak dikenal: %(v)s. Pilihan: %(c)s.") % {"v": text[:40], "c": allowed},
            )
            return ""
        return found

    def agency(self, context: Context) -> Agency | None:
        code = self.text("kode_opd", required=True).upper()
        if not code:
            return None
        agency = context.agencies.get(code)
        if agency is None:
            self.fail("kode_opd", _("Instansi %(c)s tidak dikenal.") % {"c": code[:40]})
            return None
        if context.allowed is not None and agency.pk not in context.allowed:
            self.fail("kode_opd", _("Anda hanya boleh mengimpor data instansi Anda sendiri."))
            return None
        return agency

    def sub_activity(self, *, required: bool) -> str:
        code = self.text("kode_sub_kegiatan", required=required, max_length=40)
        if not code:
            return ""
        try:
            return normalise_sub_activity(code)
        except ValueError:
            self.fail(
                "kode_sub_kegiatan",
                _(
                    "Kode sub kegiatan %(c)s tidak berbentuk U.BB.PP.K.KK.SSSS (mis. 1.03.10.2.01.0001)."
                )
                % {"c": code[:40]},
            )
            return ""


def _words(choices: type[models.TextChoices]) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for member in choices:
        words[member.value.lower()] = member
        words[str(member.label).lower()] = member
    return words


def _clean_budget(row: Row, context: Context) -> dict[str, Any]:
    year = row.integer("tahun", 2000, 2100)
    month = row.integer("bulan", 1, 12)
    agency = row.agency(context)
    sub_activity = row.sub_activity(required=True)
    account = row.text("kode_rekening", max_length=32)
    if account and not ACCOUNT.match(account):
        row.fail(
            "kode_rekening",
            _("Kode rekening %(c)s tidak dikenal (mis. 5.2.04.01.01.0001).") % {"c": account[:40]},
        )
    ceiling = row.number("pagu", required=True)
    planned = row.number("rencana_kas_kumulatif")
    realised = row.number("realisasi_kumulatif", required=True)
    if ceiling is not None and realised is not None and realised > ceiling:
        row.fail("realisasi_kumulatif", _("Realisasi melebihi pagu."))
    if ceiling is not None and planned is not None and planned > ceiling:
        row.fail("rencana_kas_kumulatif", _("Rencana kas melebihi pagu."))
    return {
        "year": year,
        "month": month,
        "agency": agency,
        "sub_activity_code": sub_activity,
        "account_code": account,
        "name": row.text("uraian", required=True, max_length=300),
        "funding_source": row.text("sumber_dana", max_length=60),
        "ceiling": ceiling,
        "planned": planned,
        "realised": realised,
    }


def _clean_progress(row: Row, context: Context) -> dict[str, Any]:
    year = row.integer("tahun", 2000, 2100)
    hundred = Decimal(100)
    values = {
        "year": year,
        "period_end": row.date("periode_akhir", required=True),
        "agency": row.agency(context),
        "sub_activity_code": row.sub_activity(required=False),
        "rup_code": row.text("kd_rup", max_length=40),
        "tender_code": row.text("kd_tender", max_length=40),
        "code": row.text("no_kontrak", required=True, max_length=100),
        "name": row.text("nama_paket", required=True, max_length=300),
        "contractor": row.text("penyedia"),
        "contract_value": row.number("nilai_kontrak", required=True),
        "starts_on": row.date("tgl_mulai", required=True),
        "ends_on": row.date("tgl_selesai", required=True),
        "planned_pct": row.number(
            "rencana_fisik_kum_pct", required=True, money=False, high=hundred
        ),
        "actual_pct": row.number("realisasi_fisik_kum_pct", money=False, high=hundred),
        "financial": row.number("realisasi_keuangan_kum_rp"),
        "reporter": row.choice("pelapor", _words(Reporter)),
        "problems": row.text("kendala", max_length=2000),
        "lat": row.number("lat", money=False, low=Decimal(-90), high=Decimal(90), places=None),
        "lng": row.number("lng", money=False, low=Decimal(-180), high=Decimal(180), places=None),
    }
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        row.fail("tgl_selesai", _("Tanggal selesai sebelum tanggal mulai."))
    if (values["lat"] is None) != (values["lng"] is None):
        row.fail("lat", _("Isi lintang dan bujur bersama, atau kosongkan keduanya."))
    for key in ("lat", "lng"):
        values[key] = float(values[key]) if values[key] is not None else None
    return values


def _clean_procurement(row: Row, context: Context) -> dict[str, Any]:
    values = {
        "year": row.integer("tahun", 2000, 2100),
        "agency": row.agency(context),
        "rup_code": row.text("kd_rup", required=True, max_length=40),
        "name": row.text("nama_paket", required=True, max_length=300),
        "method": row.choice("metode_pengadaan", _words(Method), required=True),
        "procurement_type": row.choice("jenis_pengadaan", _words(ProcurementType)),
        "ceiling": row.number("pagu", required=True),
        "hps": row.number("hps"),
        "contract_value": row.number("nilai_kontrak"),
        "stage": row.choice("tahap", STAGE_WORDS, required=True),
        "spse_stage": row.text("tahapan_spse", max_length=120),
        "tender_code": row.text("kd_tender", max_length=40),
        "selection_starts_on": row.date("tgl_awal_pemilihan"),
        "announced_on": row.date("tgl_pengumuman"),
        "contracted_on": row.date("tgl_kontrak"),
        "finished_on": row.date("tgl_selesai"),
    }
    if (
        values["ceiling"] is not None
        and values["hps"] is not None
        and values["hps"] > values["ceiling"]
    ):
        row.fail("hps", _("HPS melebihi pagu."))
    if values["stage"] in (Stage.CONTRACTED, Stage.FINISHED) and values["contract_value"] is None:
        row.fail("nilai_kontrak", _("Wajib diisi untuk paket yang sudah berkontrak atau selesai."))
    return values


CLEANERS: dict[str, Callable[[Row, Context], dict[str, Any]]] = {
    ImportKind.BUDGET: _clean_budget,
    ImportKind.PROGRESS: _clean_progress,
    ImportKind.PROCUREMENT: _clean_procurement,
}


def _key(kind: str, v: dict[str, Any]) -> tuple[Any, ...]:
    agency_id = v["agency"].pk if v["agency"] else None
    if kind == ImportKind.BUDGET:
        return (agency_id, v["year"], v["sub_activity_code"], v["account_code"], v["month"])
    if kind == ImportKind.PROGRESS:
        return (agency_id, v["year"], v["code"], v["period_end"])
    return (agency_id, v["year"], v["rup_code"])


KEY_COLUMN: dict[str, str] = {
    ImportKind.BUDGET: "bulan",
    ImportKind.PROGRESS: "periode_akhir",
    ImportKind.PROCUREMENT: "kd_rup",
}


def check_rows(
    kind: str, rows: Iterable[Mapping[str, Any]], context: Context, *, first_row: int = 2
) -> Checked:
    """Every row validated; `first_row` is the number of the first data row (2 in a sheet whose
    header is row 1, 1 for the API's list)."""
    checked = Checked(kind=kind)
    rows = list(rows)
    if not rows:
        checked.errors.append(RowError(first_row, "", _("Tidak ada baris data.")))
        return checked
    if len(rows) > MAX_ROWS:
        checked.errors.append(
            RowError(first_row, "", _("Terlalu banyak baris (maksimal %(n)d).") % {"n": MAX_ROWS})
        )
        return checked
    present = set().union(*(r.keys() for r in rows))
    absent = [c.name for c in COLUMNS[kind] if c.required and c.name not in present]
    for name in absent:
        checked.errors.append(RowError(first_row - 1, name, _("Kolom wajib tidak ada.")))
    if absent:
        return checked
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in enumerate(rows, start=first_row):
        row = Row(number, cells, checked.errors)
        values = CLEANERS[kind](row, context)
        if row.bad:
            continue
        key = _key(kind, values)
        if key in seen:
            row.fail(KEY_COLUMN[kind], _("Sama dengan baris %(n)d.") % {"n": seen[key]})
            continue
        seen[key] = number
        checked.rows.append((number, values))
    if kind == ImportKind.BUDGET:
        _check_cumulative(checked)
    return checked


def _check_cumulative(checked: Checked) -> None:
    """Cumulative realisation never falls from one month to the next: a sheet of monthly
    (not cumulative) figures is the usual cause."""
    by_line: dict[tuple[Any, ...], list[tuple[int, int, Decimal]]] = {}
    for number, v in checked.rows:
        line = (v["agency"].pk, v["year"], v["sub_activity_code"], v["account_code"])
        by_line.setdefault(line, []).append((v["month"], number, v["realised"]))
    for months in by_line.values():
        months.sort()
        for (m0, _n0, r0), (_m1, n1, r1) in pairwise(months):
            if r1 < r0:
                checked.errors.append(
                    RowError(
                        n1,
                        "realisasi_kumulatif",
                        _("Lebih kecil dari bulan %(m)d: isi angka kumulatif, bukan per bulan.")
                        % {"m": m0},
                    )
                )
    if checked.errors:
        checked.errors.sort(key=lambda e: e.row)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) < 1e-9
    return bool(old == new)


def _upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], extra: dict[str, Any]
) -> tuple[Any, str, dict[str, Any], dict[str, Any]]:
    """Create or update one record; `extra` is written but not compared (the import that last
    wrote it). Returns (record, action, before, after) with only the changed fields."""
    found = model._default_manager.filter(**lookup).first()
    if found is None:
        found = model._default_manager.create(**lookup, **values, **extra)
        return found, ChangeAction.CREATED, {}, {k: _jsonable(v) for k, v in values.items()}
    changed = {k: v for k, v in values.items() if not _same(getattr(found, k), v)}
    if not changed:
        return found, ChangeAction.UNCHANGED, {}, {}
    before = {k: _jsonable(getattr(found, k)) for k in changed}
    for name, value in {**changed, **extra}.items():
        setattr(found, name, value)
    found.save(update_fields=[*changed, *extra])
    return found, ChangeAction.UPDATED, before, {k: _jsonable(v) for k, v in changed.items()}


def _merge(*actions: str) -> str:
    if ChangeAction.CREATED in actions[-1:]:
        return ChangeAction.CREATED
    if any(a != ChangeAction.UNCHANGED for a in actions):
        return ChangeAction.UPDATED
    return ChangeAction.UNCHANGED


def _write_budget(number: int, v: dict[str, Any], run: Import) -> ImportChange:
    line, line_action, before, after = _upsert(
        BudgetLine,
        {
            "agency": v["agency"],
            "year": v["year"],
            "sub_activity_code": v["sub_activity_code"],
            "account_code": v["account_code"],
        },
        {"name": v["name"], "funding_source": v["funding_source"], "ceiling": v["ceiling"]},
        {"last_import": run, "demo": run.demo},
    )
    _month, action, b2, a2 = _upsert(
        BudgetMonth,
        {"line": line, "month": v["month"]},
        {"ceiling": v["ceiling"], "planned": v["planned"], "realised": v["realised"]},
        {},
    )
    record = f"{v['agency'].abbreviation} {v['year']}/{v['month']:02d} {v['sub_activity_code']} {v['account_code']}"
    return ImportChange(
        import_run=run,
        row_number=number,
        action=_merge(line_action, action),
        record=record.strip()[:200],
        before={**before, **b2},
        after={**after, **a2},
    )


def _write_progress(number: int, v: dict[str, Any], run: Import) -> ImportChange:
    project_fields = (
        "name",
        "sub_activity_code",
        "rup_code",
        "tender_code",
        "contractor",
        "contract_value",
        "starts_on",
        "ends_on",
        "lat",
        "lng",
    )
    project, p_action, before, after = _upsert(
        Project,
        {"agency": v["agency"], "year": v["year"], "code": v["code"]},
        {k: v[k] for k in project_fields},
        {"last_import": run, "demo": run.demo},
    )
    report_fields = ("planned_pct", "actual_pct", "financial", "reporter", "problems")
    _report, action, b2, a2 = _upsert(
        ProgressReport,
        {"project": project, "period_end": v["period_end"]},
        {k: v[k] for k in report_fields},
        {},
    )
    return ImportChange(
        import_run=run,
        row_number=number,
        action=_merge(p_action, action),
        record=f"{v['agency'].abbreviation} {v['code']} {v['period_end']:%Y-%m-%d}"[:200],
        before={**before, **b2},
        after={**after, **a2},
    )


def _write_procurement(number: int, v: dict[str, Any], run: Import) -> ImportChange:
    fields = [k for k in v if k not in ("agency", "year", "rup_code")]
    _package, action, before, after = _upsert(
        ProcurementPackage,
        {"agency": v["agency"], "year": v["year"], "rup_code": v["rup_code"]},
        {k: v[k] for k in fields},
        {"last_import": run, "demo": run.demo},
    )
    return ImportChange(
        import_run=run,
        row_number=number,
        action=action,
        record=f"{v['agency'].abbreviation} {v['year']} {v['rup_code']}"[:200],
        before=before,
        after=after,
    )


WRITERS: dict[str, Callable[[int, dict[str, Any], Import], ImportChange]] = {
    ImportKind.BUDGET: _write_budget,
    ImportKind.PROGRESS: _write_progress,
    ImportKind.PROCUREMENT: _write_procurement,
}


class ImportRefused(Exception):
    """Some rows were rejected: nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} rejected cells")
        self.errors = errors


def do_import(
    checked: Checked,
    *,
    city: Jurisdiction,
    by: Any,
    source: str,
    file_name: str = "",
    agency: Agency | None = None,
    demo: bool = False,
    now: datetime | None = None,
) -> Import:
    """Write every checked row in one transaction and record the import and each row's change.
    Raises ImportRefused, writing nothing, if any row was rejected."""
    if not checked.ok:
        raise ImportRefused(checked.errors)
    with transaction.atomic():
        run = Import.objects.create(
            jurisdiction=city,
            kind=checked.kind,
            source=source,
            file_name=file_name[:200],
            by=by if getattr(by, "pk", None) else None,
            at=now or clock.now(),
            agency=agency,
            rows=len(checked.rows),
            demo=demo or source == ImportSource.DEMO,
        )
        write = WRITERS[checked.kind]
        changes = [write(number, values, run) for number, values in checked.rows]
        ImportChange.objects.bulk_create(changes, batch_size=500)
        counts = {action: 0 for action in ChangeAction.values}
        for change in changes:
            counts[change.action] += 1
        run.created = counts[ChangeAction.CREATED]
        run.updated = counts[ChangeAction.UPDATED]
        run.unchanged = counts[ChangeAction.UNCHANGED]
        run.save(update_fields=["created", "updated", "unchanged"])
    return run


def import_table(
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    city: Jurisdiction,
    by: Any,
    allowed: set[int] | None,
    source: str,
    file_name: str = "",
    first_row: int = 2,
    now: datetime | None = None,
) -> Import:
    """Check and write in one go (the upload page, the API, the demo). Raises ImportRefused."""
    checked = check_rows(kind, rows, make_context(city, allowed), first_row=first_row)
    agency = None
    if allowed is not None and len(allowed) == 1:
        agency = Agency.objects.filter(pk=next(iter(allowed))).first()
    return do_import(
        checked, city=city, by=by, source=source, file_name=file_name, agency=agency, now=now
    )


def template_csv(kind: str) -> bytes:
    """The CSV template of a kind: the header row and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in COLUMNS[kind]])
    writer.writerow([c.example for c in COLUMNS[kind]])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    """The XLSX template of a kind: the header row, one example row, and a second sheet that
    explains each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(ImportKind(kind).label)[:31]
    sheet.append([c.name for c in COLUMNS[kind]])
    sheet.append([c.example for c in COLUMNS[kind]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, column in enumerate(COLUMNS[kind], start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = max(
            14, len(column.name) + 4, len(column.example) + 2
        )
    notes = book.create_sheet(_("Petunjuk")[:31])
    notes.append([_("kolom"), _("wajib"), _("keterangan"), _("contoh")])
    for column in COLUMNS[kind]:
        notes.append(
            [column.name, _("ya") if column.required else "", str(column.help), column.example]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
