"""Fuzzing the map's filters (the JSON API, the map page, the dashboards, the response browser) on SQLite and
PostgreSQL: any query string answers 200 or 400 with a message, never a 5xx."""

from __future__ import annotations

import urllib.parse
import uuid

import pytest
from fuzz_strategies import FUZZ, dates, nasty_text
from helpers import csrf_token
from hypothesis import given
from hypothesis import strategies as st

from feedback_app.staff.accounts import create_user
from feedback_app.storage.database import session_scope

NAMES = ["from", "to", "persona", "channel", "touchpoint", "lang", "page", "q", "label", "stage"]
queries = st.dictionaries(st.one_of(st.sampled_from(NAMES), nasty_text), st.one_of(dates, nasty_text), max_size=4)


def query_string(query: dict) -> str:
    """As a browser or a script may send it: UTF-8, percent-encoded (a lone surrogate as its raw bytes)."""
    return urllib.parse.urlencode(query, encoding="utf-8", errors="surrogatepass")


@pytest.fixture
def staff(fuzz_app):
    email, password = f"fuzz-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery staple"
    with session_scope(fuzz_app.engine) as session:
        create_user(session, email, "admin", password)
    client = fuzz_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302
    return client


@FUZZ
@given(query=queries, slug=st.one_of(st.just("katering-sehat"), nasty_text))
def test_the_map_api_answers_any_filter_without_a_server_error(fuzz_app, query, slug):
    path = f"/api/v1/journeys/{urllib.parse.quote(slug.encode('utf-8', 'surrogatepass'), safe='')}/map"
    answer = fuzz_app.test_client().get(
        f"{path}?{query_string(query)}", headers={"Authorization": f"Bearer {fuzz_app.api_key}"}
    )
    assert answer.status_code in (200, 400, 404), answer.get_data(as_text=True)[:500]
    if answer.status_code != 200:
        assert answer.json["error"]


@FUZZ
@given(query=queries, page=st.sampled_from(["/maps/katering-sehat", "/dashboards/katering-sehat", "/responses"]))
def test_the_staff_pages_answer_any_filter_without_a_server_error(staff, query, page):
    answer = staff.get(f"{page}?{query_string(query)}")
    assert answer.status_code in (200, 400), answer.get_data(as_text=True)[:500]
