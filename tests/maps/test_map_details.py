"""The map JSON keeps the contract's fields and adds the emotion lane's details, shares and the touchpoint filter."""

from map_answers import record_answer

from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"


def the_map(engine, **filters):
    with session_scope(engine) as session:
        return build_map(session, SLUG, MapFilters(**filters))


def service_of(journey_map):
    return next(s for s in journey_map["stages"] if s["key"] == "service")


def test_the_map_json_keeps_the_contract_fields(seeded):
    record_answer(seeded, "service", -0.6, "negative", ["delivery_late"], text="telat")
    journey_map = the_map(seeded)
    assert {"slug", "name", "map_type"} <= journey_map["journey"].keys()
    service = service_of(journey_map)
    assert {"key", "name", "touchpoints", "emotion", "pain_points"} <= service.keys()
    assert {"key", "name", "channel"} <= service["touchpoints"][0].keys()
    assert {"score", "responses", "positive", "neutral", "negative"} <= service["emotion"].keys()
    assert {"theme", "count", "quotes"} <= service_of(journey_map)["pain_points"][0].keys()
    assert service_of(the_map(seeded))["emotion"]["score"] == -0.6


def test_the_emotion_lane_has_an_interval_a_dominant_emotion_and_quotes(seeded):
    record_answer(seeded, "service", -0.8, "negative", ["delivery_late"], text="telat lagi", emotion_label="anger")
    record_answer(seeded, "service", -0.6, "negative", ["food_cold"], text="dingin", emotion_label="anger")
    record_answer(seeded, "service", 0.4, "positive", [], text="enak", emotion_label="joy")
    emotion = service_of(the_map(seeded))["emotion"]
    assert emotion["dominant"] == "anger" and emotion["labels"] == {"anger": 2, "joy": 1}
    assert emotion["low"] < emotion["score"] < emotion["high"] and emotion["low"] >= -1
    assert set(emotion["quotes"]) == {"telat lagi", "dingin", "enak"}
    pains = {p["key"]: p for p in service_of(the_map(seeded))["pain_points"]}
    assert pains["delivery_late"]["share"] == 0.333  # a complaint: of all the stage's answers


def test_the_touchpoint_filter_narrows_every_live_lane(seeded):
    record_answer(seeded, "service", -0.6, "negative", ["delivery_late"], emotion_label="anger")
    assert service_of(the_map(seeded, touchpoint="order_delivered"))["emotion"]["responses"] == 1
    other = service_of(the_map(seeded, touchpoint="menu_viewed"))
    assert other["emotion"]["responses"] == 0 and other["emotion"]["dominant"] is None and other["pain_points"] == []
    assert the_map(seeded, touchpoint="menu_viewed")["filters"]["touchpoint"] == "menu_viewed"


def test_the_api_takes_the_touchpoint_filter(seeded_app, api_key):
    response = seeded_app.test_client().get(
        f"/api/v1/journeys/{SLUG}/map?touchpoint=order_delivered&channel=courier",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 200
    assert response.get_json()["filters"] == {
        "from": None,
        "to": None,
        "persona": None,
        "channel": "courier",
        "touchpoint": "order_delivered",
    }


def test_a_neutral_mix_is_not_called_mostly_one_emotion():
    from feedback_app.maps.emotion_tone import dominant_emotion

    mix = {"joy": 43, "anger": 30, "sadness": 25}
    assert dominant_emotion(mix, "neu") is None  # 43 of 98: a plurality, not "mostly"
    assert dominant_emotion({"neutral": 60, "joy": 20, "anger": 20}, "neu") == "neutral"
    assert dominant_emotion(mix, "neg") == "anger" and dominant_emotion(mix, "pos") == "joy"


def test_a_stage_split_between_happy_and_unhappy_customers_reads_mixed_not_neutral():
    from feedback_app.maps.emotion_tone import emotion_tone

    assert emotion_tone(-0.01, 119, positive=43, negative=57) == "mix"  # 36 % and 48 %: both sides are large
    assert emotion_tone(0.02, 100, positive=20, negative=15) == "neu"  # mostly neutral answers
    assert emotion_tone(-0.3, 119, positive=43, negative=57) == "neg"  # a clear lean keeps its side
    assert emotion_tone(0.0, 4, positive=2, negative=2) == "few"
