"""The JSON API for systems that push indicators (SIPD exports, an agency's own tracker): the same
columns, checks and all-or-nothing as the upload page. Mounted by laksa.api under
/api/v1/staff/indicators/ with the staff API's authentication (personal token or session);
errors are the API's `{"errors": [{"code", "message", "field"}]}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from laksa.kpi.indicators.imports import MAX_ROWS, ImportRefused, import_table
from laksa.kpi.indicators.models import Import, ImportSource
from laksa.kpi.indicators.selectors import indicator_scope
from laksa.lib.json_errors import error_item, errors_response
from laksa.org.selectors import current_jurisdiction

router = Router(tags=["indicators"])

ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422, 429})
Kind = Literal["keuangan", "fisik", "pengadaan"]
CellIn = str | int | float | None


class ErrorItem(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorsOut(Schema):
    errors: list[ErrorItem]


class ImportIn(Schema):
    rows: list[dict[str, CellIn]] = Field(
        ..., max_length=MAX_ROWS, description="Rows keyed by the template's column names."
    )
    source_name: str = Field("", max_length=200, description="The pushing system, for history.")


class ImportOut(Schema):
    id: int
    kind: str
    source: str
    source_name: str
    at: datetime
    rows: int
    created: int
    updated: int
    unchanged: int
    demo: bool


def _out(run: Import) -> dict[str, Any]:
    return {
        "id": run.pk,
        "kind": run.kind,
        "source": run.source,
        "source_name": run.file_name,
        "at": run.at,
        "rows": run.rows,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "demo": run.demo,
    }


def _importer(request: HttpRequest) -> tuple[Any, set[int] | None]:
    user = getattr(request, "auth", None)
    scope = indicator_scope(user)
    if scope is None or not scope.can_import:
        raise HttpError(403, _("Anda tidak berhak mengimpor data indikator."))
    return user, None if scope.import_ids is None else set(scope.import_ids)


@router.post(
    "/imports/{kind}",
    response={201: ImportOut, ERROR_STATUSES: ErrorsOut},
    summary="Push indicator rows (all or nothing)",
)
def push_rows(request: HttpRequest, kind: Kind, payload: ImportIn) -> Any:
    """Validate every row as the upload page does and write them all, or none: a 422 lists every
    rejected cell, its field `rows.<index>.<column>` (index from 0)."""
    user, allowed = _importer(request)
    try:
        run = import_table(
            kind,
            list(payload.rows),
            city=current_jurisdiction(),
            by=user,
            allowed=allowed,
            source=ImportSource.API,
            file_name=payload.source_name,
            first_row=1,
        )
    except ImportRefused as refused:
        return _refusal(refused)
    return Status(201, _out(run))


def _refusal(refused: ImportRefused) -> HttpResponse:
    items = []
    for error in refused.errors:
        if error.row >= 1:
            path = f"rows.{error.row - 1}.{error.column}".rstrip(".")
            message = _("Baris %(n)d: %(reason)s") % {"n": error.row, "reason": error.reason}
        else:  # a column missing from every row
            path = f"rows.{error.column}"
            message = _("Kolom %(c)s: %(reason)s") % {"c": error.column, "reason": error.reason}
        items.append(error_item(422, message, field=path, code="invalid"))
    return errors_response(422, items)


@router.get(
    "/imports",
    response={200: list[ImportOut], ERROR_STATUSES: ErrorsOut},
    summary="The latest imports the caller may see",
)
def list_imports(request: HttpRequest) -> Any:
    scope = indicator_scope(getattr(request, "auth", None))
    if scope is None:
        raise HttpError(403, _("Anda tidak berhak melihat data indikator."))
    runs = Import.objects.filter(jurisdiction=current_jurisdiction())
    if not scope.whole_city:
        runs = runs.filter(agency_id__in=scope.agency_ids or [])
    return [_out(run) for run in runs[:50]]
