"""Migration 0013_bilingual_journeys on SQLite and PostgreSQL: a journey stored before it reads as before (its
translations empty: the text as written in both languages), and the migration comes down again cleanly."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from feedback_app.storage.database import alembic_config, make_engine, upgrade_schema

TABLES = ("journey", "persona", "touchpoint", "lanecell")


def check(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0012_face_anchored_labels")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO journey (slug, name, goal, map_type, review_cadence, created_at) "
                    "VALUES ('old-map', 'Peta lama', '', 'current_state', 'monthly', CURRENT_TIMESTAMP)"
                )
            )
        upgrade_schema(url)
        with engine.connect() as connection:
            row = connection.execute(text("SELECT name, translations FROM journey WHERE slug = 'old-map'")).one()
        assert row[0] == "Peta lama" and row[1] in ({}, "{}")
        assert all("translations" in {c["name"] for c in inspect(engine).get_columns(t)} for t in TABLES)
        command.downgrade(config, "0012_face_anchored_labels")
        engine.dispose()
        assert not any("translations" in {c["name"] for c in inspect(engine).get_columns(t)} for t in TABLES)
        upgrade_schema(url)
    finally:
        engine.dispose()


def test_journeys_stored_before_read_as_before_on_sqlite(tmp_path):
    check(f"sqlite:///{tmp_path / 'feedback.db'}")


@pytest.mark.postgres
def test_journeys_stored_before_read_as_before_on_postgres(postgres_url):
    command.downgrade(alembic_config(postgres_url), "base")
    check(postgres_url)
