"""The survey page's signed ticket: the POST trusts it instead of reading the link again, and anything
wrong with it only means the link is read as before. Single use and expiry are still enforced."""

from datetime import UTC, datetime, timedelta

import pytest
from helpers import hidden_inputs, invitation, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Invitation, Response
from feedback_app.storage.database import session_scope
from feedback_app.survey.link_tickets import issue_ticket, survey_from_ticket

ANSWER = {"feeling": "2", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}


@pytest.fixture
def links(seeded_app, app_engine):
    ids = schedule_invitations(app_engine, 2, utcnow())
    return [(i, invitation(app_engine, i).token) for i in ids]


def _ticket(client, token: str) -> str:
    return hidden_inputs(client.get(f"/s/{token}").get_data(as_text=True))["link"]


def _stored(app_engine) -> list[Response]:
    with session_scope(app_engine) as session:
        return list(session.exec(select(Response)))


def test_the_page_carries_a_ticket_and_the_post_with_it_stores_the_answer(seeded_app, links, app_engine):
    client = seeded_app.test_client()
    (invitation_id, token), _ = links
    ticket = _ticket(client, token)
    assert survey_from_ticket(ticket, token, seeded_app.config["SECRET_KEY"], utcnow()).invitation.id == invitation_id
    assert client.post(f"/s/{token}", data={**ANSWER, "link": ticket}).status_code == 302
    [stored] = _stored(app_engine)
    assert stored.invitation_id == invitation_id and stored.label == "negative"
    assert invitation(app_engine, invitation_id).status == "answered"


def test_a_ticket_is_no_use_for_another_link_nor_when_forged(seeded_app, links, app_engine):
    secret = seeded_app.config["SECRET_KEY"]
    client = seeded_app.test_client()
    (first_id, first), (second_id, second) = links
    ticket = _ticket(client, first)
    assert survey_from_ticket(ticket, second, secret, utcnow()) is None
    assert survey_from_ticket(ticket, first, "another secret", utcnow()) is None
    assert survey_from_ticket(ticket[:-3] + "abc", first, secret, utcnow()) is None
    assert (
        survey_from_ticket("", first, secret, utcnow()) is None
        and survey_from_ticket("x" * 5000, first, secret, utcnow()) is None
    )
    # The other link's answer, sent with the first link's ticket, is stored as the other link's.
    assert client.post(f"/s/{second}", data={**ANSWER, "link": ticket}).status_code == 302
    assert [r.invitation_id for r in _stored(app_engine)] == [second_id]
    assert invitation(app_engine, first_id).status != "answered"


def test_with_a_ticket_a_link_still_answers_once_and_not_after_it_expired(seeded_app, links, app_engine):
    client = seeded_app.test_client()
    (_, token), (expiring_id, expiring) = links
    ticket = _ticket(client, token)
    assert client.post(f"/s/{token}", data={**ANSWER, "link": ticket}).status_code == 302
    assert client.post(f"/s/{token}", data={**ANSWER, "link": ticket}).status_code == 409  # the back button
    late_ticket = _ticket(client, expiring)
    with session_scope(app_engine) as session:
        row = session.get(Invitation, expiring_id)
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert client.post(f"/s/{expiring}", data={**ANSWER, "link": late_ticket}).status_code == 410
    assert len(_stored(app_engine)) == 1


def test_a_ticket_for_a_questionnaire_version_this_process_does_not_hold_reads_the_link(seeded_app, links, app_engine):
    from feedback_app.survey.questionnaire_cache import forget_questionnaires

    client = seeded_app.test_client()
    (_, token), _ = links
    ticket = _ticket(client, token)
    forget_questionnaires()  # as in another worker, or after the questionnaire file changed
    assert survey_from_ticket(ticket, token, seeded_app.config["SECRET_KEY"], utcnow()) is None
    assert client.post(f"/s/{token}", data={**ANSWER, "link": ticket}).status_code == 302
    assert len(_stored(app_engine)) == 1


def test_a_ticket_round_trips_what_the_page_read(seeded_app, links, app_engine):
    from feedback_app.storage.database import read_scope
    from feedback_app.survey.links import open_survey

    (_, token), _ = links
    with read_scope(app_engine) as session:
        survey = open_survey(session, token, utcnow(), record_open=False)
    again = survey_from_ticket(issue_ticket(survey, "s3cret"), token, "s3cret", utcnow())
    assert again.invitation == survey.invitation.__class__(
        **{
            **{name: getattr(survey.invitation, name) for name in survey.invitation.__slots__},
            "expires_at": survey.invitation.expires_at.replace(microsecond=0),
        }
    )
    assert again.persona_id == survey.persona_id and [q.key for q in again.questions] == [
        q.key for q in survey.questions
    ]
