"""Migration history: one head, and init-db brings a database left at any earlier head up to it, rows kept."""

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from helpers import schema_differences
from sqlalchemy import MetaData, Table, inspect, select

from feedback_app.storage.database import alembic_config, make_engine, upgrade_schema

# The heads an earlier init-db ("upgrade heads") could leave: the branches reached main in the order 0003, 0004,
# 0005, 0002, 0007, 0006 (merging 0002..0005), 0008; a database may also have stopped at 0006 alone.
EARLIER_HEADS = [
    ("0001",),
    ("0003_delivery",),
    ("0003_delivery", "0004_map_editing"),
    ("0003_delivery", "0004_map_editing", "0005_dashboards"),
    ("0002_trigger_rules", "0003_delivery", "0004_map_editing", "0005_dashboards"),
    ("0002_trigger_rules", "0003_delivery", "0004_map_editing", "0005_dashboards", "0007_journey_themes"),
    ("0006_partial_status_indexes",),
    ("0006_partial_status_indexes", "0007_journey_themes"),
    ("0006_partial_status_indexes", "0007_journey_themes", "0008_rescore_requests"),
]
ON_POSTGRES = [EARLIER_HEADS[0], EARLIER_HEADS[4], EARLIER_HEADS[-1]]

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
# Rows in the tables 0001 created, and in the journey themes and rescore requests tables where they exist.
ROWS = {
    "journey": {
        "id": 1,
        "slug": "katering-lama",
        "name": "Katering lama",
        "goal": "",
        "map_type": "current_state",
        "review_cadence": "monthly",
        "created_at": WHEN,
    },
    "stage": {"id": 1, "journey_id": 1, "key": "service", "name": "Service", "name_id": "Layanan", "position": 1},
    "touchpoint": {"id": 1, "journey_id": 1, "stage_id": 1, "key": "delivery", "name": "Delivery", "position": 1},
    "questionnaire": {
        "id": 1,
        "key": "service",
        "stage": "service",
        "title": {"en": "How was it?"},
        "intro": {},
        "source_file": "service.toml",
        "checksum": "0" * 64,
        "loaded_at": WHEN,
    },
    "trigger": {
        "id": 1,
        "journey_id": 1,
        "touchpoint_id": 1,
        "questionnaire_id": 1,
        "name": "After delivery",
        "channel": "email",
        "delay_minutes": 30,
        "expiry_hours": 72,
        "fatigue_days": 14,
        "active": True,
        "created_at": WHEN,
    },
    "customer": {
        "id": 1,
        "external_id": "c-1",
        "email": "c1@example.com",
        "locale": "id",
        "timezone": "Asia/Jakarta",
        "attributes": {"tier": "gold"},
        "created_at": WHEN,
    },
    "touchpoint_event": {
        "id": 1,
        "event_id": "e-1",
        "journey_id": 1,
        "touchpoint_id": 1,
        "customer_id": 1,
        "occurred_at": WHEN,
        "received_at": WHEN,
        "payload": {},
        "answer": {},
    },
    "invitation": {
        "id": 1,
        "token": "t" * 43,
        "journey_id": 1,
        "stage_id": 1,
        "touchpoint_id": 1,
        "customer_id": 1,
        "event_id": 1,
        "trigger_id": 1,
        "questionnaire_id": 1,
        "channel": "email",
        "locale": "id",
        "status": "answered",
        "due_at": WHEN,
        "next_attempt_at": WHEN,
        "expires_at": WHEN,
        "attempts": 1,
        "created_at": WHEN,
    },
    "response": {
        "id": 1,
        "invitation_id": 1,
        "journey_id": 1,
        "stage_id": 1,
        "touchpoint_id": 1,
        "customer_id": 1,
        "questionnaire_id": 1,
        "locale": "id",
        "submitted_at": WHEN,
        "answers": {"face": 2},
        "face": 2,
        "text": "kurirnya telat, makanan dingin",
        "polarity": -0.6,
        "label": "negative",
        "language": "id",
        "emotion_label": "anger",
        "emotion_score": 0.7,
        "themes": ["delivery_late"],
        "scorer": "rules-2026.11",
    },
    "journey_theme": {
        "id": 1,
        "journey_id": 1,
        "key": "menu_variety",
        "label_en": "Menu variety",
        "label_id": "Variasi menu",
        "polarity": -1,
        "terms": ["menu sama"],
        "updated_at": WHEN,
    },
    "rescore_request": {"id": 1, "journey_id": 1, "requested_at": WHEN, "requested_by": "cx@example.com"},
}


def the_head() -> str:
    [head] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return head


def current_heads(engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def leave_at(url: str, heads: tuple[str, ...]) -> None:
    """The database as an earlier init-db left it: each of these revisions applied, as separate heads."""
    config = alembic_config(url)
    for head in heads:
        command.upgrade(config, head)


def add_rows(engine) -> dict[str, dict]:
    """ROWS into every table of them the database has; returns what was added."""
    with engine.begin() as connection:
        tables = reflect(connection)
        added = {name: row for name, row in ROWS.items() if name in tables}
        for name, row in added.items():
            connection.execute(tables[name].insert(), [row])
    return added


def stored(engine, added: dict[str, dict]) -> dict[str, dict]:
    """The added rows' columns as stored now."""
    with engine.connect() as connection:
        tables = reflect(connection)
        return {name: stored_row(connection, tables[name], row) for name, row in added.items()}


def stored_row(connection, table: Table, row: dict) -> dict:
    query = select(*(table.c[column] for column in row)).where(table.c.id == row["id"])
    return without_times(connection.execute(query).one()._asdict())


def reflect(connection) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(connection, only=lambda name, _: name in ROWS)
    return metadata.tables


def without_times(row: dict) -> dict:
    """SQLite reads a time back without its time zone: rows are compared on their other columns."""
    return {column: value for column, value in row.items() if not isinstance(value, datetime)}


def assert_upgraded_with_rows_kept(url: str, heads: tuple[str, ...]) -> None:
    engine = make_engine(url)
    try:
        leave_at(url, heads)
        added = add_rows(engine)
        upgrade_schema(url)
        assert current_heads(engine) == {the_head()}
        assert stored(engine, added) == {name: without_times(row) for name, row in added.items()}
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_the_migration_history_has_one_head():
    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1


@pytest.mark.parametrize("heads", EARLIER_HEADS, ids="+".join)
def test_init_db_upgrades_a_database_left_at_each_earlier_head(tmp_path, heads):
    assert_upgraded_with_rows_kept(f"sqlite:///{tmp_path / 'feedback.db'}", heads)


@pytest.fixture
def empty_postgres_url(postgres_url) -> str:
    """A fresh PostgreSQL database with no schema (every migration taken down again)."""
    command.downgrade(alembic_config(postgres_url), "base")
    return postgres_url


@pytest.mark.postgres
@pytest.mark.parametrize("heads", ON_POSTGRES, ids="+".join)
def test_init_db_upgrades_a_postgres_database_left_at_an_earlier_head(empty_postgres_url, heads):
    assert_upgraded_with_rows_kept(empty_postgres_url, heads)


def test_journey_themes_come_down_alone_and_init_db_brings_them_back(database_url):
    """Below the merge, a branch still comes down on its own: '<its revision>@<where it branched>'."""
    command.downgrade(alembic_config(database_url), "0007_journey_themes@0001")
    engine = make_engine(database_url)
    try:
        assert current_heads(engine) == {"0006_partial_status_indexes", "0008_rescore_requests"}
        assert {"journey_theme", "rescore_request"} & set(inspect(engine).get_table_names()) == {"rescore_request"}
        upgrade_schema(database_url)
        assert current_heads(engine) == {the_head()}
        assert schema_differences(engine) == []
    finally:
        engine.dispose()
