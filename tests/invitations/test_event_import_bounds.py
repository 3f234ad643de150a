"""CSV import of a file that is broken as a whole: the whole file is checked before a row is stored, so an
undecodable byte, broken CSV or too many rows stores nothing and names the line; bad cells cost only their row."""

from __future__ import annotations

import io

import pytest
from helpers import csrf_token, row_counts
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.invitations.csv_import import ImportFileError, import_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer
from feedback_app.storage.database import session_scope

HEADER = "touchpoint,event_id,occurred_at,customer_external_id,customer_name\n"
UTF8_ROW = "order_delivered,e-r,,c-r,Renée\n"  # makes the file UTF-8: its first non-ASCII byte starts a character


def rows(count: int, start: int = 0) -> str:
    return "".join(f"order_delivered,e-{n},,c-{n},Customer {n}\n" for n in range(start, start + count))


def run(engine, data: bytes, **kwargs):
    return import_events(
        lambda: session_scope(engine), io.BytesIO(data), utcnow(), kwargs.pop("settings", RuleSettings()), **kwargs
    )


def test_an_undecodable_byte_after_64_kb_stores_nothing_and_names_its_line(seeded_backend):
    head = (HEADER + UTF8_ROW + rows(2500)).encode()
    assert len(head) > 64 * 1024
    data = head + b"order_delivered,e-x,,c-x,Bad \xff byte\n" + rows(10, 3000).encode()
    before = row_counts(seeded_backend)
    with pytest.raises(ImportFileError) as refused:
        run(seeded_backend, data)
    assert str(refused.value).startswith("line 2503, character 30: the byte 0xFF is not UTF-8 text")
    assert "nothing was stored" in str(refused.value)
    assert row_counts(seeded_backend) == before


def test_a_200_kb_cell_stores_nothing_and_names_its_line(seeded_backend):
    data = (HEADER + rows(3) + f"order_delivered,e-big,,c-big,{'x' * 200_000}\n" + rows(3, 10)).encode()
    before = row_counts(seeded_backend)
    with pytest.raises(ImportFileError, match="line 5: a cell is far longer than the 4000 characters"):
        run(seeded_backend, data)
    assert row_counts(seeded_backend) == before


def test_too_many_rows_store_nothing(seeded_backend):
    before = row_counts(seeded_backend)
    with pytest.raises(ImportFileError, match="more than 5 rows; split it"):
        run(seeded_backend, (HEADER + rows(6)).encode(), max_rows=5)
    assert row_counts(seeded_backend) == before
    assert run(seeded_backend, (HEADER + rows(5)).encode(), max_rows=5).stored == 5


def test_cells_no_database_can_store_cost_only_their_row(seeded_backend):
    data = (
        HEADER
        + rows(2)
        + f"order_delivered,e-long,,c-long,{'y' * 5000}\n"
        + "order_delivered,e-nul,,c-nul,Ri\x00na\n"
        + "order_delivered,e-old,0001-01-01T00:00:00+14:00,c-old,Old\n"
        + "order_delivered,e-far,9999-12-31T23:59:59-14:00,c-far,Far\n"
        + rows(2, 10)
    ).encode()
    report = run(seeded_backend, data)
    assert (report.rows_read, report.stored) == (8, 4)
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "customer_name"),
        (5, "customer_name"),
        (6, "occurred_at"),
        (7, "occurred_at"),
    ]
    assert "5000 characters; at most 4000" in report.errors[0].error and "NUL" in report.errors[1].error
    assert "between 2000-01-01" in report.errors[2].error


def test_a_windows_1252_byte_after_64_kb_is_read_as_windows_1252(seeded_backend):
    data = (HEADER + rows(2500)).encode() + UTF8_ROW.encode("cp1252")
    assert run(seeded_backend, data).stored == 2501
    with session_scope(seeded_backend) as session:
        assert session.exec(select(Customer.name).where(Customer.external_id == "c-r")).one() == "Renée"


def test_a_byte_windows_1252_does_not_define_stores_nothing(seeded_backend):
    data = (HEADER + UTF8_ROW).encode("cp1252") + b"order_delivered,e-x,,c-x,\x81\n"
    before = row_counts(seeded_backend)
    with pytest.raises(ImportFileError, match="line 3, character 26: the byte 0x81 is not Windows-1252 text"):
        run(seeded_backend, data)
    assert row_counts(seeded_backend) == before


def test_a_file_read_from_a_pipe_is_checked_whole_too(seeded_backend):
    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    data = (HEADER + UTF8_ROW + rows(3)).encode() + b"order_delivered,e-x,,c-x,\xc3\n"
    before = row_counts(seeded_backend)
    with pytest.raises(ImportFileError, match="line 6, character 26"):
        import_events(lambda: session_scope(seeded_backend), Pipe(data), utcnow(), RuleSettings())
    assert row_counts(seeded_backend) == before


def test_the_upload_page_says_why_a_broken_file_stored_nothing(marketer, app_engine):
    data = (HEADER + UTF8_ROW + rows(2500)).encode() + b"order_delivered,e-x,,c-x,\xff\n"
    before = row_counts(app_engine)
    token = csrf_token(marketer.get("/events/import").get_data(as_text=True))
    answer = marketer.post(
        "/events/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "events.csv")},
        content_type="multipart/form-data",
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "events.csv: line 2503, character 26" in page and "nothing was stored" in page
    assert row_counts(app_engine) == before
