"""The customer's one-time link: questionnaire, validation, thank-you, replay, expiry, unknown."""

from datetime import UTC, datetime, timedelta

import pytest
from helpers import hidden_inputs, invitation, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Invitation, Response
from feedback_app.storage.database import session_scope

ANSWER = {"feeling": "2", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}


@pytest.fixture
def link(seeded_app, app_engine):
    [invitation_id] = schedule_invitations(app_engine, 1, utcnow())
    return invitation_id, invitation(app_engine, invitation_id).token


def submit(client, token, answers, lang=None):
    """As a customer's browser does: open the page, then send the answers with the form's hidden inputs."""
    page = client.get(f"/s/{token}" + (f"?lang={lang}" if lang else ""))
    return client.post(
        f"/s/{token}" + (f"?lang={lang}" if lang else ""),
        data={**hidden_inputs(page.get_data(as_text=True)), **answers},
    )


def test_the_questionnaire_opens_in_the_customers_language(seeded_app, link, app_engine):
    invitation_id, token = link
    page = seeded_app.test_client().get(f"/s/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="id">' in html and "Bagaimana perasaan Anda tentang pengiriman hari ini?" in html
    assert "Sangat kecewa" in html and "Kirim jawaban" in html
    assert 'name="viewport"' in html
    assert invitation(app_engine, invitation_id).opened_at is not None


def test_the_language_switch_shows_english(seeded_app, link):
    html = seeded_app.test_client().get(f"/s/{link[1]}?lang=en").get_data(as_text=True)
    assert "How do you feel about today&#39;s delivery?" in html and "Send my answer" in html
    assert "Bahasa Indonesia" in html


def test_an_answer_is_stored_scored_and_thanked(seeded_app, link, app_engine):
    client = seeded_app.test_client()
    response = submit(client, link[1], ANSWER)
    assert response.status_code == 302 and response.location.endswith("/thanks?lang=id")
    assert "Terima kasih" in client.get(response.location).get_data(as_text=True)
    with session_scope(app_engine) as session:
        stored = session.exec(select(Response)).one()
        assert stored.face == 2 and stored.rating_kind == "csat" and stored.rating == 2
        assert stored.text == ANSWER["comment"] and stored.label == "negative"
        assert -1 <= stored.emotion_score < 0 and stored.scorer
        assert "delivery_late" in stored.themes
    assert invitation(app_engine, link[0]).status == "answered"


def test_a_missing_required_answer_is_shown_and_nothing_stored(seeded_app, link, app_engine):
    client = seeded_app.test_client()
    response = submit(client, link[1], {"comment": "hmm"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Mohon pilih salah satu jawaban." in html
    assert 'role="alert"' in html and "hmm" in html  # what the customer typed is kept
    with session_scope(app_engine) as session:
        assert session.exec(select(Response)).all() == []


def test_an_out_of_range_rating_is_refused_in_the_customers_language(seeded_app, link, app_engine):
    response = submit(seeded_app.test_client(), link[1], {**ANSWER, "csat": "9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pilih salah satu jawaban yang tersedia." in html
    response = submit(seeded_app.test_client(), link[1], {**ANSWER, "feeling": "lima"}, lang="en")
    assert response.status_code == 422 and "Please choose one of the answers shown." in response.get_data(as_text=True)
    assert invitation(app_engine, link[0]).status != "answered"


def test_a_text_over_the_limit_is_refused_but_line_breaks_count_once(seeded_app, link, app_engine):
    too_long = submit(seeded_app.test_client(), link[1], {**ANSWER, "comment": "telat " * 400})
    assert too_long.status_code == 422
    assert "Jawaban terlalu panjang (maksimal 2000 karakter)." in too_long.get_data(as_text=True)
    with session_scope(app_engine) as session:
        assert session.exec(select(Response)).all() == []
    lines = "telat\r\n" * 333  # 1,998 characters in the textarea (its maxlength), 2,331 once sent as CRLF
    assert submit(seeded_app.test_client(), link[1], {**ANSWER, "comment": lines}).status_code == 302
    with session_scope(app_engine) as session:
        assert session.exec(select(Response)).one().text == ("telat\n" * 333).strip()


def test_survey_pages_set_no_cookie_and_the_link_alone_answers(seeded_app, link, app_engine):
    """The link's token is the credential (see web/survey.py): no session cookie, no CSRF token."""
    client = seeded_app.test_client()
    for path in (f"/s/{link[1]}", f"/s/{link[1]}?lang=en", "/s/unknown-token"):
        page = client.get(path)
        assert page.headers.get("Set-Cookie") is None, path
        assert 'name="csrf_token"' not in page.get_data(as_text=True)
    answered = seeded_app.test_client().post(f"/s/{link[1]}?lang=en", data=ANSWER)
    assert answered.status_code == 302 and answered.headers.get("Set-Cookie") is None
    assert invitation(app_engine, link[0]).status == "answered"
    assert seeded_app.test_client().post(f"/s/{link[1]}", data=ANSWER).status_code == 409  # still single use


def test_a_replayed_link_is_rejected_and_changes_nothing(seeded_app, link, app_engine):
    client = seeded_app.test_client()
    client.get(f"/s/{link[1]}")
    assert client.post(f"/s/{link[1]}", data=ANSWER).status_code == 302
    again = client.get(f"/s/{link[1]}")
    assert again.status_code == 409 and "sudah dijawab" in again.get_data(as_text=True)
    replay = client.post(f"/s/{link[1]}", data={**ANSWER, "feeling": "5"})  # the back button
    assert replay.status_code == 409
    with session_scope(app_engine) as session:
        assert len(session.exec(select(Response)).all()) == 1


def test_an_expired_link_says_so(seeded_app, link, app_engine):
    with session_scope(app_engine) as session:
        row = session.get(Invitation, link[0])
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    response = seeded_app.test_client().get(f"/s/{link[1]}?lang=en")
    assert response.status_code == 410 and "This link has expired" in response.get_data(as_text=True)


def test_an_unknown_link_says_so(seeded_app):
    response = seeded_app.test_client().get("/s/not-a-real-token")
    assert response.status_code == 404 and "Tautan tidak dikenal" in response.get_data(as_text=True)


def test_a_face_only_answer_is_enough(seeded_app, link, app_engine):
    response = submit(seeded_app.test_client(), link[1], {"feeling": "5", "csat": "5"})
    assert response.status_code == 302
    with session_scope(app_engine) as session:
        stored = session.exec(select(Response)).one()
        assert stored.text == "" and stored.emotion_score > 0


def test_survey_pages_open_no_session_while_staff_pages_keep_theirs(app):
    from flask import session
    from flask.sessions import NullSession

    with app.test_request_context("/s/some-token"):
        assert isinstance(session._get_current_object(), NullSession)
    with app.test_request_context("/login"):
        assert not isinstance(session._get_current_object(), NullSession)
