"""A second trigger on a touchpoint: the fatigue rule lets the first one win every event, and the marketer is told
so when saving, on the trigger list and on the trigger's page (instead of a silent "matched 6, scheduled 0")."""

from helpers import schedule_invitations, trigger_form_data
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Invitation, Questionnaire, Touchpoint, Trigger
from feedback_app.storage.database import session_scope
from feedback_app.triggers.listing import list_triggers

WARNING = "listens to the same touchpoint and asks first"


def new_delivery_trigger(client, engine):
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == "service-delivery")).one()
        ids = touchpoint.id, questionnaire.id
    data = trigger_form_data(client, name="Delivery CSAT again", touchpoint_id=ids[0], questionnaire_id=ids[1])
    return client.post("/triggers/new", data=data, follow_redirects=True)


def test_a_second_trigger_on_a_touchpoint_is_warned_about_and_explained(marketer, app_engine):
    saved = new_delivery_trigger(marketer, app_engine).get_data(as_text=True)
    assert "saved" in saved and WARNING in saved and "Delivery survey" in saved  # the flash and the page both say it
    schedule_invitations(app_engine, 6, utcnow())
    with session_scope(app_engine) as session:
        second = session.exec(select(Trigger).where(Trigger.name == "Delivery CSAT again")).one()
        reasons = session.exec(select(Invitation.reason).where(Invitation.trigger_id == second.id)).all()
        rows = {row.trigger.name: row for row in list_triggers(session, utcnow())}
    assert reasons == ["fatigue"] * 6  # matched 6, scheduled 0: what the warning explains
    assert rows["Delivery CSAT again"].overlap.first_name == "Delivery survey"
    assert rows["Delivery survey"].overlap is None
    listing = marketer.get("/triggers").get_data(as_text=True)
    assert listing.count(WARNING) == 1


def test_a_paused_first_trigger_shadows_nothing(marketer, app_engine):
    new_delivery_trigger(marketer, app_engine)
    with session_scope(app_engine) as session:
        first = session.exec(select(Trigger).where(Trigger.name == "Delivery survey")).one()
        first.active = False
        session.add(first)
    assert WARNING not in marketer.get("/triggers").get_data(as_text=True)


def test_demo_trigger_names_are_not_shown_twice(marketer):
    listing = marketer.get("/triggers").get_data(as_text=True)
    assert listing.count("Receives a meal delivery → service-delivery") == 1  # the route, once, under its name
