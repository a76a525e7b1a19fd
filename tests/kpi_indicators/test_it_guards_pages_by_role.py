"""Who sees which indicators: executives, operators and administrators the city; an agency head
their agency (and imports for it); everyone else a 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from laksa.kpi.indicators.imports import ImportSource, import_table, read_table
from laksa.kpi.indicators.models import ImportKind, Project
from tests.conftest import login
from tests.kpi_indicators.conftest import budget_row, csv_bytes, progress_row

OVERVIEW = reverse("kpi:indicators:overview")


@pytest.fixture
def figures(city: Any, agencies: Any, clock: Any) -> Project:
    clock.at("2026-07-10T09:00")
    for kind, rows in (
        (
            ImportKind.BUDGET,
            [
                budget_row(),
                budget_row(
                    kode_opd="DISHUB",
                    kode_sub_kegiatan="2.15.02.2.01.0001",
                    pagu="500.000.000",
                    realisasi_kumulatif="50.000.000",
                    rencana_kas_kumulatif="250.000.000",
                ),
            ],
        ),
        (
            ImportKind.PROGRESS,
            [
                progress_row(),
                progress_row(
                    kode_opd="DISHUB",
                    no_kontrak="DISHUB-1",
                    nama_paket="Lampu Jalan Gatot Subroto",
                    rencana_fisik_kum_pct="40",
                    realisasi_fisik_kum_pct="20",
                ),
            ],
        ),
    ):
        import_table(
            kind,
            read_table("x.csv", csv_bytes(rows)),
            city=city,
            by=None,
            allowed=None,
            source=ImportSource.FILE,
        )
    return Project.objects.get(code="DISHUB-1")


@pytest.mark.parametrize("persona", ["mayor", "operator", "admin_user"])
def test_it_shows_the_whole_city_to_the_city_roles(
    persona: str, request: Any, figures: Project
) -> None:
    client = login(request.getfixturevalue(persona))
    page = client.get(OVERVIEW + "?tahun=2026&bulan=6")
    assert page.status_code == 200
    text = page.content.decode()
    assert "DPUPR" in text and "Dishub" in text
    assert "<svg" in text  # the absorption chart
    # Dishub: 50 of a planned 250 million = 20% of plan: red; DPUPR 400 of 500 = 80%: yellow.
    rows = {r.agency.abbreviation: r for r in page.context["view"].rows}
    assert rows["Dishub"].budget.light.colour == "red"
    assert rows["DPUPR"].budget.light.colour == "yellow"
    # Dishub's contract: plan 40%, actual 20%: 20 points behind in period I, kritis.
    assert rows["Dishub"].physical.critical == 1
    assert client.get(reverse("kpi:indicators:project", args=[figures.pk])).status_code == 200
    assert client.get(reverse("kpi:indicators:budget")).status_code == 200
    assert client.get(reverse("kpi:indicators:procurement")).status_code == 200
    assert client.get(reverse("kpi:indicators:imports")).status_code == 200


def test_it_keeps_an_agency_head_to_their_agency(
    head_a: Any, agency_a: Any, figures: Project
) -> None:
    client = login(head_a)
    page = client.get(OVERVIEW)
    assert page.status_code == 302
    assert page["Location"] == reverse("kpi:indicators:agency", args=["DPUPR"])
    mine = client.get(page["Location"] + "?tahun=2026&bulan=6")
    assert mine.status_code == 200 and "Peningkatan Jalan Imam Bonjol" in mine.content.decode()
    assert client.get(reverse("kpi:indicators:agency", args=["DISHUB"])).status_code == 404
    assert client.get(reverse("kpi:indicators:project", args=[figures.pk])).status_code == 404
    assert client.get(reverse("kpi:indicators:budget")).status_code == 200  # their agency only
    assert "Dishub" not in client.get(reverse("kpi:indicators:budget")).content.decode()


def test_it_lets_an_agency_head_import_only_for_their_agency(head_a: Any, agencies: Any) -> None:
    client = login(head_a)
    theirs = csv_bytes([budget_row(kode_opd="DISHUB")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client.post(
        reverse("kpi:indicators:imports"),
        {"kind": "keuangan", "file": SimpleUploadedFile("dishub.csv", theirs, "text/csv")},
    )
    assert refused.status_code == 422
    assert "Anda hanya boleh mengimpor data instansi Anda sendiri." in refused.content.decode()
    mine = client.post(
        reverse("kpi:indicators:imports"),
        {
            "kind": "keuangan",
            "file": SimpleUploadedFile("dpupr.csv", csv_bytes([budget_row()]), "text/csv"),
        },
    )
    assert mine.status_code == 302


@pytest.mark.parametrize("persona", ["supervisor_a", "worker_a", "lurah"])
def test_it_refuses_other_staff(persona: str, request: Any, figures: Project) -> None:
    client = login(request.getfixturevalue(persona))
    for url in (
        OVERVIEW,
        reverse("kpi:indicators:project", args=[figures.pk]),
        reverse("kpi:indicators:imports"),
        reverse("kpi:indicators:monthly_report") + "?format=pdf",
        reverse("kpi:indicators:template", args=["keuangan", "csv"]),
    ):
        assert client.get(url).status_code == 403, url


def test_it_sends_strangers_to_the_login_page(citizen: Any, city: Any) -> None:
    page = citizen.get(OVERVIEW)
    assert page.status_code == 302 and "/masuk/" in page["Location"]


def test_it_does_not_let_an_executive_import(mayor: Any, agencies: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = login(mayor).post(
        reverse("kpi:indicators:imports"),
        {
            "kind": "keuangan",
            "file": SimpleUploadedFile("a.csv", csv_bytes([budget_row()]), "text/csv"),
        },
    )
    assert page.status_code == 403


def test_it_shows_complaints_beside_a_project(
    mayor: Any, figures: Project, make_report: Any
) -> None:
    report = make_report()  # in Barat, where the DPUPR project's point is
    project = Project.objects.get(code="602/KTR/2026")
    page = login(mayor).get(reverse("kpi:indicators:project", args=[project.pk]))
    assert report.code in page.content.decode()
    assert page.context["map_config"]["reports"][0]["code"] == report.code


def test_it_reads_the_overview_in_a_fixed_number_of_queries(
    mayor: Any, figures: Project, django_assert_max_num_queries: Any, city: Any
) -> None:
    from laksa.kpi.indicators.imports import make_context  # noqa: F401  (warms the import)
    from laksa.org.models import Agency, AgencyKind

    client = login(mayor)
    client.get(OVERVIEW + "?tahun=2026&bulan=6")
    with django_assert_max_num_queries(13):
        client.get(OVERVIEW + "?tahun=2026&bulan=6")
    for n in range(10):
        Agency.objects.create(
            jurisdiction=city, code=f"X{n}", abbreviation=f"X{n}", name="X", kind=AgencyKind.OPD
        )
    with django_assert_max_num_queries(13):
        client.get(OVERVIEW + "?tahun=2026&bulan=6")
