"""A cursor for the statements Laksa writes once and runs on every request, so that PostgreSQL
parses and plans each of them once per connection instead of every time.

Planning costs PostgreSQL more than running for these: the tracking page's one query took 0.27 ms
to plan and 0.07 ms to run. Django binds parameters on the client (psycopg's ClientCursor), which
sends a new literal text each time and cannot be prepared; binding every query on the server
instead breaks some of the ORM's own (a parameter in both a SELECT DISTINCT and its ORDER BY is
two different parameters to PostgreSQL). So only the statements written out by hand go through
this cursor, bound on the server, and psycopg prepares one once a connection has run it
`LAKSA_DB_PREPARE` times (psycopg's `prepare_threshold`; 0 prepares nothing, for a
connection pooler in transaction mode that cannot keep prepared statements).

On SQLite this is Django's cursor: SQLite keeps its own compiled statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from django.db import connection as default_connection
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Model

M = TypeVar("M", bound=Model)


def cursor(connection: Any = None) -> Any:
    """A cursor of `connection` (the default one) whose statements PostgreSQL may prepare; used
    as Django's (a context manager, its errors and its query log the same)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]  # psycopg 3
    connection.validate_thread_sharing()
    if connection.queries_logged:
        return _Logged(raw, connection)
    return connection.make_cursor(raw)


class _Logged(CursorDebugWrapper):
    """Django's query log (tests, DEBUG) takes the text a client-bound cursor sent; a statement
    bound on the server sent its values apart, so it is logged with them put in."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(_with_values(self.db, sql, params)):
            return super(CursorDebugWrapper, self).execute(sql, params)


def _with_values(connection: Any, sql: Any, params: Any) -> str:
    try:
        return str(connection.ops.compose_sql(sql, params))
    except Exception:  # a value psycopg cannot write as a literal: the statement as written
        return str(sql)


class Reader(Generic[M]):
    """A model's row by a statement written once: `SELECT <its columns> FROM <its table> WHERE
    <where>` (and `tail`, e.g. ORDER BY or FOR UPDATE), through `cursor`, made into an instance
    as the ORM makes one (the same columns, its fields' and the backend's converters).

    For the reads asked on every request: `Model.objects.raw()` builds its column map and
    converters again each time, which for the key's application was half of what reading it
    cost (docs/performance.md, "The fifth sitting"). The columns are named rather than `*`: a
    prepared statement's columns must not change when a migration adds one."""

    def __init__(self, model: type[M], where: str, tail: str = "") -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self.where, self.tail = where, tail
        self._made: dict[str, tuple[str, dict[int, Any]]] = {}

    def first(self, params: Sequence[Any], connection: Any = None) -> M | None:
        connection = connection or default_connection
        sql, converters = self._for(connection)
        with cursor(connection) as reading:
            reading.execute(sql, params)
            row = reading.fetchone()
        if row is None:
            return None
        values = list(row)
        for position, (convert, expression) in converters.items():
            for converter in convert:
                values[position] = converter(values[position], expression, connection)
        return self.model.from_db(connection.alias, self.names, values)

    def _for(self, connection: Any) -> tuple[str, dict[int, Any]]:
        made = self._made.get(connection.alias)
        if made is None:
            quote, table = connection.ops.quote_name, self.model._meta.db_table
            columns = ", ".join(quote(f.column) for f in self.fields)
            sql = f"SELECT {columns} FROM {quote(table)} WHERE {self.where}{self.tail}"  # noqa: S608
            compiler = self.model._default_manager.none().query.get_compiler(connection=connection)
            converters = compiler.get_converters([f.get_col(table) for f in self.fields])
            made = self._made[connection.alias] = (sql, converters)
        return made
