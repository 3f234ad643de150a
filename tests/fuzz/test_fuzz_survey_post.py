"""Fuzzing the survey POST on SQLite and PostgreSQL: whatever a customer's browser sends, no 5xx; an accepted answer
is stored once and holds no NUL, a refused one stores nothing."""

from __future__ import annotations

import urllib.parse
import uuid

import pytest
from fuzz_strategies import FUZZ, nasty_text
from helpers import hidden_inputs, invitation, row_counts, schedule_invitations
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Response
from feedback_app.storage.database import session_scope

ratings = st.one_of(
    st.sampled_from(["1", "3", "5", "0", "6", "11", "-1", "1.5", "²", "99999999999999999999999"]), nasty_text
)
forms = st.fixed_dictionaries(
    {"feeling": ratings, "csat": ratings, "comment": st.one_of(nasty_text, st.text(max_size=2100))},
    optional={"link": nasty_text, "lang": nasty_text, "other": nasty_text},
)


@pytest.fixture
def links(fuzz_app):
    """Fresh survey links, one per example, made on demand (a link answers once)."""

    def next_link() -> tuple[str, dict]:
        (invitation_id,) = schedule_invitations(fuzz_app.engine, 1, utcnow(), prefix=f"fz-{uuid.uuid4().hex[:8]}")
        token = invitation(fuzz_app.engine, invitation_id).token
        return token, hidden_inputs(fuzz_app.test_client().get(f"/s/{token}").get_data(as_text=True))

    return next_link


@FUZZ
@given(form=forms, with_ticket=st.booleans())
def test_any_survey_post_is_answered_without_a_server_error(fuzz_app, links, form, with_ticket):
    token, hidden = links()
    body = urllib.parse.urlencode({**(hidden if with_ticket else {}), **form}, encoding="utf-8", errors="surrogatepass")
    before = row_counts(fuzz_app.engine)
    answer = fuzz_app.test_client().post(f"/s/{token}", data=body, content_type="application/x-www-form-urlencoded")
    assert answer.status_code in (302, 422), answer.get_data(as_text=True)[:500]
    after = row_counts(fuzz_app.engine)
    if answer.status_code == 422:
        assert after == before
        return
    assert after[Response.__table__.name] == before[Response.__table__.name] + 1
    with session_scope(fuzz_app.engine) as session:
        stored = session.exec(select(Response.text).order_by(Response.id.desc())).first()
    assert stored is None or "\x00" not in stored
