"""POST /api/v1/events: auth, validation, batches, idempotency, nothing half-stored."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from feedback_app.models import Customer, Invitation, Journey, Stage, Touchpoint, TouchpointEvent
from feedback_app.storage.database import session_scope


def event(**overrides):
    body = {
        "touchpoint": "order_delivered",
        "event_id": "evt-1",
        "customer": {"external_id": "c-42", "email": "rina@example.com", "name": "Rina", "locale": "id"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def post(seeded_app, api_key):
    client = seeded_app.test_client()

    def send(body, key=api_key, **kwargs):
        return client.post("/api/v1/events", json=body, headers={"Authorization": f"Bearer {key}"}, **kwargs)

    return send


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_an_event_schedules_an_invitation_after_the_trigger_delay(post, app_engine):
    response = post(event())
    assert response.status_code == 202
    body = response.get_json()
    assert body["event_id"] == "evt-1" and response.headers["Idempotent-Replayed"] == "0"
    [invitation] = body["invitations"]
    assert invitation["status"] == "scheduled"
    due = datetime.fromisoformat(invitation["due_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=59) < due - datetime.now(UTC) <= timedelta(minutes=60)
    assert count(app_engine, Invitation) == 1


def test_the_same_event_id_again_changes_nothing_and_answers_as_before(post, app_engine):
    first = post(event()).get_json()
    again = post(event(customer={"external_id": "c-42", "email": "changed@example.com"}))
    assert again.status_code == 202 and again.headers["Idempotent-Replayed"] == "1"
    assert again.get_json() == first
    assert count(app_engine, TouchpointEvent) == 1 and count(app_engine, Invitation) == 1
    with session_scope(app_engine) as session:
        assert session.exec(select(Customer.email)).one() == "rina@example.com"


def test_missing_or_wrong_api_key_is_401(seeded_app, post):
    client = seeded_app.test_client()
    assert client.post("/api/v1/events", json=event()).status_code == 401
    assert post(event(), key="fbk_nope_nope").status_code == 401
    assert "Bearer" in client.post("/api/v1/events", json=event()).get_json()["error"]


@pytest.mark.parametrize(
    "body, status, fragment",
    [
        ({"customer": {"external_id": "c-1"}}, 422, "'touchpoint' is required"),
        (event(customer={"email": "x@example.com"}), 422, "'customer.external_id' is required"),
        (event(customer={"external_id": "c-1", "email": "not-an-address"}), 422, "customer.email"),
        (event(occurred_at="yesterday"), 422, "ISO 8601"),
        (event(occurred_at="2099-01-01T00:00:00Z"), 422, "future"),
        (event(customer={"external_id": "c-1", "timezone": "Mars/Olympus"}), 422, "IANA"),
        (event(customer={"external_id": "c-1", "locale": "fr"}), 422, "locale"),
        (event(customer={"external_id": "c-1", "attributes": {"plan": {"nested": 1}}}), 422, "attributes.plan"),
        (event(touchpoint="no_such_touchpoint"), 422, "unknown touchpoint"),
        ("just a string", 400, "event object or an array"),
        ([], 422, "empty"),
    ],
)
def test_bad_events_get_a_clear_error_and_store_nothing(post, app_engine, body, status, fragment):
    response = post(body)
    assert response.status_code == status
    assert fragment in response.get_json()["error"] + str(response.get_json().get("errors"))
    assert count(app_engine, TouchpointEvent) == 0 and count(app_engine, Customer) == 0


def test_a_body_that_is_not_json_is_400(seeded_app, api_key):
    response = seeded_app.test_client().post(
        "/api/v1/events",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 400 and "JSON" in response.get_json()["error"]


def test_a_batch_is_stored_whole(post, app_engine):
    batch = [
        event(event_id=f"evt-{i}", customer={"external_id": f"c-{i}", "email": f"c{i}@example.com"}) for i in range(50)
    ]
    response = post(batch)
    assert response.status_code == 202
    assert response.get_json()["accepted"] == 50
    assert count(app_engine, TouchpointEvent) == 50 and count(app_engine, Invitation) == 50


def test_a_batch_with_one_bad_event_stores_none_and_names_it(post, app_engine):
    batch = [event(event_id="a"), event(event_id="b", touchpoint="nope"), event(event_id="c")]
    response = post(batch)
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"index": 1, "error": "unknown touchpoint 'nope'", "field": "touchpoint"}]
    assert count(app_engine, TouchpointEvent) == 0


def test_more_than_1000_events_is_413(post, app_engine):
    response = post([event(event_id=str(i)) for i in range(1001)])
    assert response.status_code == 413 and "1000" in response.get_json()["error"]
    assert count(app_engine, TouchpointEvent) == 0


def test_a_huge_body_is_413(seeded_app, api_key, app_engine):
    huge = '{"touchpoint": "order_delivered", "x": "' + "a" * (3 * 1024 * 1024) + '"}'
    response = seeded_app.test_client().post(
        "/api/v1/events", data=huge, content_type="application/json", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert response.status_code == 413
    assert count(app_engine, TouchpointEvent) == 0


def test_an_ambiguous_touchpoint_needs_the_journey(post, app_engine):
    with session_scope(app_engine) as session:
        other = Journey(slug="other", name="Other")
        session.add(other)
        session.flush()
        stage = Stage(journey_id=other.id, key="service", name="Service")
        session.add(stage)
        session.flush()
        session.add(Touchpoint(journey_id=other.id, stage_id=stage.id, key="order_delivered", name="x"))
    response = post(event())
    assert response.status_code == 422 and "add 'journey'" in response.get_json()["error"]
    assert post(event(journey="katering-sehat")).status_code == 202


def test_an_old_event_is_due_at_once_and_an_expired_one_is_suppressed(post):
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    body = post(event(occurred_at=an_hour_ago)).get_json()
    [invitation] = body["invitations"]
    due = datetime.fromisoformat(invitation["due_at"].replace("Z", "+00:00"))
    assert due <= datetime.now(UTC)
    old = post(
        event(
            event_id="old",
            occurred_at="2020-01-01T00:00:00Z",
            customer={"external_id": "c-7", "email": "c7@example.com"},
        )
    ).get_json()
    assert old["invitations"][0]["status"] == "suppressed" and old["invitations"][0]["reason"] == "expired"


def test_a_second_event_for_the_same_customer_within_the_fatigue_window_is_suppressed(post):
    post(event(event_id="first"))
    second = post(event(event_id="second")).get_json()
    assert second["invitations"][0]["reason"] == "fatigue"
