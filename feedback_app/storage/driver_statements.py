"""SQLAlchemy Core statements compiled once per dialect, then run straight on the driver's cursor.

A survey answer runs about nine statements, most of them under SQLite's one write lock. Through
`Connection.execute` each cost ~0.15 ms of CPU (parameter dicts, execution context, events, result
wrapping) where the driver itself needs ~0.01 ms. A DriverStatement keeps SQLAlchemy as the author of
the SQL and of every value's conversion (each bind parameter's and each result column's own type
processor, so rows are stored and read exactly as the ORM stores and reads them) and skips the rest.

It runs in the caller's transaction: a Session's (on its DBAPI connection, so the Session's commit or
rollback covers it) or a bare `db.driver_transaction`, which the survey answer path uses. Statements must name every bind parameter (`bindparam(name)`)
or fix it as a constant (`.values(status="answered")`); expanding IN lists are not supported (write
constants as `literal_column`). tests/storage/test_driver_statements.py checks both backends.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlmodel import Session

from feedback_app.storage.database import DriverTransaction

Scope = Session | DriverTransaction  # where a statement runs: a Session's transaction or a bare one


def driver_cursor(scope: Scope):
    """A DBAPI cursor inside the scope's transaction (a Session's is begun here if need be)."""
    return _driver(scope)[0]


def driver_dialect(scope: Scope) -> Dialect:
    return _driver(scope)[1]


def _driver(session: Scope) -> tuple[Any, Dialect]:
    """The cursor and dialect of the scope's current transaction; a Session's are looked up once per
    transaction (`Session.connection()` alone costs ~0.05 ms, as much as the statement)."""
    if isinstance(session, DriverTransaction):
        return session.cursor, session.dialect
    transaction = session.get_transaction()
    cached = session.info.get("driver_cursor")
    if transaction is not None and cached is not None and cached[0] is transaction:
        return cached[1], cached[2]
    connection = session.connection()
    cursor = connection.connection.dbapi_connection.cursor()
    session.info["driver_cursor"] = (session.get_transaction(), cursor, connection.dialect)
    return cursor, connection.dialect


class DriverStatement:
    """One statement's SQL for a dialect, with the conversions its parameters and result columns need."""

    def __init__(self, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError("expanding parameters (IN lists) cannot run on the driver: use literal_column")
        self.sql = compiled.string
        self.positional = dialect.positional
        binds = {
            name: bind for name, bind in compiled.binds.items() if name in (compiled.positiontup or compiled.binds)
        }
        self.names = tuple(compiled.positiontup) if self.positional else tuple(binds)
        defaults, self.defaults = _column_defaults(statement, binds)
        self.constants = {**defaults, **{name: bind.value for name, bind in binds.items() if bind.value is not None}}
        self.processors = tuple(
            (name, process)
            for name, bind in binds.items()
            if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        )
        by_name = dict(self.processors)
        self.slots = tuple((name, by_name.get(name)) for name in self.names)
        self.dialect = dialect
        self.result_types = [column.type for column in getattr(statement, "selected_columns", ())]
        self.result_processors = None  # built from the first result's description (PostgreSQL needs its types)

    def parameters(self, values: dict) -> Any:
        """The driver's parameters for one row of values (a tuple in order, or a dict by name)."""
        if self.constants or self.defaults:
            values = {**self.constants, **values}
            for name, make in self.defaults:
                if name not in values:
                    values[name] = make()
        if self.positional:  # SQLite: one pass in order, converting where the type needs it
            out = []
            for name, process in self.slots:
                value = values[name]
                out.append(value if process is None or value is None else process(value))
            return tuple(out)
        converted = dict(values)
        for name, process in self.processors:
            value = converted.get(name)
            if value is not None:
                converted[name] = process(value)
        return converted

    def execute(self, cursor, values: dict):
        parameters = self.parameters(values)
        try:
            cursor.execute(self.sql, parameters)
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, parameters) from error
        return cursor

    def execute_many(self, cursor, rows: Iterable[dict]) -> None:
        parameters = [self.parameters(row) for row in rows]
        try:
            cursor.executemany(self.sql, parameters)
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, parameters) from error

    def _wrapped(self, error: Exception, parameters) -> DBAPIError:
        """The driver's error as SQLAlchemy reports it (IntegrityError, OperationalError, …), so callers
        catch the same exceptions whichever way a statement ran."""
        return DBAPIError.instance(self.sql, parameters, error, self.dialect.loaded_dbapi.Error, dialect=self.dialect)

    def first(self, cursor, values: dict) -> tuple | None:
        """The first result row, each column converted by its type (None: no row)."""
        row = self.execute(cursor, values).fetchone()
        return None if row is None else self._converted(cursor, row)

    def all(self, cursor, values: dict) -> list[tuple]:
        return [self._converted(cursor, row) for row in self.execute(cursor, values).fetchall()]

    def _converted(self, cursor, row) -> tuple:
        if self.result_processors is None:
            self.result_processors = [
                kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
                for kind, column in zip(self.result_types, cursor.description)
            ]
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.result_processors, row)
        )


def _column_defaults(statement, binds: dict) -> tuple[dict, tuple]:
    """An INSERT also binds the columns it was not given that have Python-side defaults (SQLAlchemy fills
    them in at execution): scalar ones become constants, callables (now, an empty list) run per row."""
    table = getattr(statement, "table", None)
    constants, callables = {}, []
    if not getattr(statement, "is_insert", False) or table is None:
        return constants, tuple(callables)
    for name, bind in binds.items():
        default = table.c[name].default if name in table.c else None
        if bind.value is not None or default is None:
            continue
        if default.is_scalar:
            constants[name] = default.arg
        elif default.is_callable:
            callables.append((name, lambda make=default.arg: make(None)))
    return constants, tuple(callables)


def typed_binds(table, names) -> dict:
    """`{column: bindparam(column)}` for these columns, each bind typed as its column (for `.values()`)."""
    return {name: bindparam(name, type_=table.c[name].type) for name in names}


def insert_of(table, names):
    """An INSERT of these columns from binds of the same names; no RETURNING unless the caller adds one."""
    return insert(table).inline().values(typed_binds(table, names))


@lru_cache(maxsize=128)
def driver_statement(statement: ClauseElement, dialect: Dialect) -> DriverStatement:
    """The statement compiled for this engine's dialect, once per process."""
    return DriverStatement(statement, dialect)


def run(session: Scope, statement: ClauseElement, values: dict):
    """Run a statement on the session's driver connection; returns the cursor (rowcount, fetchone)."""
    cursor, dialect = _driver(session)
    return driver_statement(statement, dialect).execute(cursor, values)


def run_many(session: Scope, statement: ClauseElement, rows: list[dict]) -> None:
    """Run a statement once per row (the driver's executemany), on the session's driver connection."""
    if rows:
        cursor, dialect = _driver(session)
        driver_statement(statement, dialect).execute_many(cursor, rows)


def first(session: Scope, statement: ClauseElement, values: dict) -> tuple | None:
    """A SELECT's first row, converted column by column as the ORM would (None: no row)."""
    cursor, dialect = _driver(session)
    return driver_statement(statement, dialect).first(cursor, values)


def all_rows(session: Scope, statement: ClauseElement, values: dict) -> list[tuple]:
    """Every row of a SELECT, converted column by column as the ORM would."""
    cursor, dialect = _driver(session)
    return driver_statement(statement, dialect).all(cursor, values)
