"""Many rows into one table through the driver's executemany, stored exactly as SQLAlchemy's types would.

SQLAlchemy's own `execute(insert(table), rows)` builds a parameter dict per row and runs every type
processor through its generic machinery; for a batch of 1,000 events that cost more than the insert
itself, and it ran while SQLite's single write lock was held. Here each column gets one converter per
dialect, built once: JSON is dumped as SQLAlchemy dumps it (or passed through when already dumped, see
`JSONText`), SQLite datetimes become the text of its DATETIME type, and every other column uses its type's
own bind processor. tests/invitations/test_ingest_rows.py checks the stored rows against the ORM's, on both backends.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.engine import Connection, Dialect
from sqlmodel.sql.sqltypes import UTCDateTime

Converter = Callable[[Any], Any] | None


class JSONText(str):
    """A value already dumped with json.dumps, so the bulk insert stores it as is (dumped outside the lock)."""


def json_text(value: Any) -> JSONText:
    return JSONText(json.dumps(value))


def insert_rows(connection: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT `rows` (dicts holding every column of `table` but none of its server defaults) in one executemany.
    Errors come wrapped as SQLAlchemy's (IntegrityError and all), as from any other statement."""
    if not rows:
        return
    sql, names, converters = _statement(table, connection.dialect)
    values_of = itemgetter(*names)
    # A batch repeats its times (now, due times): convert each distinct one once.
    memos = [(index, convert, {} if memoize else None) for index, convert, memoize in converters]
    params = []
    for row in rows:
        values = list(values_of(row))
        for index, convert, memo in memos:
            value = values[index]
            if value is None:
                continue
            if memo is None:
                values[index] = convert(value)
            else:
                stored = memo.get(value)
                if stored is None:
                    stored = memo[value] = convert(value)
                values[index] = stored
        params.append(tuple(values))
    connection.exec_driver_sql(sql, params)


@lru_cache(maxsize=64)
def _statement(table: Table, dialect: Dialect) -> tuple[str, tuple[str, ...], tuple]:
    """The INSERT of every column, the column names in order, and (position, converter) where one is needed."""
    columns = list(table.columns)
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    # psycopg sends str as text, which PostgreSQL will not assign to a json column without a cast.
    holders = [marker + ("::json" if _is_json(c) and dialect.name == "postgresql" else "") for c in columns]
    quote = dialect.identifier_preparer.quote
    sql = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) VALUES ({', '.join(holders)})"
    converters = tuple(
        (i, convert, isinstance(c.type, UTCDateTime))
        for i, c in enumerate(columns)
        if (convert := _converter(c, dialect)) is not None
    )
    return sql, tuple(c.name for c in columns), converters


def _is_json(column) -> bool:
    return isinstance(column.type, JSON)


def _converter(column, dialect: Dialect) -> Converter:
    if _is_json(column):
        return _dump_json
    if isinstance(column.type, UTCDateTime) and dialect.name == "sqlite":
        return _sqlite_datetime
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _dump_json(value: Any) -> str:
    return value if isinstance(value, JSONText) else json.dumps(value)


def _sqlite_datetime(value: datetime) -> str:
    """UTCDateTime on SQLite: the UTC time as its DATETIME type's text, 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    if value.tzinfo is not UTC:
        if value.utcoffset() is None:
            raise ValueError("Datetime values must have timezone information")
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")
