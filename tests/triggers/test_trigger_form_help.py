"""The trigger form helps: `plan` means attributes.plan, a wrong condition input is marked beside its error, and the
questionnaire of the touchpoint's stage comes preselected."""

import re

from helpers import trigger_form_data
from sqlmodel import select

from feedback_app.models import Questionnaire, Touchpoint, Trigger
from feedback_app.storage.database import session_scope
from feedback_app.triggers.conditions import customer_field


def test_a_bare_name_is_a_customer_attribute():
    assert customer_field(" plan ") == "attributes.plan"
    assert customer_field("attributes.city") == "attributes.city"
    assert customer_field("locale") == "locale"
    assert customer_field("bad field!") == "bad field!"  # left for the rules to refuse by name


def form(client, engine, **rows):
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == "service-delivery")).one()
        ids = touchpoint.id, questionnaire.id
    fields = {"name": "Monthly plan deliveries", "touchpoint_id": ids[0], "questionnaire_id": ids[1]} | rows
    return trigger_form_data(client, **fields)


def test_plan_alone_is_saved_as_attributes_plan(marketer, app_engine):
    data = form(marketer, app_engine, **{"rows-0-field": "plan", "rows-0-op": "eq", "rows-0-value": "monthly"})
    assert marketer.post("/triggers/new", data=data).status_code == 302
    with session_scope(app_engine) as session:
        trigger = session.exec(select(Trigger).where(Trigger.name == "Monthly plan deliveries")).one()
    assert trigger.conditions == {"all": [{"field": "attributes.plan", "op": "eq", "value": "monthly"}]}


def test_the_wrong_input_is_marked_with_its_error(marketer, app_engine):
    rows = {"rows-0-field": "plan", "rows-0-op": "gt", "rows-0-value": "lots"}
    answer = marketer.post("/triggers/new", data=form(marketer, app_engine, **rows))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Row 1 · Value" in page
    marked = re.findall(r'<input[^>]*aria-invalid="true"[^>]*>', page)
    assert len(marked) == 1 and 'name="rows-0-value"' in marked[0] and 'class="invalid"' in marked[0]


def test_placeholders_read_as_examples(marketer):
    page = marketer.get("/triggers/new").get_data(as_text=True)
    assert 'placeholder="e.g. plan"' in page and 'placeholder="e.g. monthly"' in page


def test_the_touchpoints_stage_questionnaire_is_preselected(marketer, app_engine):
    with session_scope(app_engine) as session:
        questionnaires = {q.key: q.id for q in session.exec(select(Questionnaire))}
        touchpoints = {t.key: t.id for t in session.exec(select(Touchpoint))}
    page = marketer.get("/triggers/new").get_data(as_text=True)
    chosen = re.search(r'<select[^>]*name="questionnaire_id".*?<option selected value="(\d+)"', page, re.S)
    assert chosen and int(chosen.group(1)) == questionnaires["awareness-first-impression"]  # the first touchpoint's
    mapping = re.search(r'data-stage-questionnaires="([^"]+)"', page).group(1).replace("&#34;", '"')
    assert f'"{touchpoints["order_delivered"]}": {questionnaires["service-delivery"]}' in mapping
    assert "trigger_form.js" in page


def test_the_simple_schedule_builder_writes_the_cron_expression(marketer, app_engine):
    from feedback_app.triggers.cron import cron_error, cron_for

    assert cron_for("daily", "09:00") == "0 9 * * *" and cron_for("monday", "08:30") == "30 8 * * 1"
    assert cron_for("monthly", "07:05") == "5 7 1 * *" and cron_for("", "09:00") is None
    assert all(cron_error(cron_for(every, "23:59"), None) is None for every in ("weekdays", "sunday", "saturday"))
    data = form(marketer, app_engine, schedule_every="monday", schedule_at="08:30", name="Weekly pulse")
    assert marketer.post("/triggers/new", data=data).status_code == 302
    with session_scope(app_engine) as session:
        trigger = session.exec(select(Trigger).where(Trigger.name == "Weekly pulse")).one()
    assert (trigger.schedule_cron, trigger.schedule_timezone) == ("30 8 * * 1", "Asia/Jakarta")
    raw = form(marketer, app_engine, schedule_every="monday", schedule_cron="0 9 1 * *", name="Raw wins")
    marketer.post("/triggers/new", data=raw)
    with session_scope(app_engine) as session:
        assert session.exec(select(Trigger.schedule_cron).where(Trigger.name == "Raw wins")).one() == "0 9 1 * *"
