"""The mayor's monthly report: the PDF and the XLSX open and hold the month's figures; every
table answers as CSV."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from laksa.kpi.indicators import exports
from laksa.kpi.indicators.imports import ImportSource, import_table, read_table
from laksa.kpi.indicators.models import ImportKind
from laksa.kpi.indicators.selectors import Scope
from tests.conftest import login
from tests.kpi_indicators.conftest import budget_row, csv_bytes, package_row, progress_row

REPORT = reverse("kpi:indicators:monthly_report")


@pytest.fixture
def loaded(city: Any, agencies: Any, clock: Any) -> None:
    clock.at("2026-07-10T09:00")
    sheets = {
        ImportKind.BUDGET: [
            budget_row(
                pagu="2.000.000.000",
                rencana_kas_kumulatif="800.000.000",
                realisasi_kumulatif="612.345.000",
            ),
        ],
        ImportKind.PROGRESS: [
            progress_row(
                nama_paket="Jembatan Cisadane Baru",
                rencana_fisik_kum_pct="60",
                realisasi_fisik_kum_pct="47,5",
            ),
        ],
        ImportKind.PROCUREMENT: [
            package_row(),
            package_row(kd_rup="2", tahap="gagal", nilai_kontrak=""),
        ],
    }
    for kind, rows in sheets.items():
        import_table(
            kind,
            read_table("x.csv", csv_bytes(rows)),
            city=city,
            by=None,
            allowed=None,
            source=ImportSource.FILE,
        )


def test_it_renders_the_figures_into_the_html_the_pdf_comes_from(
    city: Any, agencies: Any, loaded: None, clock: Any
) -> None:
    report = exports.monthly_report(
        city, list(agencies), 2026, 6, scope=Scope(None, None), now=clock.now()
    )
    html = exports.report_html(report, for_pdf=True)
    assert "Laporan kinerja Kota Uji" in html and "Juni 2026" in html
    assert "30,6%" in html  # 612,345,000 of 2,000,000,000
    assert "Jembatan Cisadane Baru" in html and "-12,5" in html  # 47.5 - 60: kritis
    assert "Kontrak kritis" in html


def test_it_serves_a_pdf(mayor: Any, loaded: None) -> None:
    page = login(mayor).get(REPORT + "?tahun=2026&bulan=6&format=pdf")
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF-") and len(page.content) > 10_000
    assert b"%%EOF" in page.content[-1024:]


def test_it_serves_an_xlsx_with_the_figures(mayor: Any, loaded: None) -> None:
    page = login(mayor).get(REPORT + "?tahun=2026&bulan=6&format=xlsx")
    assert page.status_code == 200
    book = load_workbook(io.BytesIO(page.content))
    assert book.sheetnames[:4] == ["Ringkasan", "Anggaran", "Pengadaan", "Proyek di bawah rencana"]
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    assert summary[0][0] == "Laporan kinerja Kota Uji, Juni 2026"
    dpupr = next(r for r in summary if r[0] == "DPUPR")
    assert dpupr[1] == 2_000_000_000 and dpupr[2] == 612_345_000
    assert dpupr[3] == pytest.approx(30.6)
    assert dpupr[7] == 1  # one kontrak kritis
    assert dpupr[11:13] == (2, 1)  # two packages, one failed
    projects = list(book["Proyek di bawah rencana"].iter_rows(values_only=True))
    assert projects[1][2] == "Jembatan Cisadane Baru" and projects[1][-1] == "Kontrak kritis"


def test_it_answers_every_table_as_csv(mayor: Any, loaded: None, agencies: Any) -> None:
    client = login(mayor)
    period = "?tahun=2026&bulan=6&format=csv"
    for url, expected in (
        (reverse("kpi:indicators:overview") + period, "DPUPR"),
        (reverse("kpi:indicators:budget") + period, "612345000"),
        (reverse("kpi:indicators:procurement") + period, "DPUPR"),
        (
            reverse("kpi:indicators:agency", args=["DPUPR"]) + period + "&tabel=proyek",
            "Jembatan Cisadane Baru",
        ),
        (
            reverse("kpi:indicators:agency", args=["DPUPR"]) + period + "&tabel=pengadaan",
            "40123456",
        ),
        (reverse("kpi:indicators:imports") + "?format=csv", "Realisasi keuangan"),
        (REPORT + period, "DPUPR"),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert page["Content-Type"].startswith("text/csv"), url
        assert expected in page.content.decode("utf-8-sig"), url


def test_it_keeps_imported_text_from_running_as_a_formula(
    mayor: Any, city: Any, agencies: Any
) -> None:
    rows = [budget_row(tahun="2026", bulan="6", uraian='=HYPERLINK("http://x.example","klik")')]
    import_table(
        ImportKind.BUDGET,
        read_table("x.csv", csv_bytes(rows)),
        city=city,
        by=None,
        allowed=None,
        source=ImportSource.FILE,
    )
    url = reverse("kpi:indicators:agency", args=["DPUPR"]) + "?tahun=2026&bulan=6&format=csv"
    text = login(mayor).get(url).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_a_pdf_made_leaves_a_truncated_photo_refused(mayor: Any, loaded: None) -> None:
    """WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the
    export turns it off again, so a citizen's photo cut short is still refused afterwards."""
    from laksa.lib.images import ImageRejected, process_image
    from tests.images import make_image

    assert login(mayor).get(REPORT + "?tahun=2026&bulan=6&format=pdf").status_code == 200
    with pytest.raises(ImageRejected, match="rusak"):
        process_image(io.BytesIO(make_image()[:2000]), size=None, max_bytes=10**7, max_pixels=10**8)
