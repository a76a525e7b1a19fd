"""Demo government indicators: a fiscal year of budget realisation, project progress and
procurement packages for the demo city's agencies, made up but plausible, and marked as demo data
(their imports and rows carry `demo`, and the pages say "data contoh").

The rows go through the real importer (as the templates' columns), so the demo also proves that
what the templates describe imports."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from laksa.kpi.indicators.imports import import_table
from laksa.kpi.indicators.models import ImportKind, ImportSource
from laksa.lib import clock
from laksa.org.models import AgencyKind, AreaLevel, Jurisdiction

BIDANG = {
    "DINDIK": "1.01",
    "DINKES": "1.02",
    "DPUPR": "1.03",
    "DISPERKIMTAN": "1.04",
    "BPBD": "1.05",
    "SATPOLPP": "1.05",
    "DINSOS": "1.06",
    "DLH": "2.11",
    "DISDUKCAPIL": "2.12",
    "DISHUB": "2.15",
    "DISKOMINFO": "2.16",
    "DISBUDPAR": "2.22",
    "INSPEKTORAT": "6.01",
}
SIZE_BILLIONS = {"DPUPR": 60, "DINDIK": 35, "DINKES": 30, "DISPERKIMTAN": 25, "DLH": 18}
PLAN_CURVE = [3, 7, 12, 18, 26, 35, 44, 53, 63, 73, 84, 97]
"""Cumulative cash plan, % of pagu, by month: slow in the first quarter, fast at year end."""
LINES = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor"),
    ("5.1.02.02.01.0026", "Belanja Jasa Tenaga Pendukung"),
    ("5.2.02.05.01.0005", "Belanja Modal Peralatan dan Mesin"),
    ("5.2.03.01.01.0001", "Belanja Modal Gedung dan Bangunan"),
    ("5.2.04.01.01.0001", "Belanja Modal Jalan, Irigasi dan Jaringan"),
]
PROJECTS = {
    "DPUPR": [
        "Peningkatan Jalan Imam Bonjol",
        "Pembangunan Saluran Drainase Jl. Daan Mogot",
        "Rehabilitasi Jembatan Cisadane Pasar Baru",
        "Pelebaran Jalan KH Hasyim Ashari",
    ],
    "DISPERKIMTAN": ["Penataan Kawasan Kumuh Kampung Bugis", "Pembangunan PSU Perumahan Cibodas"],
    "DINDIK": ["Pembangunan Gedung SDN Karawaci 7", "Rehabilitasi Ruang Kelas SMPN 12"],
    "DINKES": ["Pembangunan Puskesmas Periuk Jaya"],
    "DLH": ["Pembangunan TPS3R Kelurahan Sudimara"],
    "DISHUB": ["Pemasangan PJU Jl. Gatot Subroto"],
    "BPBD": ["Pembangunan Pos Damkar Cipondoh"],
}
CONTRACTORS = [
    "PT Karya Benteng Mandiri",
    "CV Cisadane Jaya",
    "PT Tangerang Bangun Persada",
    "PT Mitra Konstruksi Banten",
    "CV Sinar Periuk",
    "PT Graha Ciledug Utama",
]
PACKAGE_NAMES = [
    ("e-purchasing", "barang", "Pengadaan Komputer dan Printer"),
    ("pengadaan langsung", "jasa lainnya", "Jasa Kebersihan Kantor"),
    ("e-purchasing", "barang", "Pengadaan Alat Tulis Kantor"),
    ("seleksi", "jasa konsultansi", "Jasa Konsultansi Perencanaan"),
    ("tender", "barang", "Pengadaan Kendaraan Operasional"),
    ("pengadaan langsung", "jasa lainnya", "Jasa Pemeliharaan Gedung"),
    ("tender cepat", "pekerjaan konstruksi", "Rehabilitasi Ruang Pelayanan"),
]


def _money(value: float) -> str:
    return str(round(value / 1000.0) * 1000)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _s_curve(share: float) -> float:
    """A logistic S-curve from 0 to 100 over the work's duration (share 0..1)."""
    low, high = 1 / (1 + math.exp(6)), 1 / (1 + math.exp(-6))
    return 100 * (1 / (1 + math.exp(-12 * (share - 0.5))) - low) / (high - low)


class DemoIndicators:
    """Builds a fiscal year's rows for every OPD of the city and imports them, marked as demo."""

    def __init__(self, city: Jurisdiction, seed: int = 2026):
        self.city = city
        self.rnd = random.Random(seed)
        today = clock.today(city.tz)
        self.year, self.last_month = (
            (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        )
        self.agencies = list(
            city.agencies.filter(kind=AgencyKind.OPD, active=True).order_by("code")
        )
        self.points = [
            (a.centroid_lat, a.centroid_lng) for a in city.areas.filter(level=AreaLevel.KELURAHAN)
        ] or [(city.center_lat, city.center_lng)]
        # How well each agency spends and builds: most near plan, a few behind.
        self.pace = {
            a.code: self.rnd.choice([0.62, 0.8, 0.9, 0.95, 1.0, 1.02, 1.05]) for a in self.agencies
        }

    def load(self) -> dict[str, int]:
        """Imports the three kinds; returns the rows written per kind. The year before the current
        one is added while the current one has under six months, so the charts show a year."""
        years = [(self.year, self.last_month)]
        if self.last_month < 6:
            years.insert(0, (self.year - 1, 12))
        made: dict[str, int] = {}
        for kind, build in (
            (ImportKind.BUDGET, self.budget_rows),
            (ImportKind.PROGRESS, self.progress_rows),
            (ImportKind.PROCUREMENT, self.package_rows),
        ):
            rows = [row for year, months in years for row in build(year, months)]
            run = import_table(
                kind,
                rows,
                city=self.city,
                by=None,
                allowed=None,
                source=ImportSource.DEMO,
                file_name=f"demo-{kind}.csv",
            )
            made[kind] = run.rows
        return made

    def budget_rows(self, year: int, months: int) -> list[dict[str, Any]]:
        rows = []
        for agency in self.agencies:
            bidang = BIDANG.get(agency.code, "4.01")
            total = SIZE_BILLIONS.get(agency.code, 8) * 1e9 * self.rnd.uniform(0.85, 1.15)
            chosen = self.rnd.sample(LINES, 3 if total < 20e9 else 4)
            shares = [self.rnd.uniform(0.5, 1.5) for _ in chosen]
            for n, ((account, name), share) in enumerate(zip(chosen, shares, strict=True), start=1):
                ceiling = total * share / sum(shares)
                code = f"{bidang}.{self.rnd.randint(2, 18):02d}.2.{n:02d}.{self.rnd.randint(1, 30):04d}"
                realised = 0.0
                revised = ceiling * self.rnd.choice([1.0, 1.0, 0.95, 1.06])  # APBD-Perubahan
                for month in range(1, months + 1):
                    pagu = revised if month >= 9 else ceiling
                    planned = pagu * PLAN_CURVE[month - 1] / 100
                    target = planned * self.pace[agency.code] * self.rnd.uniform(0.9, 1.08)
                    realised = min(max(realised, target), pagu * 0.99)
                    rows.append(
                        {
                            "tahun": year,
                            "bulan": month,
                            "kode_opd": agency.code,
                            "kode_sub_kegiatan": code,
                            "kode_rekening": account,
                            "uraian": name,
                            "sumber_dana": self.rnd.choice(["PAD", "PAD", "DAU", "DAK"]),
                            "pagu": _money(pagu),
                            "rencana_kas_kumulatif": _money(planned),
                            "realisasi_kumulatif": _money(realised),
                        }
                    )
        return rows

    def _point(self) -> tuple[float, float]:
        lat, lng = self.rnd.choice(self.points)
        return round(lat + self.rnd.uniform(-0.003, 0.003), 6), round(
            lng + self.rnd.uniform(-0.003, 0.003), 6
        )

    def progress_rows(self, year: int, months: int) -> list[dict[str, Any]]:
        rows = []
        agencies = {a.code: a for a in self.agencies}
        number = 0
        for code, names in PROJECTS.items():
            if code not in agencies:
                continue
            for name in names:
                number += 1
                start = date(year, self.rnd.randint(2, 5), self.rnd.randint(1, 20))
                end = start + timedelta(days=self.rnd.randint(150, 260))
                value = self.rnd.uniform(0.8, 12) * 1e9
                lat, lng = self._point()
                pace = self.rnd.choice([0.86, 0.92, 0.96, 1.0, 1.0, 1.0])
                contract = f"{number:03d}/SPK-{code}/{year}"
                month = start.month
                period = _month_end(year, month)
                actual = 0.0
                while True:
                    share = min(1.0, (period - start).days / max(1, (end - start).days))
                    planned = _s_curve(share)
                    reported = period.year < year or (
                        period.year == year and period.month <= months
                    )
                    if reported:  # a slower contractor follows the same curve, later
                        lagged = _s_curve(max(0.0, share - (1 - pace) / 2)) if share > 0 else 0.0
                        actual = min(100.0, max(actual, lagged))
                    rows.append(
                        {
                            "tahun": year,
                            "periode_akhir": period.isoformat(),
                            "kode_opd": code,
                            "kode_sub_kegiatan": f"{BIDANG.get(code, '4.01')}.10.2.01.{number:04d}",
                            "kd_rup": str(40_000_000 + number * 17),
                            "no_kontrak": contract,
                            "nama_paket": name,
                            "penyedia": self.rnd.choice(CONTRACTORS),
                            "nilai_kontrak": _money(value),
                            "tgl_mulai": start.isoformat(),
                            "tgl_selesai": end.isoformat(),
                            "rencana_fisik_kum_pct": f"{planned:.2f}",
                            "realisasi_fisik_kum_pct": f"{actual:.2f}" if reported else "",
                            "realisasi_keuangan_kum_rp": _money(value * actual / 100 * 0.9)
                            if reported
                            else "",
                            "pelapor": "konsultan pengawas",
                            "kendala": self.rnd.choice(
                                [
                                    "",
                                    "",
                                    "",
                                    "Hujan deras",
                                    "Pembebasan lahan",
                                    "Material terlambat",
                                ]
                            )
                            if reported and actual < planned - 5
                            else "",
                            "lat": lat,
                            "lng": lng,
                        }
                    )
                    if period >= end or share >= 1.0:
                        break
                    month += 1
                    period = _month_end(year + (month - 1) // 12, (month - 1) % 12 + 1)
        return rows

    def package_rows(self, year: int, months: int) -> list[dict[str, Any]]:
        rows = []
        as_of = _month_end(year, months)
        number = 0
        for agency in self.agencies:
            for method, kind, name in self.rnd.sample(PACKAGE_NAMES, self.rnd.randint(4, 6)):
                number += 1
                ceiling = (
                    self.rnd.uniform(0.05, 0.19) * 1e9
                    if method == "pengadaan langsung"
                    else self.rnd.uniform(0.2, 4) * 1e9
                )
                starts = date(
                    year, self.rnd.randint(1, min(12, months + 1)), self.rnd.randint(1, 25)
                )
                stage = self._stage(starts, as_of, agency.code)
                hps = ceiling * self.rnd.uniform(0.95, 1.0)
                contracted = stage in ("berkontrak", "selesai")
                rows.append(
                    {
                        "tahun": year,
                        "kode_opd": agency.code,
                        "kd_rup": str(41_000_000 + number * 13),
                        "nama_paket": f"{name} {agency.abbreviation}",
                        "metode_pengadaan": method,
                        "jenis_pengadaan": kind,
                        "pagu": _money(ceiling),
                        "hps": _money(hps),
                        "nilai_kontrak": _money(hps * self.rnd.uniform(0.85, 0.98))
                        if contracted
                        else "",
                        "tahap": stage,
                        "tahapan_spse": {
                            "pemilihan": "Evaluasi Administrasi, Kualifikasi, Teknis, dan Harga",
                            "berkontrak": "Penandatanganan Kontrak",
                        }.get(stage, ""),
                        "tgl_awal_pemilihan": starts.isoformat(),
                        "tgl_pengumuman": (starts + timedelta(days=2)).isoformat()
                        if stage != "rencana"
                        else "",
                        "tgl_kontrak": (starts + timedelta(days=30)).isoformat()
                        if contracted
                        else "",
                        "tgl_selesai": (starts + timedelta(days=120)).isoformat()
                        if stage == "selesai"
                        else "",
                    }
                )
        return rows

    def _stage(self, starts: date, as_of: date, code: str) -> str:
        days = (as_of - starts).days
        slow = self.pace[code] < 0.85
        if days < 0:
            return "rencana"
        if self.rnd.random() < (0.25 if slow else 0.05):
            return self.rnd.choice(["rencana", "gagal"])  # late or failed: the red cases
        if days < 14:
            return "diumumkan"
        if days < 40:
            return "pemilihan"
        if days < 150:
            return "berkontrak"
        return "selesai"


def load_demo_indicators(city: Jurisdiction) -> dict[str, int]:
    return DemoIndicators(city).load()
