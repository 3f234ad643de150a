"""SQLite writers queue for the write lock in db.py's own short retries, and still fail as before when it never frees."""

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from feedback_app.storage import database as db


@pytest.fixture
def table(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    yield engine
    engine.dispose()


def test_a_queued_writer_retries_in_short_pauses_not_in_sqlites_100_ms_sleeps(table, monkeypatch):
    """How soon the writer goes on is a speed figure (bench/ingest.py); what the test holds is the mechanism: the
    queued writer polls with its own pauses of at most 2 ms, never SQLite's busy handler (up to 100 ms)."""
    pauses, real_sleep = [], time.sleep

    def recorded_sleep(seconds: float) -> None:
        pauses.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(db.time, "sleep", recorded_sleep)
    holder = table.connect()
    holder.begin()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    busy_timeouts = []

    def second_writer():
        with table.begin() as connection:
            busy_timeouts.append(connection.exec_driver_sql("PRAGMA busy_timeout").scalar())
            connection.execute(text("INSERT INTO t VALUES (2)"))

    thread = threading.Thread(target=second_writer)
    thread.start()
    while len(pauses) < 20:  # the writer is queued and polling
        real_sleep(0.01)
    holder.commit()
    thread.join(timeout=10)
    holder.close()
    assert pauses and max(pauses) <= 0.002
    assert busy_timeouts == [db.BUSY_TIMEOUT_MS]  # restored once the lock was taken
    with table.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 2


def test_a_lock_that_never_frees_fails_as_before_and_keeps_the_busy_timeout(table, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    holder = table.connect()
    holder.begin()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(OperationalError, match="locked"):
        with table.begin():
            pass
    holder.rollback()
    holder.close()
    with table.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 200


def test_connections_checkpoint_the_wal_every_few_thousand_pages(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == db.WAL_AUTOCHECKPOINT_PAGES
