"""Database engine, sessions and the Alembic entry point."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for SQLite's write lock
# WAL pages between automatic checkpoints (SQLite's default: 1,000). The committing request runs the checkpoint,
# two fsyncs and a copy of every page changed since the last one; an answer writes ~13 pages, most of them the
# same hot rollup and index pages, so checkpointing 4x less often copies each hot page once instead of four times
# and fsyncs a quarter as often. Answer POSTs under gunicorn: commit 1.8 -> 0.9 ms on average. WAL up to 16 MB.
WAL_AUTOCHECKPOINT_PAGES = 4000


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend: SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin_immediate(conn) -> None:
    # Read-only work (read_scope) begins deferred instead: it must not hold the one write lock.
    raw = conn.connection.dbapi_connection
    if conn.get_execution_options().get("feedback_readonly"):
        raw.execute("BEGIN")
        return
    _begin_write(raw)


def _begin_write(raw) -> None:
    """BEGIN IMMEDIATE on a sqlite3 connection: it takes the write lock up front, so two writers never
    deadlock on an upgrade. Queued writers wait here, retrying every few ms: SQLite's busy handler sleeps
    up to 100 ms between tries, which left the lock idle ~25 ms after each commit while ingestion batches
    queued for it. Raises SQLAlchemy's OperationalError if the lock stayed taken for the whole busy timeout."""
    raw.execute("PRAGMA busy_timeout=0")
    try:
        if not _wait_for_write_lock(raw):
            raw.execute("BEGIN IMMEDIATE")  # locked all along: fails now with SQLite's own error
    except sqlite3.OperationalError as error:
        raise OperationalError("BEGIN IMMEDIATE", (), error) from error
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _wait_for_write_lock(raw) -> bool:
    deadline, pause = time.monotonic() + BUSY_TIMEOUT_MS / 1000, 0.0005
    while time.monotonic() < deadline:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.002)
    return False


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A session that only reads: on SQLite it does not take the write lock, so a slow page or a
    streamed export never blocks answers and events. Anything written in it is rolled back."""
    with Session(engine.execution_options(feedback_readonly=True), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.expunge_all()  # keep what was read usable after the rollback (which would expire it)
            session.rollback()


def ping(engine: Engine) -> None:
    """Is the database there and answering? `SELECT 1` in a unit of work (/healthz); raises what the driver said."""
    with session_scope(engine) as session:
        session.exec(text("SELECT 1"))


class DriverTransaction:
    """A transaction on one pooled DBAPI connection, with no Session or Connection around it.

    The survey answer path runs a few statements compiled once (driver_statements.py) and nothing else;
    SQLAlchemy's Session and Connection scaffolding around them cost as much CPU as the statements.
    Locking is the sessions': on SQLite a writer takes the write lock up front, a reader begins deferred.
    """

    def __init__(self, cursor, dialect, database=None):
        self.cursor = cursor
        self.dialect = dialect
        self.database = database  # the engine's URL: what per-process caches of its rows are keyed by


@contextmanager
def driver_transaction(engine: Engine, write: bool = True) -> Iterator[DriverTransaction]:
    """Commit on success (a reader always rolls back), roll back on any error; the connection goes back
    to the engine's pool either way."""
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            sqlite_connection = raw.dbapi_connection
            if write:
                _begin_write(sqlite_connection)
            else:
                sqlite_connection.execute("BEGIN")
        yield DriverTransaction(raw.cursor(), engine.dialect, engine.url)
        if write:
            raw.commit()
        else:
            raw.rollback()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_schema(url: str) -> None:
    """Create or upgrade the schema to the newest migration; safe to run twice. The history has one head
    (0009 joined the branches earlier versions left side by side), so any earlier database reaches it."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")
