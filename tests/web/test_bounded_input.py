"""Bad input at the edge, on SQLite and PostgreSQL: deep JSON, NUL and lone surrogates, Infinity, dates near year 1
or 9999, ids past 2**31 and pages past 2**63 each answer 400/404/422 with a message, and nothing is stored."""

from __future__ import annotations

import json

from helpers import csrf_token, hidden_inputs, invitation, row_counts, schedule_invitations, trigger_form_data
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Response, Touchpoint, Trigger
from feedback_app.staff.accounts import create_user
from feedback_app.storage.database import session_scope

EVENT = {"touchpoint": "order_delivered", "customer": {"external_id": "c-1", "name": "Rina"}}


def post_event(app, body: str):
    headers = {"Authorization": f"Bearer {app.api_key}", "Content-Type": "application/json"}
    return app.test_client().post("/api/v1/events", data=body, headers=headers)


def logged_in_as(app, role: str):
    email = f"{role}@example.com"
    with session_scope(app.engine) as session:
        create_user(session, email, role, "correct horse battery staple")
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    login = {"email": email, "password": "correct horse battery staple", "csrf_token": token}
    assert client.post("/login", data=login).status_code == 302
    return client


def with_customer(**fields) -> str:
    return json.dumps({**EVENT, "customer": {**EVENT["customer"], **fields}})


JSON_REFUSED = (
    ("[" * 50_000 + "]" * 50_000, "nests deeper than 32"),
    (with_customer()[:-2] + ', "attributes": {"deep": ' + "[" * 50_000 + "]" * 50_000 + "}}}", "nests deeper"),
    (with_customer(attributes={"score": "__"}).replace('"__"', "Infinity"), "Infinity is not a number"),
    (with_customer(attributes={"score": "__"}).replace('"__"', "NaN"), "NaN is not a number"),
    (with_customer(attributes={"score": "__"}).replace('"__"', "-1e999"), "too large"),
    ('{"touchpoint": "order_delivered", "customer": {"external_id": "c-1"}', "not valid JSON: line 1"),
    (b'{"touchpoint": "\xff"}', "not UTF-8"),
)


def test_json_the_parser_must_not_meet_is_refused_before_parsing(backend_app):
    before = row_counts(backend_app.engine)
    for body, says in JSON_REFUSED:
        answer = post_event(backend_app, body)
        assert answer.status_code == 400 and says in answer.json["error"], (body[:80], answer.json)
    assert row_counts(backend_app.engine) == before


UNSTORABLE_EVENTS = (
    ({**EVENT, "customer": {"external_id": "c-1", "name": "Ri\ud800na"}}, "customer.name", "lone surrogate"),
    ({**EVENT, "event_id": "\udfff"}, "event_id", "lone surrogate"),
    ({**EVENT, "note": ["ok", "\ud83d"]}, "note[1]", "lone surrogate"),
    ({**EVENT, "customer": {"external_id": "c-\x001"}}, "customer.external_id", "NUL character"),
    ({**EVENT, "customer": {"external_id": "c-1", "name": "Ri\x00na"}}, "customer.name", "NUL character"),
    ({**EVENT, "touchpoint": "order\x00delivered"}, "touchpoint", "NUL character"),
    ({**EVENT, "customer": {"external_id": "c", "attributes": {"plan": "a\x00"}}}, "customer.attributes.plan", "NUL"),
    ({**EVENT, "customer": {"external_id": "c", "attributes": {"p\x00": "a"}}}, "customer.attributes", "NUL"),
    ({**EVENT, "occurred_at": "0001-01-01T00:00:00+14:00"}, "occurred_at", "between 2000-01-01 and a day from now"),
    ({**EVENT, "occurred_at": "9999-12-31T23:59:59-14:00"}, "occurred_at", "between 2000-01-01 and a day from now"),
    ({**EVENT, "occurred_at": "1999-12-31T23:59:59Z"}, "occurred_at", "between 2000-01-01"),
)


def test_values_no_database_can_store_are_refused_with_their_field(backend_app):
    before = row_counts(backend_app.engine)
    for event, field, says in UNSTORABLE_EVENTS:
        answer = post_event(backend_app, json.dumps(event))
        assert answer.status_code == 422, (event, answer.json)
        assert says in answer.json["error"] and answer.json["errors"][0]["field"] == field, answer.json
    assert row_counts(backend_app.engine) == before


def test_one_bad_event_in_a_batch_stores_none_of_it(backend_app):
    batch = [{**EVENT, "event_id": f"e-{n}"} for n in range(5)] + [{**EVENT, "event_id": "e-\x00"}]
    before = row_counts(backend_app.engine)
    answer = post_event(backend_app, json.dumps(batch))
    assert answer.status_code == 422 and answer.json["errors"] == [
        {"index": 5, "field": "event_id", "error": "'event_id' holds a NUL character (\\u0000), which cannot be stored"}
    ]
    assert row_counts(backend_app.engine) == before


def test_map_filters_outside_the_years_a_filter_may_name_are_a_400(backend_app):
    headers = {"Authorization": f"Bearer {backend_app.api_key}"}
    for query in (
        "from=9999-12-31",
        "to=9999-12-31",
        "from=0001-01-01",
        "to=2101-01-01",
        "from=2026-01-01&to=9999-12-31",
    ):
        answer = backend_app.test_client().get(f"/api/v1/journeys/katering-sehat/map?{query}", headers=headers)
        assert answer.status_code == 400 and "between 2000-01-01 and 2100-12-31" in answer.json["error"], query


OUT_OF_BOUNDS_PAGES = (
    ("/maps/katering-sehat?from=9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("/maps/katering-sehat?to=2101-01-01", "between 2000-01-01 and 2100-12-31"),
    ("/dashboards/katering-sehat?from=9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("/dashboards/katering-sehat/charts/channels.svg?to=9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("/maps/katering-sehat/export.svg?from=9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("/responses?from=9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("/responses/export.csv?to=0001-01-01", "between 2000-01-01 and 2100-12-31"),
    ("/responses?page=99999999999999999999", "a whole number from 1 to 100000"),
    ("/responses?page=²", "a whole number from 1 to 100000"),
)


def test_staff_pages_answer_400_for_dates_and_pages_out_of_bounds(backend_app):
    client = logged_in_as(backend_app, "admin")
    for path, says in OUT_OF_BOUNDS_PAGES:
        answer = client.get(path)
        assert answer.status_code == 400 and says in answer.get_data(as_text=True), path


REVIEW_QUERIES = (
    "compare=periods&a_from=9999-12-31&a_to=9999-12-31&b_from=2026-01-01&b_to=2026-01-31",
    "compare=snapshots&before=99999999999999999999&after=1",
    "compare=snapshots&before=2147483648&after=1",
    "compare=snapshots&before=2147483647&after=1",
)


def test_the_review_page_explains_a_bad_comparison(backend_app):
    client = logged_in_as(backend_app, "cx_manager")
    for query in REVIEW_QUERIES:
        answer = client.get(f"/maps/katering-sehat/review?{query}")
        assert answer.status_code == 422 and 'class="form-error"' in answer.get_data(as_text=True), query


HUGE_IDS = (
    "/triggers/9223372036854775808",
    "/triggers/99999999999999999999999999/edit",
    "/triggers/9223372036854775807/preview",
    "/triggers/2147483648/preview",
    "/triggers/2147483647/edit",
    "/admin/users/18446744073709551616",
    "/admin/users/2147483648",
    "/admin/api-keys/9223372036854775808/revoke",
)


def test_ids_past_what_a_database_holds_are_no_page(backend_app):
    client = logged_in_as(backend_app, "admin")
    for path in HUGE_IDS:
        assert client.get(path).status_code == 404, path


def test_the_outbox_ignores_page_and_trigger_numbers_out_of_bounds(backend_app):
    client = logged_in_as(backend_app, "admin")
    assert client.get("/invitations?page=99999999999999999999&trigger=2147483648").status_code == 200
    assert client.get("/invitations?page=²&trigger=³").status_code == 200


def test_a_nul_character_in_the_address_is_a_400(backend_app):
    client = logged_in_as(backend_app, "admin")
    for path in ("/api/v1/journeys/katering-sehat/map?persona=%00", "/api/v1/journeys/kat%00ering/map", "/maps/x%00y"):
        answer = client.get(path, headers={"Authorization": f"Bearer {backend_app.api_key}"})
        assert answer.status_code == 400 and "NUL" in answer.get_data(as_text=True), path


def test_a_survey_answer_with_a_nul_character_is_kept_without_it(backend_app):
    (invitation_id,) = schedule_invitations(backend_app.engine, 1, utcnow())
    token = invitation(backend_app.engine, invitation_id).token
    client = backend_app.test_client()
    page = client.get(f"/s/{token}").get_data(as_text=True)
    answers = {"feeling": "2", "csat": "2", "comment": "kurirnya\x00 telat\x00"}
    assert client.post(f"/s/{token}", data={**hidden_inputs(page), **answers}).status_code == 302
    with session_scope(backend_app.engine) as session:
        assert session.exec(select(Response.text)).one() == "kurirnya telat"


def trigger_form(client, engine, **fields) -> dict:
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
    return trigger_form_data(client, name="Bounded", touchpoint_id=str(touchpoint.id), questionnaire_id="1", **fields)


BAD_CONDITIONS = (
    ({"conditions_json": '{"all": ' * 2000 + "{}" + "}" * 2000}, "nests deeper than 32"),
    ({"conditions_json": '{"all": [{"field": "attributes.age", "op": "gt", "value": NaN}]}'}, "NaN is not a"),
    ({"conditions_json": '{"all": [{"field": "locale", "op": "eq", "value": "i\\u0000d"}]}'}, "NUL character"),
    ({"rows-0-field": "attributes.age", "rows-0-op": "gt", "rows-0-value": "nan"}, "needs a number"),
    ({"rows-0-field": "attributes.age", "rows-0-op": "lt", "rows-0-value": "1e999"}, "needs a number"),
)


def test_trigger_conditions_that_cannot_be_stored_are_named(backend_app):
    client = logged_in_as(backend_app, "marketer")
    before = row_counts(backend_app.engine)
    for fields, says in BAD_CONDITIONS:
        answer = client.post("/triggers/new", data=trigger_form(client, backend_app.engine, **fields))
        assert answer.status_code == 422 and says in answer.get_data(as_text=True), (str(fields)[:80], says)
    assert row_counts(backend_app.engine) == before
    with session_scope(backend_app.engine) as session:
        assert session.exec(select(Trigger).where(Trigger.name == "Bounded")).first() is None
