"""Editing journeys, personas, stages, touchpoints and cells: each use case, and each message a user can act on."""

from datetime import UTC, datetime

import pytest
from map_answers import record_answer
from sqlmodel import select

from feedback_app.maps.journeys import (
    MapEditError,
    create_journey,
    delete_journey,
    persona_avatar,
    remove_persona,
    save_persona,
    slugify,
    update_journey,
)
from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.maps.stages import (
    add_stage,
    hidden_stages,
    move_stage,
    remove_stage,
    rename_stage,
    restore_stage,
    save_cell,
    set_target_emotion,
    stage_removal,
)
from feedback_app.maps.touchpoints import (
    add_channel,
    add_touchpoint,
    move_touchpoint,
    remove_touchpoint,
    update_touchpoint,
)
from feedback_app.models import Trigger
from feedback_app.storage.database import session_scope

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
SLUG = "katering-sehat"


def edit(engine, use_case, *args, **kwargs):
    with session_scope(engine) as session:
        return use_case(session, *args, **kwargs)


def the_map(engine, **filters):
    with session_scope(engine) as session:
        return build_map(session, SLUG, MapFilters(**filters))


def error_of(engine, use_case, *args, **kwargs) -> MapEditError:
    with pytest.raises(MapEditError) as caught:
        edit(engine, use_case, *args, **kwargs)
    return caught.value


def test_a_journey_gets_its_address_from_its_name(engine):
    journey = edit(
        engine,
        create_journey,
        "Onboarding: Kantor Baru!",
        goal="Why offices churn",
        map_type="future_state",
        review_cadence="quarterly",
    )
    assert journey.slug == "onboarding-kantor-baru" and journey.map_type == "future_state"
    assert slugify("Café Ümlaut — 2026") == "cafe-umlaut-2026"


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"name": "  "}, "name", "Give the journey a name."),
        ({"name": "X", "slug": "Not A Slug"}, "slug", "'Not A Slug' can't be an address"),
        ({"name": "X", "map_type": "mood_board"}, "map_type", "Unknown map type 'mood_board'"),
        ({"name": "X", "review_cadence": "weekly"}, "review_cadence", "monthly or quarterly"),
        ({"name": "Katering sehat"}, "slug", "Another journey already uses the address 'katering-sehat'"),
    ],
)
def test_journey_validation_says_what_to_fix(seeded, kwargs, field, message):
    error = error_of(seeded, create_journey, **kwargs)
    assert error.field == field and message in str(error)


def test_editing_a_journey_keeps_its_address(seeded):
    edit(seeded, update_journey, SLUG, "Katering v2", "New goal", "service_blueprint", "quarterly")
    journey = the_map(seeded)["journey"]
    assert journey == {
        **journey,
        "slug": SLUG,
        "name": "Katering v2",
        "map_type": "service_blueprint",
        "goal": "New goal",
        "review_cadence": "quarterly",
    }


def test_a_journey_without_feedback_can_be_deleted_but_not_one_with_answers(seeded):
    edit(seeded, create_journey, "Empty one")
    edit(seeded, add_stage, "empty-one", "Only stage")
    edit(seeded, save_persona, "empty-one", "Budi", {"goals": "Eat"})
    edit(seeded, delete_journey, "empty-one")
    record_answer(seeded, "service", -0.5, "negative")
    error = error_of(seeded, delete_journey, SLUG)
    assert "has 1 answers and 0 events" in str(error) and "can't be deleted" in str(error)


def test_personas_one_or_two_with_avatar_and_details(seeded):
    persona = edit(
        seeded,
        save_persona,
        SLUG,
        "Budi, office manager",
        {"demographics": "41, Bekasi", "channels": "WhatsApp, e-mail"},
    )
    assert persona.key == "budi" and persona.details["channels"] == "WhatsApp, e-mail"
    error = error_of(seeded, save_persona, SLUG, "Third", {})
    assert "at most 2 personas" in str(error)
    edit(seeded, save_persona, SLUG, "Budi S., office manager", {"goals": "Order for the team"}, key="budi")
    personas = {p["key"]: p for p in the_map(seeded)["personas"]}
    assert (
        personas["budi"]["name"] == "Budi S., office manager"
        and personas["budi"]["details"]["goals"] == "Order for the team"
    )
    assert personas["budi"]["avatar"]["initials"] == "BS" and personas["budi"]["avatar"]["colour"].startswith("#")
    edit(seeded, remove_persona, SLUG, "budi")
    assert [p["key"] for p in the_map(seeded)["personas"]] == ["busy-professional"]
    assert "Give the persona a name" in str(error_of(seeded, save_persona, SLUG, "", {}))
    assert persona_avatar("Rina, busy young professional", "x")["initials"] == "RB"


def test_stages_are_added_renamed_and_reordered(seeded):
    stage = edit(seeded, add_stage, SLUG, "After sales", "Purna jual")
    assert stage.key == "after_sales"
    edit(seeded, rename_stage, SLUG, "after_sales", "Advocacy", "Advokasi")
    edit(seeded, move_stage, SLUG, "after_sales", -1)
    stages = the_map(seeded)["stages"]
    assert [s["key"] for s in stages][-2:] == ["after_sales", "loyalty"]
    assert (stages[-2]["name"], stages[-2]["name_id"]) == ("Advocacy", "Advokasi")
    edit(seeded, move_stage, SLUG, "awareness", -1)  # already first: stays
    assert the_map(seeded)["stages"][0]["key"] == "awareness"
    assert "A stage needs an English name" in str(error_of(seeded, rename_stage, SLUG, "service", " "))
    assert "No stage 'nope'" in str(error_of(seeded, move_stage, SLUG, "nope", 1))


def test_an_unused_stage_is_deleted_with_its_touchpoints(seeded):
    edit(seeded, add_stage, SLUG, "Referral")
    edit(seeded, add_touchpoint, SLUG, "referral", "Shares a referral code")
    removal = edit(seeded, stage_removal, SLUG, "referral")
    assert (removal["answers"], removal["touchpoints"], removal["outcome"]) == (0, 1, "delete")
    assert edit(seeded, remove_stage, SLUG, "referral", NOW) == "deleted"
    assert "referral" not in [s["key"] for s in the_map(seeded)["stages"]]


def test_a_stage_with_answers_is_hidden_its_answers_kept_and_triggers_paused(seeded):
    record_answer(seeded, "service", -0.5, "negative", themes=["delivery_late"])
    removal = edit(seeded, stage_removal, SLUG, "service")
    assert (removal["answers"], removal["outcome"]) == (1, "hide")
    assert edit(seeded, remove_stage, SLUG, "service", NOW) == "hidden"
    assert "service" not in [s["key"] for s in the_map(seeded)["stages"]]
    with session_scope(seeded) as session:
        assert [s.key for s in hidden_stages(session, 1)] == ["service"]
        assert [
            t.active
            for t in session.exec(select(Trigger))
            if t.name == "Delivery survey"  # the service stage's
        ] == [False]
    edit(seeded, restore_stage, SLUG, "service")
    service = the_map(seeded)["stages"][-1]
    assert service["key"] == "service" and service["emotion"]["responses"] == 1


def test_target_emotions_and_the_gap(seeded):
    record_answer(seeded, "service", -0.2, "negative")
    edit(seeded, set_target_emotion, SLUG, "service", 0.5)
    service = next(s for s in the_map(seeded)["stages"] if s["key"] == "service")
    assert (service["target_emotion"], service["gap"]) == (0.5, -0.7)
    assert "between -1" in str(error_of(seeded, set_target_emotion, SLUG, "service", 1.5))
    edit(seeded, set_target_emotion, SLUG, "service", None)
    assert next(s for s in the_map(seeded)["stages"] if s["key"] == "service")["target_emotion"] is None


def test_cells_are_written_cleared_and_only_in_authored_lanes(seeded):
    edit(seeded, save_cell, SLUG, "service", "internal_process", "Pack by 09:30\r\nLeave by 10:00  ")
    assert the_map(seeded)["stages"][3]["lanes"]["internal_process"] == "Pack by 09:30\nLeave by 10:00"
    edit(seeded, save_cell, SLUG, "service", "internal_process", "   ")
    assert "internal_process" not in the_map(seeded)["stages"][3]["lanes"]
    assert "not written by hand" in str(error_of(seeded, save_cell, SLUG, "service", "emotions", "happy"))
    assert "under 2000 characters" in str(error_of(seeded, save_cell, SLUG, "service", "process", "x" * 2001))


def test_touchpoints_are_added_renamed_moved_and_given_channels(seeded):
    channel = edit(seeded, add_channel, SLUG, "GoFood")
    touchpoint = edit(seeded, add_touchpoint, SLUG, "service", "Heats the meal", channel.key)
    assert touchpoint.key == "heats_the_meal"
    edit(seeded, move_touchpoint, SLUG, "heats_the_meal", -1)
    service = the_map(seeded)["stages"][3]
    assert [t["key"] for t in service["touchpoints"]] == ["heats_the_meal", "order_delivered"]
    assert service["touchpoints"][0]["channel"] == "GoFood"
    edit(seeded, update_touchpoint, SLUG, "heats_the_meal", "Reheats lunch", "", "loyalty")
    stages = {s["key"]: s for s in the_map(seeded)["stages"]}
    assert stages["loyalty"]["touchpoints"][-1] == {
        "key": "heats_the_meal",
        "name": "Reheats lunch",
        "names": {"id": "Reheats lunch", "en": "Reheats lunch"},  # one language written: both read it
        "channel": None,
    }
    edit(seeded, remove_touchpoint, SLUG, "heats_the_meal")
    assert "No channel 'fax'" in str(error_of(seeded, add_touchpoint, SLUG, "service", "Faxes", "fax"))


def test_a_touchpoint_with_answers_is_not_removed(seeded):
    record_answer(seeded, "service", -0.5, "negative")
    error = error_of(seeded, remove_touchpoint, SLUG, "order_delivered")
    assert "has 1 answers" in str(error) and "rename it or move it" in str(error)


def test_a_journey_with_a_stage_owner_and_a_recurring_run_can_still_be_deleted(seeded):
    from datetime import datetime

    from sqlmodel import select

    from feedback_app.insight.close_the_loop import set_stage_owner
    from feedback_app.maps.journeys import delete_journey
    from feedback_app.models import Journey, Trigger
    from feedback_app.models.trigger import RecurringRun
    from feedback_app.storage.database import session_scope

    with session_scope(seeded) as session:
        set_stage_owner(session, "katering-sehat", "service", email="ops@example.com")
        trigger = session.exec(select(Trigger)).first()
        session.add(RecurringRun(trigger_id=trigger.id, fire_time=datetime(2026, 3, 1, tzinfo=UTC)))
    with session_scope(seeded) as session:
        delete_journey(session, "katering-sehat")
    with session_scope(seeded) as session:
        assert session.exec(select(Journey)).all() == []
