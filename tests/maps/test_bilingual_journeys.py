"""Journey content in Indonesian and English: shown in the reader's language, falling back to the text as written;
the map editor saves both; the demo journey has both."""

from helpers import csrf_token, logged_in

from feedback_app.maps.live_map import build_map
from feedback_app.maps.translations import save_translation, translation_rows
from feedback_app.storage.database import session_scope


def test_the_demo_map_reads_in_each_language(seeded):
    with session_scope(seeded) as session:
        english = build_map(session, "katering-sehat", lang="en")
        indonesian = build_map(session, "katering-sehat", lang="id")
    assert english["journey"]["name"] == "Healthy-food catering: lunch subscription"
    assert indonesian["journey"]["name"] == "Katering makanan sehat: langganan makan siang"
    assert english["journey"]["names"] == {"id": indonesian["journey"]["name"], "en": english["journey"]["name"]}
    service_en, service_id = english["stages"][3], indonesian["stages"][3]
    assert service_en["touchpoints"][0]["name"] == "Receives a meal delivery"
    assert service_id["touchpoints"][0]["name"] == "Menerima kiriman makan siang"
    assert service_id["lanes"]["opportunities"].startswith("Pelacakan kurir")
    assert indonesian["personas"][0]["name"] == "Rina, profesional muda yang sibuk"
    # the filter menu and the lanes below the line of visibility read Indonesian too
    assert ("order_delivered", "Menerima kiriman makan siang") in [
        (t["key"], t["name"]) for t in indonesian["touchpoints"]
    ]
    assert service_id["lanes"]["internal_pain_points"].startswith("Satu rute kurir")
    # the contract's fields are all still there
    assert {"slug", "name", "map_type"} <= set(indonesian["journey"])
    assert {"key", "name", "channel"} <= set(service_id["touchpoints"][0])


def test_a_text_in_one_language_falls_back_for_the_other(seeded):
    with session_scope(seeded) as session:
        save_translation(session, "katering-sehat", "touchpoint", "ad_seen", "name", {"id": "", "en": "Sees an ad"})
        save_translation(session, "katering-sehat", "cell", "decision/process", "content", {"id": "Bayar", "en": ""})
    with session_scope(seeded) as session:
        indonesian = build_map(session, "katering-sehat", lang="id")
        english = build_map(session, "katering-sehat", lang="en")
    assert indonesian["stages"][0]["touchpoints"][0]["name"] == "Sees an ad"
    assert english["stages"][2]["lanes"]["process"] == "Bayar"  # no English: the Indonesian, not nothing
    assert indonesian["stages"][2]["lanes"]["process"] == "Bayar"


def test_the_editor_page_saves_both_languages_and_refuses_empty_ones(seeded_app, staff_login):
    editor = logged_in(seeded_app, staff_login, "cx_manager")
    page = editor.get("/maps/katering-sehat/translations").get_data(as_text=True)
    assert "Menerima kiriman makan siang" in page and "Receives a meal delivery" in page
    form = {"csrf_token": csrf_token(page), "kind": "touchpoint", "key": "order_delivered", "field": "name"}
    saved = editor.post(
        "/maps/katering-sehat/translations", data={**form, "text_id": "Makan siang tiba", "text_en": "Lunch arrives"}
    )
    assert saved.status_code == 302
    refused = editor.post("/maps/katering-sehat/translations", data={**form, "text_id": " ", "text_en": ""})
    assert "Write it in at least one language." in editor.get(refused.headers["Location"]).get_data(as_text=True)
    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        rows = {(r["kind"], r["key"]): r["texts"] for r in translation_rows(session, "katering-sehat")["rows"]}
    assert rows[("touchpoint", "order_delivered")] == {"id": "Makan siang tiba", "en": "Lunch arrives"}
    english = editor.get("/api/v1/journeys/katering-sehat/map?lang=en").get_json()
    assert english["stages"][3]["touchpoints"][0]["name"] == "Lunch arrives"


def test_lists_dashboards_and_themes_name_the_journey_in_the_readers_language(seeded_app, staff_login):
    reader = logged_in(seeded_app, staff_login, "cx_manager")  # staff users read English unless they choose
    english, indonesian = "Healthy-food catering: lunch subscription", "Katering makanan sehat: langganan makan siang"
    for page in ("/maps", "/dashboards/katering-sehat", "/maps/katering-sehat/themes"):
        html = reader.get(page).get_data(as_text=True)
        assert english in html and indonesian not in html, page


def test_the_trigger_list_and_form_name_touchpoints_in_the_readers_language(seeded):
    from feedback_app.common.clock import utcnow
    from feedback_app.triggers.editing import choices
    from feedback_app.triggers.listing import list_triggers

    with session_scope(seeded) as session:
        rows = list_triggers(session, utcnow(), "id")
        touchpoints, _ = choices(session, "id")
    assert "Menerima kiriman makan siang" in {row.touchpoint for row in rows}
    assert any(
        "Katering makanan sehat" in label and "Menerima kiriman makan siang" in label for _, label in touchpoints
    )


def test_channels_read_in_each_language_on_the_map_its_filters_and_the_answers_page(seeded_app, staff_login):
    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        indonesian = build_map(session, "katering-sehat", lang="id")
        english = build_map(session, "katering-sehat", lang="en")
    assert indonesian["stages"][3]["touchpoints"][0]["channel"] == "Kurir"
    assert english["stages"][3]["touchpoints"][0]["channel"] == "Courier"
    assert {"key": "courier", "name": "Kurir"} in indonesian["channels"]
    assert {"key": "social", "name": "Iklan Instagram & TikTok"} in indonesian["channels"]
    editor = logged_in(seeded_app, staff_login, "cx_manager")
    page = editor.get("/maps/katering-sehat/translations").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "kind": "channel", "key": "courier", "field": "name"}
    saved = editor.post("/maps/katering-sehat/translations", data={**form, "text_id": "Kurir kami", "text_en": ""})
    assert saved.status_code == 302
    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        indonesian = build_map(session, "katering-sehat", lang="id")
        english = build_map(session, "katering-sehat", lang="en")
    assert indonesian["stages"][3]["touchpoints"][0]["channel"] == "Kurir kami"
    assert english["stages"][3]["touchpoints"][0]["channel"] == "Kurir kami"  # no English left: the other language


def test_renaming_a_channel_where_it_was_written_drops_its_stale_translations(seeded):
    from sqlmodel import select

    from feedback_app.models import Channel

    with session_scope(seeded) as session:
        courier = session.exec(select(Channel).where(Channel.key == "courier")).one()
        courier.name = "Delivery rider"
    with session_scope(seeded) as session:
        assert build_map(session, "katering-sehat", lang="id")["stages"][3]["touchpoints"][0]["channel"] == (
            "Delivery rider"
        )


def test_dashboard_filters_name_channels_in_the_readers_language(seeded_app, staff_login):
    from datetime import UTC, datetime

    from feedback_app.reporting.dashboards import DashboardFilters, dashboard

    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        board = dashboard(session, "katering-sehat", DashboardFilters(), datetime.now(UTC), lang="id")
    assert ("courier", "Kurir") in board["choices"]["channels"]


def test_persona_details_read_in_each_language_and_are_translated_on_the_page(seeded_app, staff_login):
    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        indonesian = build_map(session, "katering-sehat", lang="id")["personas"][0]["details"]
        english = build_map(session, "katering-sehat", lang="en")["personas"][0]["details"]
    assert indonesian["frustrations"] == "Kiriman terlambat, makanan dingin, menu yang sama setiap minggu"
    assert english["frustrations"] == "Late deliveries, cold food, the same menu every week"
    editor = logged_in(seeded_app, staff_login, "cx_manager")
    page = editor.get("/maps/katering-sehat/translations").get_data(as_text=True)
    assert "Kiriman terlambat" in page and "Late deliveries" in page
    form = {"csrf_token": csrf_token(page), "kind": "persona", "key": "busy-professional", "field": "goals"}
    saved = editor.post("/maps/katering-sehat/translations", data={**form, "text_id": "Makan sehat", "text_en": "Eat"})
    assert saved.status_code == 302
    too_long = editor.post("/maps/katering-sehat/translations", data={**form, "text_id": "x" * 501, "text_en": ""})
    assert "Keep it under 500 characters." in editor.get(too_long.headers["Location"]).get_data(as_text=True)
    with session_scope(seeded_app.extensions["feedback_engine"]) as session:
        assert build_map(session, "katering-sehat", lang="id")["personas"][0]["details"]["goals"] == "Makan sehat"
        assert build_map(session, "katering-sehat", lang="en")["personas"][0]["details"]["goals"] == "Eat"


def test_rewriting_a_detail_in_the_persona_form_drops_only_that_details_translations(seeded):
    from feedback_app.maps.journeys import save_persona

    with session_scope(seeded) as session:
        persona = build_map(session, "katering-sehat", lang="en")["personas"][0]
        details = {**persona["details"], "goals": "Lose 5 kg"}
        save_persona(session, "katering-sehat", persona["name"], details, persona["description"], "busy-professional")
    with session_scope(seeded) as session:
        indonesian = build_map(session, "katering-sehat", lang="id")["personas"][0]["details"]
    assert indonesian["goals"] == "Lose 5 kg"  # its old Indonesian text would now say something else
    assert indonesian["frustrations"].startswith("Kiriman terlambat")  # unchanged details keep theirs
