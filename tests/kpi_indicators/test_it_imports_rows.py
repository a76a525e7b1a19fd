"""Imports: good rows are written and recorded; one bad row rejects the whole file, reporting
every rejected cell, and writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from laksa.kpi.indicators.imports import ImportRefused, import_table, read_table
from laksa.kpi.indicators.models import (
    BudgetLine,
    BudgetMonth,
    Import,
    ImportChange,
    ImportKind,
    ImportSource,
    ProcurementPackage,
    ProgressReport,
    Project,
    Stage,
)
from tests.kpi_indicators.conftest import budget_row, csv_bytes, package_row, progress_row


def _import(city: Any, kind: str, rows: list[dict[str, Any]], **kw: Any) -> Import:
    table = read_table("sheet.csv", csv_bytes(rows))
    return import_table(
        kind,
        table,
        city=city,
        by=kw.pop("by", None),
        allowed=kw.pop("allowed", None),
        source=ImportSource.FILE,
        file_name="sheet.csv",
        **kw,
    )


def test_it_imports_budget_rows_in_indonesian_number_format(city: Any, agencies: Any) -> None:
    rows = [
        budget_row(
            bulan="5", realisasi_kumulatif="300.000.000", rencana_kas_kumulatif="400.000.000"
        ),
        budget_row(bulan="6", realisasi_kumulatif="412.500.000,50"),
    ]
    run = _import(city, ImportKind.BUDGET, rows)
    line = BudgetLine.objects.get()
    assert (line.agency, line.year, line.sub_activity_code) == (
        agencies[0],
        2026,
        "1.03.10.2.01.0001",
    )
    assert line.ceiling == Decimal("1000000000")
    june = BudgetMonth.objects.get(line=line, month=6)
    assert june.realised == Decimal("412500000.50")
    assert june.planned == Decimal("500000000")
    assert (run.rows, run.created, run.updated, run.unchanged) == (2, 2, 0, 0)
    assert run.file_name == "sheet.csv" and run.kind == ImportKind.BUDGET
    assert ImportChange.objects.filter(import_run=run).count() == 2


def test_it_normalises_sub_activity_code_variants(city: Any, agencies: Any) -> None:
    _import(city, ImportKind.BUDGET, [budget_row(kode_sub_kegiatan="1.3.10.02.1.1")])
    assert BudgetLine.objects.get().sub_activity_code == "1.03.10.2.01.0001"


def test_it_rejects_bad_rows_and_writes_nothing(city: Any, agencies: Any) -> None:
    rows = [
        budget_row(bulan="1", realisasi_kumulatif="10.000.000"),  # good
        budget_row(bulan="13"),  # row 3: month
        budget_row(bulan="2", kode_opd="DINASX"),  # row 4: agency
        budget_row(bulan="3", pagu="sejuta"),  # row 5: number
        budget_row(bulan="4", realisasi_kumulatif="2.000.000.000"),  # row 6: over pagu
        budget_row(bulan="5", kode_sub_kegiatan="1.03.10"),  # row 7: code shape
        budget_row(bulan="1", realisasi_kumulatif="10.000.000"),  # row 8: same as row 2
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.BUDGET, rows)
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {
        (3, "bulan"),
        (4, "kode_opd"),
        (5, "pagu"),
        (6, "realisasi_kumulatif"),
        (7, "kode_sub_kegiatan"),
        (8, "bulan"),
    }
    reasons = {e.row: e.reason for e in refused.value.errors}
    assert "Instansi DINASX tidak dikenal" in reasons[4]
    assert reasons[6] == "Realisasi melebihi pagu."
    assert reasons[8] == "Sama dengan baris 2."
    assert not BudgetLine.objects.exists()
    assert not BudgetMonth.objects.exists()
    assert not Import.objects.exists()


def test_it_rejects_falling_cumulative_figures(city: Any, agencies: Any) -> None:
    rows = [
        budget_row(bulan="5", realisasi_kumulatif="300.000.000"),
        budget_row(bulan="6", realisasi_kumulatif="100.000.000"),
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.BUDGET, rows)
    [error] = refused.value.errors
    assert (error.row, error.column) == (3, "realisasi_kumulatif")
    assert "kumulatif" in error.reason


def test_it_reports_missing_required_columns(city: Any, agencies: Any) -> None:
    row = budget_row()
    del row["pagu"]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.BUDGET, [row])
    assert [(e.row, e.column, e.reason) for e in refused.value.errors] == [
        (1, "pagu", "Kolom wajib tidak ada.")
    ]


def test_it_records_what_changed_on_a_second_import(
    city: Any, agencies: Any, operator: Any
) -> None:
    _import(city, ImportKind.BUDGET, [budget_row()])
    run = _import(
        city,
        ImportKind.BUDGET,
        [
            budget_row(realisasi_kumulatif="450.000.000"),
            budget_row(bulan="7", realisasi_kumulatif="500.000.000"),
        ],
        by=operator,
    )
    assert (run.created, run.updated, run.unchanged) == (1, 1, 0)
    assert run.by == operator
    change = run.changes.get(row_number=2)
    assert change.action == "updated"
    assert change.before == {"realised": "400000000"}
    assert change.after == {"realised": "450000000"}
    again = _import(city, ImportKind.BUDGET, [budget_row(realisasi_kumulatif="450.000.000")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Import.objects.count() == 3


def test_it_keeps_an_agency_head_to_their_agency(city: Any, agencies: Any) -> None:
    agency_a = agencies[0]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.BUDGET, [budget_row(kode_opd="DISHUB")], allowed={agency_a.pk})
    assert refused.value.errors[0].column == "kode_opd"
    run = _import(city, ImportKind.BUDGET, [budget_row()], allowed={agency_a.pk})
    assert run.agency == agency_a


def test_it_imports_progress_reports_into_projects(city: Any, agencies: Any) -> None:
    rows = [
        progress_row(
            periode_akhir="2026-05-31", rencana_fisik_kum_pct="30", realisasi_fisik_kum_pct="28"
        ),
        progress_row(),
        progress_row(
            periode_akhir="2026-07-31", rencana_fisik_kum_pct="70", realisasi_fisik_kum_pct=""
        ),
    ]
    _import(city, ImportKind.PROGRESS, rows)
    project = Project.objects.get()
    assert project.code == "602/KTR/2026" and project.lat == pytest.approx(-6.175)
    points = list(
        ProgressReport.objects.filter(project=project).values_list("planned_pct", "actual_pct")
    )
    assert points == [
        (Decimal(30), Decimal(28)),
        (Decimal(50), Decimal("45.5")),
        (Decimal(70), None),
    ]


def test_it_rejects_bad_progress_rows(city: Any, agencies: Any) -> None:
    rows = [
        progress_row(rencana_fisik_kum_pct="120"),
        progress_row(periode_akhir="31 Juni", tgl_selesai="2026-01-01"),
        progress_row(periode_akhir="2026-08-31", lng=""),
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.PROGRESS, rows)
    assert {(e.row, e.column) for e in refused.value.errors} == {
        (2, "rencana_fisik_kum_pct"),
        (3, "periode_akhir"),
        (3, "tgl_selesai"),
        (4, "lat"),
    }
    assert not Project.objects.exists()


def test_it_imports_procurement_packages_and_checks_them(city: Any, agencies: Any) -> None:
    _import(
        city,
        ImportKind.PROCUREMENT,
        [package_row(), package_row(kd_rup="40123457", tahap="Gagal / batal", nilai_kontrak="")],
    )
    assert dict(ProcurementPackage.objects.values_list("rup_code", "stage")) == {
        "40123456": Stage.CONTRACTED,
        "40123457": Stage.FAILED,
    }
    bad = [
        package_row(kd_rup="1", hps="3.000.000.000"),
        package_row(kd_rup="2", tahap="selesai", nilai_kontrak=""),
        package_row(kd_rup="3", metode_pengadaan="lelang bebas"),
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(city, ImportKind.PROCUREMENT, bad)
    assert {(e.row, e.column) for e in refused.value.errors} == {
        (2, "hps"),
        (3, "nilai_kontrak"),
        (4, "metode_pengadaan"),
    }
    assert ProcurementPackage.objects.count() == 2
