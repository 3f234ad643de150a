"""Statements run on the driver (driver_statements.py) store and read exactly what the ORM does, inside the
session's transaction, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from feedback_app.insight.rollups import add_counts
from feedback_app.models import Invitation, Journey, Notification, Questionnaire, Response, Stage, ThemeRollup
from feedback_app.storage.database import session_scope
from feedback_app.storage.driver_statements import DriverStatement, first, insert_of, run
from feedback_app.survey.answering import _INSERT_RESPONSE, _RESPONSE_COLUMNS

JAKARTA = timezone(timedelta(hours=7))
WHEN = datetime(2026, 3, 17, 9, 30, 15, 123456, tzinfo=JAKARTA)


@pytest.fixture
def backend(seeded_backend):
    return seeded_backend


def _answer(session: Session) -> dict:
    stage = session.exec(select(Stage)).first()
    return dict(
        invitation_id=None,
        journey_id=stage.journey_id,
        stage_id=stage.id,
        touchpoint_id=None,
        customer_id=None,
        persona_id=None,
        questionnaire_id=session.exec(select(Questionnaire.id)).first(),
        locale="id",
        submitted_at=WHEN,
        answers={"comment": "kurirnya telat bgt 😠 “ñ”", "feeling": 2},
        face=2,
        rating_kind="csat",
        rating=1,
        text="kurirnya telat bgt 😠",
        polarity=-0.625,
        subjectivity=None,
        label="negative",
        language="id",
        emotion_label="anger",
        emotion_score=-0.71,
        themes=["delivery_late", "food_temperature"],
        scorer="test-1",
        text_polarity=-0.9,
        text_label="negative",
        text_contradicts_face=True,
        anonymised_at=None,
    )


def _stored(session: Session, response_id: int) -> dict:
    """The row as the database keeps it: every column cast to text, so formats are compared, not values."""
    columns = [name for name in _RESPONSE_COLUMNS]
    text = ", ".join(f'CAST("{c}" AS TEXT)' for c in columns)
    values = session.connection().exec_driver_sql(f"SELECT {text} FROM response WHERE id = {int(response_id)}").one()
    return dict(zip(columns, values))


def test_an_insert_on_the_driver_stores_the_row_the_orm_would(backend):
    with session_scope(backend) as session:
        values = _answer(session)
        orm = Response(**values)
        session.add(orm)
        session.flush()
        driver_id = run(session, _INSERT_RESPONSE, values).fetchone()[0]
        assert driver_id == orm.id + 1
        assert _stored(session, driver_id) == _stored(session, orm.id)
    with session_scope(backend) as session:
        read = [session.get(Response, i).model_dump(exclude={"id"}) for i in (orm.id, driver_id)]
        assert read[0] == read[1]
        assert read[1]["submitted_at"] == WHEN and read[1]["answers"]["comment"].endswith("“ñ”")


def test_a_select_on_the_driver_reads_what_the_orm_reads(backend):
    with session_scope(backend) as session:
        invitation_like = session.exec(select(Journey)).first()
        statement = core_select(Journey.id, Journey.slug, Journey.created_at).where(Journey.id == bindparam("id"))
        row = first(session, statement, {"id": invitation_like.id})
        assert row == (invitation_like.id, invitation_like.slug, invitation_like.created_at)
        assert row[2].tzinfo is not None and row[2].utcoffset() == timedelta(0)
        assert first(session, statement, {"id": -1}) is None


def test_an_upsert_adds_onto_the_row_with_the_same_key(backend):
    with session_scope(backend) as session:
        stage = session.exec(select(Stage)).first()
        key = dict(stage_id=stage.id, touchpoint_id=0, persona_id=0, day=date(2026, 3, 17), theme="delivery_late")
        row = dict(journey_id=stage.journey_id, **key, total=1, negative=1)
        add_counts(session, ThemeRollup, [row], key=list(key))
        add_counts(
            session, ThemeRollup, [{**row, "negative": 0}, {**row, "theme": "price", "negative": 0}], key=list(key)
        )
    with session_scope(backend) as session:
        rows = {r.theme: (r.total, r.negative, r.day) for r in session.exec(select(ThemeRollup))}
        assert rows == {"delivery_late": (2, 1, date(2026, 3, 17)), "price": (1, 0, date(2026, 3, 17))}


def test_an_insert_fills_the_columns_it_was_not_given_with_their_defaults(backend):
    table = Notification.__table__
    given = ("response_id", "stage_id", "channel", "target", "reason")
    statement = insert_of(table, given)
    with session_scope(backend) as session:
        response_id = run(session, _INSERT_RESPONSE, _answer(session)).fetchone()[0]
        stage_id = session.exec(select(Stage.id)).first()
        before = datetime.now(UTC)
        run(
            session,
            statement,
            dict(
                response_id=response_id,
                stage_id=stage_id,
                channel="email",
                target="owner@example.com",
                reason="emotion -0.71",
            ),
        )
    with session_scope(backend) as session:
        stored = session.exec(select(Notification)).one()
        assert (stored.status, stored.attempts, stored.quote, stored.lease_until) == ("pending", 0, "", None)
        assert before <= stored.created_at <= datetime.now(UTC)


def test_driver_statements_run_inside_the_sessions_transaction(backend):
    with Session(backend) as session:
        values = _answer(session)
        run(session, _INSERT_RESPONSE, values)
        session.rollback()  # the insert goes with it
        assert session.exec(select(Response)).all() == []
        response_id = run(session, _INSERT_RESPONSE, values).fetchone()[0]  # a new transaction, a new cursor
        session.commit()
    with session_scope(backend) as session:
        assert [r.id for r in session.exec(select(Response))] == [response_id]


def test_statements_the_driver_cannot_run_are_refused_when_built(engine):
    expanding = core_select(Invitation.id).where(Invitation.status.in_(["sent", "answered"]))
    with pytest.raises(ValueError, match="IN lists"):
        DriverStatement(expanding, engine.dialect)


def test_driver_errors_come_out_as_sqlalchemys(backend):
    """Callers catch IntegrityError (say, a second answer to one link) whichever way the statement ran."""
    table = ThemeRollup.__table__
    names = ("journey_id", "stage_id", "touchpoint_id", "persona_id", "day", "theme", "total", "negative")
    statement = insert_of(table, names)
    with session_scope(backend) as session:
        stage = session.exec(select(Stage)).first()
        row = dict(
            journey_id=stage.journey_id,
            stage_id=stage.id,
            touchpoint_id=0,
            persona_id=0,
            day=date(2026, 3, 17),
            theme="price",
            total=1,
            negative=0,
        )
        run(session, statement, row)
        with pytest.raises(IntegrityError, match="theme_rollup"):
            run(session, statement, row)
        session.rollback()
