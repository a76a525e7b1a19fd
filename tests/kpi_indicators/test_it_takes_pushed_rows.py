"""The JSON push: good rows are written, one bad row rejects all with every error in the API's
shape, and only staff who may import get in."""

from __future__ import annotations

from typing import Any

from laksa.api.models import PersonalToken
from laksa.kpi.indicators.models import BudgetLine, BudgetMonth, Import, ImportSource
from tests.api_helpers import bearer, error_codes, post_json
from tests.kpi_indicators.conftest import budget_row

PUSH = "/staff/indicators/imports/keuangan"


def _token(user: Any) -> dict[str, str]:
    _made, key = PersonalToken.create_with_key(user, f"sipd-{PersonalToken.objects.count()}")
    return bearer(key)


def test_it_writes_good_rows(api: Any, operator: Any, agencies: Any) -> None:
    rows = [budget_row(bulan=5, realisasi_kumulatif=300_000_000, pagu=1_000_000_000), budget_row()]
    answer = post_json(api, PUSH, {"rows": rows, "source_name": "SIPD"}, **_token(operator))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["rows"], body["created"], body["source"], body["source_name"]) == (
        2,
        2,
        "api",
        "SIPD",
    )
    run = Import.objects.get()
    assert run.by == operator and run.source == ImportSource.API
    assert BudgetMonth.objects.get(month=5).realised == 300_000_000
    listed = api.get("/api/v1/staff/indicators/imports", headers=_token(operator))
    assert [i["id"] for i in listed.json()] == [run.pk]


def test_it_rejects_all_rows_when_one_is_bad(api: Any, operator: Any, agencies: Any) -> None:
    rows = [budget_row(bulan=5), budget_row(pagu="banyak"), budget_row(bulan=7, kode_opd="XYZ")]
    answer = post_json(api, PUSH, {"rows": rows}, **_token(operator))
    assert answer.status_code == 422
    assert error_codes(answer) == [("invalid", "rows.1.pagu"), ("invalid", "rows.2.kode_opd")]
    assert answer.json()["errors"][0]["message"] == "Baris 2: Bukan angka: banyak."
    assert not BudgetLine.objects.exists() and not Import.objects.exists()


def test_it_names_a_missing_column(api: Any, operator: Any, agencies: Any) -> None:
    row = budget_row()
    del row["realisasi_kumulatif"]
    answer = post_json(api, PUSH, {"rows": [row]}, **_token(operator))
    assert answer.status_code == 422
    assert error_codes(answer) == [("invalid", "rows.realisasi_kumulatif")]


def test_it_refuses_unknown_kinds_and_bad_bodies(api: Any, operator: Any, agencies: Any) -> None:
    headers = _token(operator)
    assert (
        post_json(api, "/staff/indicators/imports/rahasia", {"rows": []}, **headers).status_code
        == 422
    )
    assert post_json(api, PUSH, {"rows": "semua"}, **headers).status_code == 422
    empty = post_json(api, PUSH, {"rows": []}, **headers)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "rows.0"


def test_it_refuses_callers_without_the_right(
    api: Any, mayor: Any, supervisor_a: Any, agencies: Any
) -> None:
    assert api.get("/api/v1/staff/indicators/imports").status_code == 401
    anonymous = post_json(api, PUSH, {"rows": [budget_row()]})
    assert anonymous.status_code == 403  # a session-less write fails the CSRF check first
    assert error_codes(anonymous) == [("forbidden", None)]
    assert (
        post_json(api, PUSH, {"rows": [budget_row()]}, Authorization="Bearer salah").status_code
        == 401
    )
    assert post_json(api, PUSH, {"rows": [budget_row()]}, **_token(supervisor_a)).status_code == 403
    assert post_json(api, PUSH, {"rows": [budget_row()]}, **_token(mayor)).status_code == 403
    assert not Import.objects.exists()


def test_it_keeps_an_agency_head_to_their_agency(api: Any, head_a: Any, agencies: Any) -> None:
    headers = _token(head_a)
    other = post_json(api, PUSH, {"rows": [budget_row(kode_opd="DISHUB")]}, **headers)
    assert error_codes(other) == [("invalid", "rows.0.kode_opd")]
    assert post_json(api, PUSH, {"rows": [budget_row()]}, **headers).status_code == 201
