"""Querysets compiled to SQL once per database connection and run with new values on every request.

Building and compiling a queryset costs the ORM 0.3-1 ms of Python on this platform's hot pages (a session row,
a draft, an entry's documents), against 0.03-0.1 ms to send the statement and read its row. A `Compiled`
builds its queryset once, with stand-in values in the places that change from request to request, keeps the
SQL, its parameters and the compiler that wrote it, and on each call puts the real values in those places and
builds the rows as the ORM's own iterables would (model instances with their `select_related` objects and
annotations, or `values_list` tuples), with the same converters.

The stand-ins are found among the compiled parameters by value: each must be a value that appears nowhere else
in the statement (checked when it is compiled). A value the database adapter would convert (a date, a
datetime) is given with the function that converts it (`connection.ops.adapt_datefield_value`), so the stand-in
is found and the real value goes in converted the same way.

On PostgreSQL the statement is also prepared on the server (the connection's `prepare_threshold`, set in
settings, counts its runs): the ORM's other statements are bound in the client and sent as text, so PostgreSQL
parses and plans each of them anew, which for the scorecard's standing statement (a row with ten subqueries) was
1.5 ms of its CPU a request against 0.15 ms to run it prepared. Prepared statements are kept per connection by
psycopg and PostgreSQL alike, and are gone with a closed connection; `DJANGO_DB_PREPARED_STATEMENTS=0` turns
them off (behind a pooler that cannot carry them from one server connection to another).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models.query import ModelIterable, get_related_populators


def prepares(connection) -> bool:
    """Whether this connection prepares compiled statements on the server (PostgreSQL, unless turned off)."""
    threshold = connection.settings_dict["OPTIONS"].get("prepare_threshold")
    return connection.vendor == "postgresql" and threshold is not None


@contextmanager
def statement_cursor(connection) -> Iterator:
    """A cursor that binds parameters on the server, so that psycopg prepares the statement after the connection's
    `prepare_threshold` runs; Django's own cursor (parameters bound in the client, never prepared) elsewhere.

    It is Django's cursor wrapper as `connection.cursor()` gives it (the same health check, error translation and
    query log, so the statement counts in the query counts the tests pin) around psycopg's server-binding cursor."""
    if not prepares(connection):
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg  # here, so that a SQLite server does not load it

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        server_cursor = psycopg.Cursor(connection.connection)
    wrapped = _LoggedServerBinding(server_cursor, connection) if connection.queries_logged else (
        connection.make_cursor(server_cursor)
    )
    with wrapped as cursor:
        yield cursor


class _LoggedServerBinding(CursorDebugWrapper):
    """Django's query log for a server-binding cursor: psycopg keeps no text of a prepared statement's run, so the
    log holds the statement with its values in place, as the client would have bound them."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@dataclass(frozen=True)
class Slot:
    """A value that changes per call: `stand_in` while compiling, `adapt(connection, value)` when bound."""

    stand_in: object
    adapt: Callable | None = None

    def adapted(self, connection, value):
        return value if self.adapt is None else self.adapt(connection, value)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: list
    positions: tuple  # (parameter index, slot index) for every stand-in
    compiler: object
    converters: dict
    model_layout: tuple | None  # (model, attnames, start, end, related populators, annotations) for instances


class Compiled:
    """`build(*stand_ins)` returns the queryset; `instances(*values)` and `rows(*values)` run it with `values` in
    the stand-ins' places, in this connection's compiled form (compiled on first use)."""

    def __init__(self, name: str, build: Callable, *slots: Slot, using: str = "default"):
        self.name, self.build, self.slots, self.using = name, build, slots, using

    def _statement(self) -> _Statement:
        connection = connections[self.using]
        cache = connection.__dict__.setdefault("_compiled_statements", {})
        statement = cache.get(self.name)
        if statement is None:
            statement = cache[self.name] = self._compile(connection)
        return statement

    def _compile(self, connection) -> _Statement:
        queryset = self.build(*(slot.stand_in for slot in self.slots))
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = []
        for index, slot in enumerate(self.slots):
            stand_in = slot.adapted(connection, slot.stand_in)
            found = [position for position, param in enumerate(params) if param == stand_in]
            if not found:
                raise RuntimeError(f"{self.name}: the stand-in {slot.stand_in!r} is not in the compiled statement")
            positions.extend((position, index) for position in found)
        if len({position for position, _ in positions}) != len(positions):
            raise RuntimeError(f"{self.name}: two stand-ins share a parameter; give them distinct values")
        select = compiler.select
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        layout = None
        klass_info = compiler.klass_info
        if klass_info is not None and queryset._iterable_class is ModelIterable:
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            layout = (
                klass_info["model"],
                [column[0].target.attname for column in select[first:last]],
                first,
                last,
                get_related_populators(klass_info, select, self.using),
                dict(compiler.annotation_col_map),
            )
        return _Statement(
            sql=sql,
            params=params,
            positions=tuple(positions),
            compiler=compiler,
            converters=converters,
            model_layout=layout,
        )

    def _fetch(self, statement: _Statement, values: tuple) -> list:
        if len(values) != len(self.slots):
            raise TypeError(f"{self.name} takes {len(self.slots)} values, not {len(values)}")
        connection = connections[self.using]
        params = list(statement.params)
        for position, index in statement.positions:
            params[position] = self.slots[index].adapted(connection, values[index])
        with statement_cursor(connection) as cursor:
            cursor.execute(statement.sql, params)
            rows = cursor.fetchall()
        if statement.converters and rows:
            rows = list(statement.compiler.apply_converters(rows, statement.converters))
        return rows

    def rows(self, *values) -> list[tuple]:
        """The rows as tuples (for a `values_list` queryset: its values)."""
        return [tuple(row) for row in self._fetch(self._statement(), values)]

    def instances(self, *values) -> list:
        """Model instances, with their `select_related` objects and annotations, as the queryset would give."""
        statement = self._statement()
        if statement.model_layout is None:
            raise TypeError(f"{self.name} is not a queryset of model instances")
        model, attnames, first, last, populators, annotations = statement.model_layout
        instances = []
        for row in self._fetch(statement, values):
            instance = model.from_db(self.using, attnames, row[first:last])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def sql_and_params(self, *values) -> tuple[str, list]:
        """The compiled SQL and the parameters with `values` in place, to embed in a larger statement."""
        statement = self._statement()
        connection = connections[self.using]
        params = list(statement.params)
        for position, index in statement.positions:
            params[position] = self.slots[index].adapted(connection, values[index])
        return statement.sql, params
