"""The templates the app offers for download import as they are (their example row)."""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook

from laksa.kpi.indicators.imports import (
    COLUMNS,
    check_rows,
    import_table,
    make_context,
    read_table,
    template_csv,
    template_xlsx,
)
from laksa.kpi.indicators.models import ImportKind, ImportSource


@pytest.mark.parametrize("kind", ImportKind.values)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_imports_its_own_template(city: Any, agencies: Any, kind: str, fmt: str) -> None:
    data = template_csv(kind) if fmt == "csv" else template_xlsx(kind)
    rows = read_table(f"templat.{fmt}", data)
    assert list(rows[0]) == [c.name for c in COLUMNS[kind]]
    checked = check_rows(kind, rows, make_context(city, None))
    assert checked.errors == []
    run = import_table(kind, rows, city=city, by=None, allowed=None, source=ImportSource.FILE)
    assert run.created == 1


def test_it_explains_each_column_in_the_xlsx_template() -> None:
    import io

    book = load_workbook(io.BytesIO(template_xlsx(ImportKind.BUDGET)))
    notes = book.worksheets[1]
    names = [row[0] for row in notes.iter_rows(min_row=2, values_only=True)]
    assert names == [c.name for c in COLUMNS[ImportKind.BUDGET]]
