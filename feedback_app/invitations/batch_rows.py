"""Rows of an event batch written in bulk: primary keys reserved up front (so rows can refer to each other
before one insert), each column's Python-side default, bulk inserts, and IN (...) look-ups in chunks."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, text
from sqlmodel import Session, SQLModel

from feedback_app.storage.bulk_insert import insert_rows

CHUNK = 500  # ids per IN (...) list


def reserve_ids(session: Session, model: type[SQLModel], count: int) -> list[int]:
    """`count` new primary keys, so rows can refer to each other before one bulk insert without RETURNING
    (which SQLite would run row by row). SQLite: our transaction holds the write lock (BEGIN IMMEDIATE)
    from its first statement, so max(id) cannot move under us. PostgreSQL: the table's sequence."""
    if not count:
        return []
    table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
        return [row[0] for row in session.connection().execute(query, {"table": f'"{table.name}"', "n": count})]
    start = session.connection().execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(start, start + count))


def insert_all(session: Session, model: type[SQLModel], rows: list[dict]) -> None:
    """The rows into the model's table in one bulk insert (ids already set)."""
    insert_rows(session.connection(), model.__table__, rows)


def in_chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    """The values in lists of at most `size`, for IN (...) look-ups."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def column_defaults(model: type[SQLModel]) -> dict:
    """Each column's Python-side default, so bulk inserts fill what the model would."""
    return {
        name: info.get_default(call_default_factory=True) for name, info in model.model_fields.items() if name != "id"
    }
