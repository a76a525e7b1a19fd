"""A new row by an INSERT statement written once per model and database.

Django writes an INSERT's SQL afresh for every save; for a report, its event and its
acknowledgement that was about a fifth of an Open311 POST (docs/performance.md, "The write
path"). `insert(obj)` sends the statement Django's own compiler wrote for the model's first new
row, with the values `Model.save` would send (each field's `pre_save` and `get_db_prep_save`),
and leaves the object as `save` does (its id set, no longer "adding").

It is `save(force_insert=True)` whenever that could differ: a model someone listens to
(pre_save/post_save are not sent here), an inherited or unusual model, a value that is an
expression, a row that already has its id, or a database that cannot return the new id.

`ready(obj, later=[...])` prepares the values before a transaction and sends them inside it,
reading again only the fields set in between (a code, a parent's id): on SQLite every writer of
the city waits for the one in the transaction, and a report's 42 values took 0.12-0.14 ms of it
(docs/performance.md, "The eighth sitting").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

from laksa.lib import prepared

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Statement:
    sql: str
    fields: list[Field[Any, Any]]
    returning_params: tuple[Any, ...] = ()
    converters: dict[int, tuple[list[Any], Any]] | None = None


_statements: dict[tuple[type[Model], str], _Statement | None] = {}


def insert(obj: M) -> M:
    """Store a new `obj` as `obj.save(force_insert=True)` would; returns it."""
    return ready(obj).insert()


@dataclass
class Ready(Generic[M]):
    """A new row whose values are prepared: `insert()` stores it, reading again only the fields
    named `later` (those set after `ready`)."""

    obj: M
    alias: str
    statement: _Statement | None
    """None: stored by `save(force_insert=True)` when `insert()` is called."""
    values: list[Any]
    later: list[int]
    """Positions in `values` read again at `insert()`."""

    def insert(self, *, first: tuple[str, Sequence[Any]] | None = None) -> M:
        """Store the row; `first`, a statement and its values (PostgreSQL), is run by the same
        statement just before the row is made (`after`), when the row is written here."""
        obj, statement = self.obj, self.statement
        if statement is None:
            if first is not None:
                with prepared.cursor(connections[self.alias]) as cursor:
                    cursor.execute(*first)
            obj.save(force_insert=True, using=self.alias)
            return obj
        connection = connections[self.alias]
        values = self.values
        if self.later:
            obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
            for position in self.later:
                field = statement.fields[position]
                values[position] = field.get_db_prep_save(
                    field.pre_save(obj, add=True), connection=connection
                )
        model = type(obj)
        sql, params = statement.sql, (*values, *statement.returning_params)
        if first is not None:
            sql, params = after(first[0], sql), (*first[1], *params)
        with prepared.cursor(connection) as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()  # SQLite and PostgreSQL answer RETURNING as a row
        for position, (field, value) in enumerate(
            zip(model._meta.db_returning_fields, row, strict=True)
        ):
            convert, expression = (statement.converters or {}).get(position, ([], None))
            for converter in convert:
                value = converter(value, expression, connection)
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = self.alias
        return obj


@lru_cache(maxsize=64)
def after(first: str, insert_sql: str) -> str:
    """`INSERT … VALUES (…) RETURNING …` made into one statement that runs `first` and then
    inserts the row: `WITH first AS MATERIALIZED (…) INSERT … SELECT … FROM first RETURNING …`.
    The row's values, its sequence's next id among them, are made from `first`'s one row, so
    only after it ran (a materialized CTE runs once, before its first row is read): a lock
    that `first` takes is held before the id is drawn. One round trip instead of two, on
    PostgreSQL (the event lock, reports.events)."""
    head, values_sep, rest = insert_sql.partition(" VALUES (")
    values, returning_sep, returning = rest.rpartition(") RETURNING ")
    if not values_sep or not returning_sep:
        raise ValueError(f"not one row of VALUES with RETURNING: {insert_sql[:80]!r}")
    # the statements are the code's own, never input: Django's compiled INSERT and a constant
    return (
        f"WITH first AS MATERIALIZED ({first}) "  # noqa: S608
        f"{head} SELECT {values} FROM first RETURNING {returning}"
    )


def ready(obj: M, *, later: Iterable[str] = ()) -> Ready[M]:
    """`obj`'s values prepared now, to be stored by `.insert()`; the fields named in `later`
    (field names, set between the two) are read when it is stored."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    key = (model, alias)
    if key not in _statements:
        _statements[key] = _plain_fields(model, connection)  # None: not a plain model
    plain = _statements[key]
    if (
        plain is None
        or obj.pk is not None
        or pre_save.has_listeners(model)
        or post_save.has_listeners(model)
        or any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in plain.fields)
    ):
        return Ready(obj, alias, None, [], [])
    late = {model._meta.get_field(name) for name in later}
    if not late:  # those set later are checked when stored
        obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    if not plain.sql:
        plain = _statements[key] = _statement(model, plain.fields, connection, obj)
    values = [
        None
        if field in late
        else field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
        for field in plain.fields
    ]
    return Ready(obj, alias, plain, values, [i for i, f in enumerate(plain.fields) if f in late])


def _plain_fields(model: type[Model], connection: Any) -> _Statement | None:
    """The fields an insert sends, when the model is one this module can store exactly as
    Django would: no parents, an automatic id returned by the INSERT, no field with a
    placeholder of its own (geometry)."""
    meta = model._meta
    if (
        meta.parents
        or meta.order_with_respect_to
        or meta.auto_field is None
        or meta.pk not in meta.db_returning_fields
        or not connection.features.can_return_columns_from_insert
    ):
        return None
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
    if any(hasattr(f, "get_placeholder") for f in fields):
        return None
    return _Statement("", fields)


def _statement(
    model: type[Model], fields: list[Field[Any, Any]], connection: Any, obj: Model
) -> _Statement:
    query = InsertQuery(model)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = model._meta.db_returning_fields
    [(sql, _params)] = compiler.as_sql()
    returning = model._meta.db_returning_fields
    converters = compiler.get_converters([f.get_col(model._meta.db_table) for f in returning])
    return _Statement(sql, fields, tuple(compiler.returning_params), converters)
