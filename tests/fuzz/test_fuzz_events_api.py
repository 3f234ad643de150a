"""Fuzzing the event API on SQLite and PostgreSQL: whatever the body, no 5xx, and a refused body stores nothing."""

from __future__ import annotations

import json

from fuzz_strategies import FUZZ, dates, json_values, nasty_text, scalars
from helpers import row_counts
from hypothesis import given
from hypothesis import strategies as st

customers = st.fixed_dictionaries(
    {"external_id": st.one_of(st.just("c-fuzz"), st.integers(), nasty_text)},
    optional={
        "email": st.one_of(st.emails(), nasty_text),
        "name": nasty_text,
        "locale": st.one_of(st.sampled_from(["id", "en", "en-GB", "in_ID", "xx"]), nasty_text),
        "timezone": st.one_of(st.sampled_from(["Asia/Jakarta", "UTC", "Nowhere/City"]), nasty_text),
        "attributes": st.one_of(st.dictionaries(nasty_text, scalars, max_size=5), json_values),
    },
)
events = st.fixed_dictionaries(
    {
        "touchpoint": st.one_of(st.sampled_from(["order_delivered", "order_placed"]), nasty_text),
        "customer": st.one_of(customers, json_values),
    },
    optional={"event_id": nasty_text, "occurred_at": dates, "journey": nasty_text, "note": json_values},
)
bodies = st.one_of(events, st.lists(events, max_size=4), json_values)


def encoded(body, ascii_only: bool) -> bytes:
    """JSON as a client might send it: escaped, or raw UTF-8 (a lone surrogate then becomes invalid UTF-8)."""
    return json.dumps(body, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


def post(app, data: bytes):
    headers = {"Authorization": f"Bearer {app.api_key}", "Content-Type": "application/json"}
    return app.test_client().post("/api/v1/events", data=data, headers=headers)


@FUZZ
@given(body=bodies, ascii_only=st.booleans())
def test_any_json_body_is_answered_without_a_server_error(fuzz_app, body, ascii_only):
    before = row_counts(fuzz_app.engine)
    answer = post(fuzz_app, encoded(body, ascii_only))
    assert answer.status_code in (202, 400, 413, 422), answer.get_data(as_text=True)[:500]
    if answer.status_code != 202:
        assert answer.json["error"]
        assert row_counts(fuzz_app.engine) == before


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), st.text(st.sampled_from('[]{}",:0123456789eE.-+ \\u'), max_size=300)))
def test_any_bytes_are_answered_without_a_server_error(fuzz_app, data):
    before = row_counts(fuzz_app.engine)
    answer = post(fuzz_app, data if isinstance(data, bytes) else data.encode())
    assert answer.status_code in (202, 400, 413, 422), answer.get_data(as_text=True)[:500]
    if answer.status_code != 202:
        assert row_counts(fuzz_app.engine) == before
