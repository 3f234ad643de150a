"""What the fuzz tests generate, and how long they may run: a fixed number of examples, derandomized (the same
examples on every run, so CI is stable), no example database, no deadline (PostgreSQL is slower, not wrong)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every code point, lone surrogates and NUL included: what a hostile or broken client can put in JSON text.
any_character = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
nasty_text = st.one_of(
    st.text(any_character, max_size=30),
    st.sampled_from(["", " ", "\x00", "\ud800", "a\x00b", "\r\n", "Renée", "0", "-1", "1e999", "²", "٣"]),
    st.text(st.sampled_from("0123456789-:+TZ. "), max_size=30),
)
dates = st.one_of(
    st.dates().map(str),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31", "0001-01-01"]),
    nasty_text,
)
numbers = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=2**63))
scalars = st.one_of(st.none(), st.booleans(), numbers, nasty_text)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text, inner, max_size=4), max_leaves=12
)
