"""The live map: stages in order, authored lanes, emotion and pain-point lanes from answers."""

from datetime import timedelta

import pytest
from helpers import answer, schedule_invitations

from feedback_app.common.clock import utcnow
from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.models import JourneyNotFound
from feedback_app.storage.database import session_scope


def stage(journey_map, key):
    return next(s for s in journey_map["stages"] if s["key"] == key)


def test_an_unanswered_map_has_stages_touchpoints_and_null_emotions(seeded):
    with session_scope(seeded) as session:
        journey_map = build_map(session, "katering-sehat")
    assert [s["key"] for s in journey_map["stages"]] == ["awareness", "consideration", "decision", "service", "loyalty"]
    service = stage(journey_map, "service")
    assert service["touchpoints"] == [
        {
            "key": "order_delivered",
            "name": "Receives a meal delivery",
            "names": {"id": "Menerima kiriman makan siang", "en": "Receives a meal delivery"},
            "channel": "Courier",
        }
    ]
    assert (
        service["emotion"].items()
        >= {"score": None, "responses": 0, "positive": 0, "neutral": 0, "negative": 0, "stderr": None}.items()
    )
    assert service["pain_points"] == [] and "Live courier tracking" in service["lanes"]["opportunities"]
    assert (
        journey_map["journey"]["map_type"] == "current_state"
        and journey_map["personas"][0]["key"] == "busy-professional"
    )


def test_answers_move_the_emotion_and_pain_point_lanes(seeded):
    now = utcnow()
    ids = schedule_invitations(seeded, 3, now)
    answer(seeded, ids[0], 1, "kurirnya telat bgt, makanan udah dingin", now)
    answer(seeded, ids[1], 2, "The courier was late again and the food arrived cold", now)
    answer(seeded, ids[2], 5, "mantul, porsinya pas dan enak", now)
    with session_scope(seeded) as session:
        service = stage(build_map(session, "katering-sehat"), "service")
    emotion = service["emotion"]
    assert emotion["responses"] == 3 and emotion["negative"] == 2 and emotion["positive"] == 1
    assert -1 <= emotion["score"] < 0 and emotion["stderr"] > 0
    top = service["pain_points"][0]
    themes = {p["key"]: p for p in service["pain_points"]}
    assert themes["delivery_late"]["count"] == 2 and top["count"] == 2
    assert "The courier was late again and the food arrived cold" in themes["delivery_late"]["quotes"]
    assert all("mantul" not in q for p in service["pain_points"] for q in p["quotes"])
    assert stage(build_map_again(seeded), "awareness")["emotion"]["responses"] == 0


def test_a_complaint_counts_as_a_pain_point_whatever_face_came_with_it(seeded_backend):
    now = utcnow()
    ids = schedule_invitations(seeded_backend, 3, now)
    answer(seeded_backend, ids[0], 4, "Pesanan telat sejam. Makanannya enak.", now)  # happy overall, and late
    answer(seeded_backend, ids[1], 1, "kurirnya telat bgt", now)
    answer(seeded_backend, ids[2], 5, "mantul, porsinya pas dan enak", now)
    service = stage(build_map_again(seeded_backend), "service")
    assert service["emotion"]["positive"] == 2 and service["emotion"]["negative"] == 1
    late = next(p for p in service["pain_points"] if p["key"] == "delivery_late")
    assert late["count"] == 2 and late["answers"] == 2
    assert "Pesanan telat sejam. Makanannya enak." in late["quotes"]
    assert not any(p["key"] == "food_tasty" for p in service["pain_points"])  # praise is no pain point


def build_map_again(engine, **filters):
    with session_scope(engine) as session:
        return build_map(session, "katering-sehat", MapFilters(**filters))


def test_filters_by_period_and_persona(seeded):
    now = utcnow()
    ids = schedule_invitations(seeded, 2, now)
    answer(seeded, ids[0], 1, "telat banget", now)
    answer(seeded, ids[1], 5, "enak", now)
    today = now.date()
    assert stage(build_map_again(seeded, start=today, end=today), "service")["emotion"]["responses"] == 2
    assert stage(build_map_again(seeded, end=today - timedelta(days=1)), "service")["emotion"]["responses"] == 0
    assert stage(build_map_again(seeded, persona="busy-professional"), "service")["emotion"]["responses"] == 0
    assert stage(build_map_again(seeded, channel="courier"), "service")["emotion"]["responses"] == 2
    assert stage(build_map_again(seeded, channel="website"), "service")["emotion"]["responses"] == 0


def test_an_unknown_journey_is_not_found(seeded):
    with pytest.raises(JourneyNotFound), session_scope(seeded) as session:
        build_map(session, "nope")


def test_the_map_json_needs_a_key_or_a_login(seeded_app, api_key, staff_login):
    client = seeded_app.test_client()
    assert client.get("/api/v1/journeys/katering-sehat/map").status_code == 401
    response = client.get("/api/v1/journeys/katering-sehat/map", headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 200 and response.get_json()["journey"]["slug"] == "katering-sehat"
    journeys = client.get("/api/v1/journeys", headers={"Authorization": f"Bearer {api_key}"}).get_json()
    assert (
        journeys["journeys"][0]["slug"] == "katering-sehat" and journeys["journeys"][0]["map_type"] == "current_state"
    )
    assert client.get("/api/v1/journeys/nope/map", headers={"Authorization": f"Bearer {api_key}"}).status_code == 404
    bad = client.get(
        "/api/v1/journeys/katering-sehat/map?from=yesterday", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert bad.status_code == 400 and "'from' must be a date" in bad.get_json()["error"]


def test_the_map_page_needs_a_login_and_shows_every_lane(seeded_app, staff_login):
    from helpers import csrf_token

    client = seeded_app.test_client()
    assert client.get("/maps/katering-sehat").status_code == 302
    email, password = staff_login("cx_manager")
    login_page = client.get("/login").get_data(as_text=True)
    assert (
        client.post(
            "/login", data={"email": email, "password": password, "csrf_token": csrf_token(login_page)}
        ).status_code
        == 302
    )
    html = client.get("/maps/katering-sehat").get_data(as_text=True)
    for lane in ("Persona", "Touchpoints", "Channels", "Process", "Emotions", "Pain points", "Opportunities"):
        assert f">{lane}" in html
    assert "Rina, busy young professional" in html and "No answers yet" in html


def test_a_wrong_password_is_refused(seeded_app, staff_login):
    from helpers import csrf_token

    client = seeded_app.test_client()
    email, _ = staff_login("admin")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": "wrong password", "csrf_token": token})
    assert response.status_code == 401 and "Wrong e-mail or password" in response.get_data(as_text=True)
    assert client.get("/maps").status_code == 302


def test_healthz(seeded_app):
    assert seeded_app.test_client().get("/healthz").get_json() == {"status": "ok"}
