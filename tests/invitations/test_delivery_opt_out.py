"""The opt-out link: a confirm page, a one-click POST from mail clients, honoured from then on."""

from datetime import timedelta

from helpers import invitation, schedule_invitations

from feedback_app.common.clock import utcnow
from feedback_app.delivery.dispatch import claim_due_invitations, dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, InvitationStatus
from feedback_app.storage.database import session_scope
from feedback_app.survey.links import open_survey


def customer_of(engine, invitation_id):
    with session_scope(engine) as session:
        return session.get(Customer, invitation(engine, invitation_id).customer_id)


def test_the_link_asks_before_it_opts_out(seeded_app, app_engine):
    [invitation_id] = schedule_invitations(app_engine, 1, utcnow(), locale="en")
    page = seeded_app.test_client().get(f"/u/{invitation(app_engine, invitation_id).token}")
    assert page.status_code == 200 and "Yes, unsubscribe" in page.get_data(as_text=True)
    assert customer_of(app_engine, invitation_id).opted_out_at is None


def test_a_mail_clients_one_click_post_opts_out_without_a_csrf_token(seeded_app, app_engine):
    ids = schedule_invitations(app_engine, 1, utcnow())
    token = invitation(app_engine, ids[0]).token
    answer = seeded_app.test_client().post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "berhenti berlangganan" in answer.get_data(as_text=True)
    assert customer_of(app_engine, ids[0]).opted_out_at is not None
    for invitation_id in ids:
        row = invitation(app_engine, invitation_id)
        assert (row.status, row.reason) == (InvitationStatus.SUPPRESSED, "opted_out")
    again = seeded_app.test_client().get(f"/u/{token}")
    assert "sudah berhenti" in again.get_data(as_text=True)


def test_an_unknown_opt_out_link_is_a_404(seeded_app):
    assert seeded_app.test_client().post("/u/not-a-token").status_code == 404


def test_an_invitation_already_claimed_is_not_sent_after_the_opt_out(seeded_app, app_engine, smtp_server):
    now = utcnow()
    [invitation_id] = schedule_invitations(app_engine, 1, now)
    claim_due_invitations(app_engine, now, "a-pass-that-died", lease=timedelta(seconds=1))
    seeded_app.test_client().post(f"/u/{invitation(app_engine, invitation_id).token}")
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        result = dispatch_pass(app_engine, sender, "http://x", "cx@example.com", now + timedelta(seconds=2))
    assert result.suppressed == 1 and smtp_server.messages == []
    row = invitation(app_engine, invitation_id)
    assert (row.status, row.reason) == (InvitationStatus.SUPPRESSED, "opted_out")


def test_an_opted_out_customer_gets_no_new_invitations(seeded_app, app_engine):
    now = utcnow()
    [invitation_id] = schedule_invitations(app_engine, 1, now)
    seeded_app.test_client().post(f"/u/{invitation(app_engine, invitation_id).token}")
    [result] = _post_again(app_engine, now + timedelta(days=60))
    assert [(i["status"], i["reason"]) for i in result["invitations"]] == [("suppressed", "opted_out")]


def _post_again(engine, now):
    from feedback_app.invitations.events import ingest_events, parse_event

    event = parse_event(
        {
            "touchpoint": "order_delivered",
            "event_id": "again",
            "occurred_at": now.isoformat(),
            "customer": {"external_id": "c-0", "email": "c0@example.com"},
        },
        now,
    )
    with session_scope(engine) as session:
        return ingest_events(session, [event], now, RuleSettings())


def test_the_first_open_of_the_link_is_recorded_and_kept(seeded):
    now = utcnow()
    [invitation_id] = schedule_invitations(seeded, 1, now)
    token = invitation(seeded, invitation_id).token
    for moment in (now + timedelta(minutes=5), now + timedelta(minutes=9)):
        with session_scope(seeded) as session:
            open_survey(session, token, moment)
    assert invitation(seeded, invitation_id).opened_at == now + timedelta(minutes=5)
