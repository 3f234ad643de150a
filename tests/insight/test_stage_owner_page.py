"""The stage-owner page: who is alerted about low answers on each stage, checked like a form, with a test alert."""

import pytest
from helpers import csrf_token, logged_in, reconfigure
from sqlmodel import select

from feedback_app.common.address_policy import AddressPolicy, AddressRefused
from feedback_app.common.texts import TextError
from feedback_app.insight.stage_owners import save_stage_owner
from feedback_app.models import Stage, StageOwner
from feedback_app.storage.database import session_scope

PAGE = "/maps/katering-sehat/owners"


def owner_of(engine, stage_key: str):
    with session_scope(engine) as session:
        return session.exec(
            select(StageOwner).join(Stage, Stage.id == StageOwner.stage_id).where(Stage.key == stage_key)
        ).first()


def test_a_manager_sets_a_stage_owner_and_thresholds(seeded_app, staff_login, app_engine):
    manager = logged_in(seeded_app, staff_login, "cx_manager")
    page = manager.get(PAGE).get_data(as_text=True)
    assert page.count('class="owner-form"') == 5 and "no owner yet" in page
    form = {"csrf_token": csrf_token(page), "email": "ops@example.com", "csat_at_most": "3", "emotion_at_most": "-0,4"}
    saved = manager.post(f"{PAGE}/service", data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#owner-service")
    owner = owner_of(app_engine, "service")
    assert (owner.email, owner.csat_at_most, owner.emotion_at_most, owner.nps_at_most) == (
        "ops@example.com",
        3,
        -0.4,
        None,
    )
    assert "alerts ops@example.com" in manager.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "not-an-address", "This is not an e-mail address."),
        ("csat_at_most", "9", "Give a number from 1 to 5, or leave it empty."),
        ("webhook_url", "http://127.0.0.1:9/hook", "webhook_url"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(seeded, field, value, message):
    with pytest.raises(TextError) as refused, session_scope(seeded) as session:
        save_stage_owner(
            session, "katering-sehat", "service", {"email": "ops@example.com", field: value}, AddressPolicy()
        )
    assert message in (str(refused.value), refused.value.field)
    assert owner_of(seeded, "service") is None


def test_a_loopback_webhook_needs_the_allowed_hosts_setting(seeded):
    form = {"webhook_url": "http://127.0.0.1:9/hook"}
    with pytest.raises(AddressRefused), session_scope(seeded) as session:
        save_stage_owner(session, "katering-sehat", "service", form, AddressPolicy())
    with session_scope(seeded) as session:
        save_stage_owner(session, "katering-sehat", "service", form, AddressPolicy.from_setting("127.0.0.1"))
    assert owner_of(seeded, "service").webhook_url == "http://127.0.0.1:9/hook"


def test_send_a_test_alert_mails_the_owner(seeded_app, staff_login, smtp_server):
    reconfigure(seeded_app, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    manager = logged_in(seeded_app, staff_login, "cx_manager")
    token = csrf_token(manager.get(PAGE).get_data(as_text=True))
    refused = manager.post(f"{PAGE}/decision/test", data={"csrf_token": token})
    assert "Save an e-mail address or a webhook URL first." in manager.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    manager.post(f"{PAGE}/decision", data={"csrf_token": token, "email": "owner@example.com"})
    sent = manager.post(f"{PAGE}/decision/test", data={"csrf_token": token})
    assert "Test alert sent to owner@example.com." in manager.get(sent.headers["Location"]).get_data(as_text=True)
    [message] = smtp_server.messages
    assert message["To"] == "owner@example.com" and "TEST" in message["Subject"]
