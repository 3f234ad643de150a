"""Opportunities suggested from the biggest pain points; accepted into the lane or dismissed for good."""

from datetime import UTC, datetime

import pytest
from map_answers import record_answer

from feedback_app.maps.journeys import MapEditError
from feedback_app.maps.live_map import build_map
from feedback_app.maps.opportunities import accept_opportunity, dismiss_opportunity, suggest_opportunities
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"
NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)


@pytest.fixture
def complaints(seeded):
    for themes in (["delivery_late"], ["delivery_late", "food_cold"], ["food_cold"]):
        record_answer(seeded, "service", -0.6, "negative", themes, text="telat dan dingin")
    record_answer(seeded, "service", -0.4, "negative", [])
    record_answer(seeded, "decision", -0.4, "negative", ["price_high"])  # a single complaint: not yet suggested
    return seeded


def suggestions(engine):
    with session_scope(engine) as session:
        return suggest_opportunities(session, SLUG)


def test_the_biggest_pain_points_are_suggested_with_their_share(complaints):
    found = suggestions(complaints)
    assert [(s["stage"], s["theme"]) for s in found] == [("service", "delivery_late"), ("service", "food_cold")]
    assert found[0]["text"] == "Late delivery: 50 % of service answers"  # a complaint: of all the stage's answers


def test_accepting_appends_to_the_opportunities_cell_and_stops_the_suggestion(complaints):
    with session_scope(complaints) as session:
        cell = accept_opportunity(
            session, SLUG, "service", "delivery_late", "Late delivery: live courier tracking", NOW
        )
    assert cell.endswith("insulated bags on hot days.\nLate delivery: live courier tracking")
    with session_scope(complaints) as session:
        service = build_map(session, SLUG)["stages"][3]
    assert service["lanes"]["opportunities"] == cell
    assert [s["theme"] for s in suggestions(complaints)] == ["food_cold"]


def test_a_dismissed_suggestion_does_not_come_back(complaints):
    with session_scope(complaints) as session:
        dismiss_opportunity(session, SLUG, "service", "food_cold", NOW)
    record_answer(complaints, "service", -0.6, "negative", ["food_cold"])
    assert [s["theme"] for s in suggestions(complaints)] == ["delivery_late"]


def test_an_empty_opportunity_is_refused(complaints):
    with pytest.raises(MapEditError, match="Say what the opportunity is"), session_scope(complaints) as session:
        accept_opportunity(session, SLUG, "service", "delivery_late", "  ", NOW)
