"""Fuzzing the CSV import on SQLite and PostgreSQL: whatever the file holds, the import either refuses it whole
(ImportFileError, nothing stored) or accounts for every row (stored, duplicate or reported), never crashes."""

from __future__ import annotations

import io

from fuzz_strategies import FUZZ, dates, nasty_text
from helpers import row_counts
from hypothesis import given
from hypothesis import strategies as st

from feedback_app.common.clock import utcnow
from feedback_app.invitations.csv_import import ImportFileError, import_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import TouchpointEvent
from feedback_app.storage.database import session_scope

COLUMNS = ["touchpoint", "customer_external_id", "event_id", "occurred_at", "customer_name", "attr_plan"]
cells = st.one_of(
    nasty_text,
    dates,
    st.sampled_from(["order_delivered", "c-1", '"quoted, cell"', '"unclosed', "x" * 5000]),
    st.text(max_size=10).map(lambda text: text * 500),
)
tables = st.lists(st.lists(cells, min_size=0, max_size=7), max_size=8)
encodings = st.sampled_from([("utf-8", "surrogatepass"), ("cp1252", "replace"), ("utf-16", "surrogatepass")])


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.one_of(st.just(COLUMNS), st.permutations(COLUMNS), st.lists(nasty_text, max_size=4)))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(delimiter.join(row) for row in [header, *draw(tables)]) + newline
    encoding, errors = draw(encodings)
    data = text.encode(encoding, errors)
    garbage = draw(st.binary(max_size=4))
    at = draw(st.integers(min_value=0, max_value=len(data)))
    return data[:at] + garbage + data[at:]


@FUZZ
@given(data=csv_files())
def test_any_file_is_stored_whole_or_refused_whole(fuzz_app, data):
    engine = fuzz_app.engine
    before = row_counts(engine)
    try:
        report = import_events(lambda: session_scope(engine), io.BytesIO(data), utcnow(), RuleSettings())
    except ImportFileError as refused:
        assert str(refused)
        assert row_counts(engine) == before
        return
    events = TouchpointEvent.__table__.name
    assert row_counts(engine)[events] - before[events] == report.stored
    assert report.stored + report.duplicates + len(report.errors) == report.rows_read
