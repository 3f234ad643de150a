"""The review: snapshots freeze the map; two periods or two snapshots compare stage by stage."""

from datetime import UTC, date, datetime

import pytest
from map_answers import record_answer

from feedback_app.maps.journeys import MapEditError
from feedback_app.maps.review import compare_maps, compare_periods, compare_snapshots, freeze_snapshot, list_snapshots
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"
FEBRUARY = datetime(2026, 2, 10, 3, 0, tzinfo=UTC)
MARCH = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def stage(comparison, key):
    return next(s for s in comparison["stages"] if s["key"] == key)


def test_two_periods_show_emotion_change_and_new_and_fading_pain_points(seeded):
    for _ in range(5):  # five answers a side at least: enough to call a change (maps.emotion_tone.FEW_ANSWERS)
        record_answer(seeded, "service", -0.6, "negative", ["food_cold"], when=FEBRUARY)
        record_answer(seeded, "service", -0.2, "negative", ["delivery_late"], when=MARCH)
        record_answer(seeded, "service", 0.6, "positive", [], when=MARCH)
    record_answer(seeded, "decision", 0.5, "positive", [], when=FEBRUARY)
    record_answer(seeded, "decision", 0.2, "neutral", [], when=MARCH)
    with session_scope(seeded) as session:
        comparison = compare_periods(
            session, SLUG, (date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31))
        )
    assert comparison["before"] == "2026-02-01 – 2026-02-28"
    service = stage(comparison, "service")
    assert (service["before"], service["after"], service["change"], service["direction"]) == (-0.6, 0.2, 0.8, "up")
    assert [p["theme"] for p in service["new_pain_points"]] == ["Late delivery"]
    assert service["fading_pain_points"][0]["before"] == 5 and service["fading_pain_points"][0]["after"] == 0
    decision = stage(comparison, "decision")  # 0.5 -> 0.2 from one answer a side: no verdict
    assert (decision["change"], decision["direction"]) == (-0.3, "few")
    assert stage(comparison, "awareness")["direction"] == "none"


def test_a_snapshot_freezes_the_map_as_it_was(seeded):
    record_answer(seeded, "service", -0.6, "negative", ["food_cold"], when=FEBRUARY)
    with session_scope(seeded) as session:
        first = freeze_snapshot(session, SLUG, "", MARCH, taken_by="cx@example.com")
    assert first.name == "Review 2026-03-10" and first.content["stages"][3]["emotion"]["responses"] == 1
    record_answer(seeded, "service", 0.8, "positive", [], when=MARCH)
    with session_scope(seeded) as session:
        second = freeze_snapshot(session, SLUG, "March review", MARCH)
        assert [s["name"] for s in list_snapshots(session, SLUG)] == ["March review", "Review 2026-03-10"]
        comparison = compare_snapshots(session, SLUG, first.id, second.id)
        with pytest.raises(MapEditError, match="No snapshot 999"):
            compare_snapshots(session, SLUG, first.id, 999)
    service = stage(comparison, "service")
    assert service["before_responses"] == 1 and service["after_responses"] == 2 and service["direction"] == "few"
    assert comparison["after"].startswith("March review")


def test_a_stage_only_in_one_map_is_still_listed():
    before = {"stages": [{"key": "a", "name": "A", "emotion": {"score": 0.1}, "pain_points": []}]}
    after = {
        "stages": [
            {
                "key": "b",
                "name": "B",
                "emotion": {"score": 0.3},
                "pain_points": [{"theme": "Cold food", "key": "food_cold", "count": 2}],
            }
        ]
    }
    comparison = compare_maps(before, after)
    assert [(s["key"], s["direction"]) for s in comparison["stages"]] == [("b", "none"), ("a", "none")]
    assert comparison["stages"][0]["new_pain_points"] == [{"theme": "Cold food", "count": 2}]


def test_a_backwards_period_is_refused(seeded):
    with pytest.raises(MapEditError, match="'from' must not be after its 'to'"), session_scope(seeded) as session:
        compare_periods(session, SLUG, (date(2026, 3, 2), date(2026, 3, 1)), (None, None))


def test_snapshots_compare_with_theme_names_in_the_readers_language(seeded):
    record_answer(seeded, "service", -0.6, "negative", ["food_cold"], when=FEBRUARY)
    with session_scope(seeded) as session:
        first = freeze_snapshot(session, SLUG, "February", MARCH)  # frozen with English names
    record_answer(seeded, "service", -0.6, "negative", ["delivery_late"], when=MARCH)
    with session_scope(seeded) as session:
        second = freeze_snapshot(session, SLUG, "March", MARCH)
        english = compare_snapshots(session, SLUG, first.id, second.id)
        indonesian = compare_snapshots(session, SLUG, first.id, second.id, "id")
    assert [p["theme"] for p in stage(english, "service")["new_pain_points"]] == ["Late delivery"]
    new_id = [p["theme"] for p in stage(indonesian, "service")["new_pain_points"]]
    assert new_id and new_id != ["Late delivery"], new_id
