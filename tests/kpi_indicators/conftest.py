"""Fixtures of the indicator tests: sheets of each kind, built as the agencies' files are."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

BUDGET_HEADER = [
    "tahun",
    "bulan",
    "kode_opd",
    "kode_sub_kegiatan",
    "kode_rekening",
    "uraian",
    "sumber_dana",
    "pagu",
    "rencana_kas_kumulatif",
    "realisasi_kumulatif",
]


def budget_row(**changes: Any) -> dict[str, Any]:
    row = {
        "tahun": "2026",
        "bulan": "6",
        "kode_opd": "DPUPR",
        "kode_sub_kegiatan": "1.03.10.2.01.0001",
        "kode_rekening": "5.2.04.01.01.0001",
        "uraian": "Belanja Modal Jalan",
        "sumber_dana": "PAD",
        "pagu": "1.000.000.000",
        "rencana_kas_kumulatif": "500.000.000",
        "realisasi_kumulatif": "400.000.000",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict[str, Any]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    names = header or list(rows[0])
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def progress_row(**changes: Any) -> dict[str, Any]:
    row = {
        "tahun": "2026",
        "periode_akhir": "2026-06-30",
        "kode_opd": "DPUPR",
        "no_kontrak": "602/KTR/2026",
        "nama_paket": "Peningkatan Jalan Imam Bonjol",
        "penyedia": "PT Contoh Karya",
        "nilai_kontrak": "2.000.000.000",
        "tgl_mulai": "2026-03-01",
        "tgl_selesai": "2026-11-30",
        "rencana_fisik_kum_pct": "50",
        "realisasi_fisik_kum_pct": "45,5",
        "lat": "-6.175",
        "lng": "106.625",
    }
    row.update(changes)
    return row


def package_row(**changes: Any) -> dict[str, Any]:
    row = {
        "tahun": "2026",
        "kode_opd": "DPUPR",
        "kd_rup": "40123456",
        "nama_paket": "Peningkatan Jalan Imam Bonjol",
        "metode_pengadaan": "tender",
        "jenis_pengadaan": "pekerjaan konstruksi",
        "pagu": "2.600.000.000",
        "hps": "2.550.000.000",
        "nilai_kontrak": "2.480.000.000",
        "tahap": "berkontrak",
        "tgl_awal_pemilihan": "2026-02-01",
    }
    row.update(changes)
    return row


@pytest.fixture
def agencies(agency_a: Any, agency_b: Any) -> tuple[Any, Any]:
    return agency_a, agency_b
