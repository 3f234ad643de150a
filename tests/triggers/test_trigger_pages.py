"""Marketer pages: list, create, edit, pause/resume, duplicate, delete, preview, test send, funnel."""

from __future__ import annotations

import re

import pytest
from helpers import csrf_token, reconfigure, schedule_invitations, trigger_form_data
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Invitation, Questionnaire, Touchpoint, Trigger
from feedback_app.storage.database import session_scope


def ids(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == "service-delivery")).one()
        return touchpoint.id, questionnaire.id


def post_new(client, engine, **fields):
    touchpoint_id, questionnaire_id = ids(engine)
    data = trigger_form_data(
        client,
        "/triggers/new",
        name="Delivery CSAT, monthly plan",
        touchpoint_id=touchpoint_id,
        questionnaire_id=questionnaire_id,
        **fields,
    )
    return client.post("/triggers/new", data=data)


def stored(engine, name: str) -> Trigger:
    with session_scope(engine) as session:
        return session.exec(select(Trigger).where(Trigger.name == name)).one()


def test_only_marketers_and_admins_see_trigger_pages(seeded_app, staff_login, marketer):
    assert marketer.get("/triggers").status_code == 200
    email, password = staff_login("cx_manager")
    client = seeded_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert client.get("/triggers").status_code == 403
    assert seeded_app.test_client().get("/triggers").status_code == 302  # to the login page


def test_a_marketer_creates_a_trigger_with_conditions_quiet_hours_and_a_reminder(marketer, app_engine):
    response = post_new(
        marketer,
        app_engine,
        **{
            "rows-0-field": "attributes.plan",
            "rows-0-op": "eq",
            "rows-0-value": "monthly",
            "rows-1-field": "attributes.city",
            "rows-1-op": "in",
            "rows-1-value": "Jakarta, Bandung",
            "quiet_start": "21:00",
            "quiet_end": "08:00",
            "reminder_days": "2",
            "sample_percent": "30",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    trigger = stored(app_engine, "Delivery CSAT, monthly plan")
    assert trigger.conditions == {
        "all": [
            {"field": "attributes.plan", "op": "eq", "value": "monthly"},
            {"field": "attributes.city", "op": "in", "value": ["Jakarta", "Bandung"]},
        ]
    }
    assert (trigger.quiet_start, trigger.quiet_end, trigger.reminder_days, trigger.sample_percent) == (
        "21:00",
        "08:00",
        2,
        30,
    )
    page = marketer.get(response.headers["Location"]).get_data(as_text=True)
    assert "plan equals monthly and city is one of Jakarta, Bandung" in page and "21:00–08:00" in page
    listing = marketer.get("/triggers").get_data(as_text=True)
    assert "Delivery CSAT, monthly plan" in listing


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": ""}, "This field is required"),
        ({"quiet_start": "21:00"}, "Set both the start and the end of quiet hours"),
        ({"quiet_start": "25:00", "quiet_end": "08:00"}, "24-hour time"),
        ({"expiry_hours": "1", "delay_minutes": "120"}, "longer than the delay"),
        (
            {"rows-0-field": "home city", "rows-0-op": "eq", "rows-0-value": "x"},  # `plan` alone is attributes.plan
            "Row 1 · Customer field: &#39;home city&#39; is not a customer field",
        ),
        (
            {"rows-0-field": "attributes.age", "rows-0-op": "gt", "rows-0-value": "old"},
            "Row 1 · Value: &#39;is greater than&#39; needs a number",
        ),
        ({"conditions_json": '{"all": [{"field": "locale", "op": "eq"'}, "line 1, column"),
        (
            {"conditions_json": '{"any": [{"field": "locale", "op": "like", "value": "en"}]}'},
            "conditions.any[0].op: &#39;like&#39; is not an operator",
        ),
        ({"schedule_cron": "every monday"}, "is not a cron schedule"),
        ({"reminder_days": "5"}, "before the link expires"),
    ],
)
def test_bad_settings_are_named_and_nothing_is_stored(marketer, app_engine, fields, message):
    touchpoint_id, questionnaire_id = ids(app_engine)
    data = trigger_form_data(
        marketer, "/triggers/new", name="Bad", touchpoint_id=touchpoint_id, questionnaire_id=questionnaire_id
    )
    data.update(fields)
    response = marketer.post("/triggers/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with session_scope(app_engine) as session:
        assert session.exec(select(Trigger).where(Trigger.name.in_(["Bad", ""]))).first() is None


def test_editing_shows_the_stored_conditions_and_saves_changes(marketer, app_engine):
    post_new(marketer, app_engine, **{"rows-0-field": "locale", "rows-0-op": "eq", "rows-0-value": "en"})
    trigger = stored(app_engine, "Delivery CSAT, monthly plan")
    page = marketer.get(f"/triggers/{trigger.id}/edit").get_data(as_text=True)
    assert 'value="locale"' in page and 'value="en"' in page
    touchpoint_id, questionnaire_id = ids(app_engine)
    data = trigger_form_data(
        marketer,
        f"/triggers/{trigger.id}/edit",
        name="Renamed",
        touchpoint_id=touchpoint_id,
        questionnaire_id=questionnaire_id,
        conditions_json='{"any": [{"field": "locale", "op": "eq", '
        '"value": "en"}, {"all": [{"field": "attributes.vip", "op": "exists", "value": true}]}]}',
    )
    assert marketer.post(f"/triggers/{trigger.id}/edit", data=data).status_code == 302
    changed = stored(app_engine, "Renamed")
    assert changed.id == trigger.id and changed.conditions["any"][1]["all"][0]["op"] == "exists"
    assert "&#34;any&#34;" in marketer.get(f"/triggers/{trigger.id}/edit").get_data(as_text=True)  # nested: as JSON


def test_pause_resume_and_duplicate(marketer, app_engine):
    trigger = stored_demo(app_engine)
    token = csrf_token(marketer.get(f"/triggers/{trigger.id}").get_data(as_text=True))
    assert marketer.post(f"/triggers/{trigger.id}/pause", data={"csrf_token": token}).status_code == 302
    assert stored(app_engine, trigger.name).active is False
    marketer.post(f"/triggers/{trigger.id}/resume", data={"csrf_token": token})
    assert stored(app_engine, trigger.name).active is True
    response = marketer.post(f"/triggers/{trigger.id}/duplicate", data={"csrf_token": token})
    copy = stored(app_engine, f"{trigger.name} (copy)")
    assert response.headers["Location"].endswith(f"/triggers/{copy.id}/edit")
    assert copy.active is False and copy.touchpoint_id == trigger.touchpoint_id
    assert marketer.post(f"/triggers/{trigger.id}/pause", data={}).status_code == 400  # no CSRF token


def stored_demo(engine) -> Trigger:
    touchpoint_id, _ = ids(engine)
    with session_scope(engine) as session:
        return session.exec(select(Trigger).where(Trigger.touchpoint_id == touchpoint_id)).one()


def test_deleting_asks_first_and_keeps_the_invitations(marketer, app_engine):
    now = utcnow()
    trigger = stored_demo(app_engine)
    schedule_invitations(app_engine, 3, now)
    page = marketer.get(f"/triggers/{trigger.id}/delete").get_data(as_text=True)
    assert "<strong>3</strong> invitations" in page
    response = marketer.post(f"/triggers/{trigger.id}/delete", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "stay stored" in marketer.get("/triggers").get_data(as_text=True)
    assert trigger.name not in re.sub(r'<p class="flash.*?</p>', "", marketer.get("/triggers").get_data(as_text=True))
    with session_scope(app_engine) as session:
        assert len(session.exec(select(Invitation).where(Invitation.trigger_id == trigger.id)).all()) == 3
    assert marketer.get(f"/triggers/{trigger.id}").status_code == 404
    assert schedule_invitations(app_engine, 1, now, prefix="after") == []  # a deleted trigger no longer listens


def test_preview_shows_the_email_and_the_questionnaire_in_both_languages(marketer, app_engine):
    trigger = stored_demo(app_engine)
    page = marketer.get(f"/triggers/{trigger.id}/preview").get_data(as_text=True)
    assert "boleh minta waktu 1 menit?" in page and "do you have a minute?" in page
    email_id = marketer.get(f"/triggers/{trigger.id}/preview/email/id").get_data(as_text=True)
    assert "Mulai survei" in email_id and "/preview/" in email_id
    survey_link = re.search(r'src="(/preview/[^"]+lang=en)"', page).group(1).replace("&amp;", "&")
    survey = marketer.get(survey_link).get_data(as_text=True)
    assert "Answers sent from here are not stored" in survey and "Send my answer" in survey


def test_a_preview_link_answers_nothing_and_a_forged_one_is_404(seeded_app, marketer, app_engine):
    from feedback_app.models import Response

    trigger = stored_demo(app_engine)
    page = marketer.get(f"/triggers/{trigger.id}/preview").get_data(as_text=True)
    link = re.search(r'src="(/preview/[^"?]+)', page).group(1)
    client = seeded_app.test_client()  # the link works without logging in, as in the test e-mail
    form = client.get(link + "?lang=en").get_data(as_text=True)
    response = client.post(
        link + "?lang=en", data={"csrf_token": csrf_token(form), "feeling": "5", "csat": "5", "comment": "Great"}
    )
    assert response.status_code == 200 and "Thank you!" in response.get_data(as_text=True)
    with session_scope(app_engine) as session:
        assert session.exec(select(Response)).first() is None
    assert client.get(link[:-3] + "xyz").status_code == 404


def test_a_test_send_arrives_at_the_smtp_server_with_a_working_preview_link(
    seeded_app, marketer, app_engine, smtp_server
):
    reconfigure(seeded_app, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    trigger = stored_demo(app_engine)
    token = csrf_token(marketer.get(f"/triggers/{trigger.id}").get_data(as_text=True))
    response = marketer.post(
        f"/triggers/{trigger.id}/test", data={"csrf_token": token, "lang": "en"}, follow_redirects=True
    )
    assert f"Test e-mail sent to {marketer.email}" in response.get_data(as_text=True)
    [mail] = smtp_server.messages
    assert mail["To"] == marketer.email and mail["Subject"].startswith("[Test] ")
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost(/preview/\S+)", plain).group(1)
    assert seeded_app.test_client().get(link).status_code == 200


def test_a_failing_mail_server_is_reported_on_the_page(seeded_app, marketer, app_engine):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reconfigure(seeded_app, smtp_host="127.0.0.1", smtp_port=port)
    trigger = stored_demo(app_engine)
    token = csrf_token(marketer.get(f"/triggers/{trigger.id}").get_data(as_text=True))
    page = marketer.post(
        f"/triggers/{trigger.id}/test", data={"csrf_token": token, "lang": "id"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "could not be sent" in page and "ConnectionRefusedError" in page
