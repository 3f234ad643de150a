"""CSV import of events: the API's rules per row, errors with row and column, valid rows kept."""

import io

import pytest
from helpers import csrf_token
from sqlalchemy import func
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.invitations.csv_import import ImportFileError, import_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, TouchpointEvent
from feedback_app.storage.database import session_scope

HEADER = "touchpoint,event_id,occurred_at,customer_external_id,customer_email,customer_locale,attr_plan\n"


def run(engine, text: str | bytes, **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return import_events(
        lambda: session_scope(engine), io.BytesIO(data), utcnow(), kwargs.pop("settings", RuleSettings()), **kwargs
    )


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_valid_rows_are_kept_and_each_bad_row_is_named_with_its_column(seeded):
    report = run(
        seeded,
        HEADER
        + "order_delivered,e-1,,c-1,rina@example.com,id,monthly\n"
        + "order_delivered,e-2,,c-2,not-an-address,,\n"
        + "no_such_touchpoint,e-3,,c-3,,,\n"
        + "order_delivered,e-4,yesterday,c-4,,,\n"
        + "order_delivered,e-5,2026-03-17T09:00:00+07:00,c-5,,en,\n",
    )
    assert (report.rows_read, report.stored, report.duplicates) == (5, 2, 0)
    assert [(e.row, e.column) for e in report.errors] == [(3, "customer_email"), (4, "touchpoint"), (5, "occurred_at")]
    assert "e-mail address" in report.errors[0].error and "no_such_touchpoint" in report.errors[1].error
    with session_scope(seeded) as session:
        rina = session.exec(select(Customer).where(Customer.external_id == "c-1")).one()
    assert rina.attributes == {"plan": "monthly"} and rina.locale == "id"


def test_importing_the_same_file_twice_stores_nothing_new(seeded):
    text = HEADER + "order_delivered,e-1,,c-1,,,\norder_delivered,e-2,,c-2,,,\n"
    run(seeded, text)
    again = run(seeded, text)
    assert (again.stored, again.duplicates, count(seeded, TouchpointEvent)) == (0, 2, 2)


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("utf-16", ";"), ("cp1252", "\t"), ("utf-8", "|")])
def test_encoding_bom_and_delimiter_are_sniffed(seeded, encoding, delimiter):
    rows = ["touchpoint,customer_external_id,customer_name", "order_delivered,c-1,Renée Müller"]
    report = run(seeded, "\r\n".join(row.replace(",", delimiter) for row in rows).encode(encoding))
    assert (report.stored, report.errors) == (1, [])
    with session_scope(seeded) as session:
        assert session.exec(select(Customer.name)).one() == "Renée Müller"


def test_a_file_without_the_required_columns_is_refused_whole(seeded):
    with pytest.raises(ImportFileError, match="customer_external_id"):
        run(seeded, "touchpoint,email\norder_delivered,a@example.com\n")


def test_a_large_file_streams_in_batches_and_reports_progress(seeded):
    lines = [f"order_delivered,big-{n},,c-{n},,," for n in range(2500)]
    lines[1700] = "order_delivered,big-1700,,,,,"  # no customer id
    seen = []
    report = run(seeded, HEADER + "\n".join(lines) + "\n", progress=seen.append)
    assert (report.rows_read, report.stored, [e.row for e in report.errors]) == (2500, 2499, [1702])
    assert len(seen) == 3 and seen == sorted(seen)  # after each batch of 1,000 and at the end


def test_the_upload_page_shows_the_report(marketer):
    token = csrf_token(marketer.get("/events/import").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "file": (io.BytesIO((HEADER + "order_delivered,u-1,,c-1,,,\nnope,u-2,,c-2,,,\n").encode()), "events.csv"),
    }
    page = marketer.post("/events/import", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "2 row(s) read: 1 stored" in page and "unknown touchpoint" in page


def test_the_upload_page_explains_a_broken_file(marketer):
    token = csrf_token(marketer.get("/events/import").get_data(as_text=True))
    answer = marketer.post(
        "/events/import",
        data={"csrf_token": token, "file": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422 and "lacks the column" in answer.get_data(as_text=True)


def test_the_cli_imports_with_a_report_and_a_failing_status(seeded_app, tmp_path):
    from feedback_app.cli import main

    path = tmp_path / "events.csv"
    path.write_text(HEADER + "order_delivered,k-1,,c-1,,,\norder_delivered,k-2,,,,,\n")
    result = seeded_app.test_cli_runner().invoke(main, ["import-events", str(path)])
    assert result.exit_code == 1
    assert "row 3, column customer_external_id" in result.output
    assert "2 row(s) read: 1 stored, 0 duplicate(s), 1 with errors" in result.output


def test_an_import_follows_the_deployments_fatigue_rule_as_the_api_does(seeded):
    """FEEDBACK_FATIGUE_DAYS reaches the CSV import: with 0 days the cross-trigger cap no longer suppresses
    (the trigger's own cap still does), where the default 7 days does."""
    from collections import Counter

    from feedback_app.invitations.rule_settings import RuleSettings
    from feedback_app.models import Invitation

    def reasons(prefix: str, settings: RuleSettings) -> Counter:
        text = "touchpoint,event_id,customer_external_id,customer_email\n" + "".join(
            f"order_delivered,{prefix}-{n},{prefix},{prefix}@example.com\n" for n in (1, 2)
        )
        run(seeded, text, settings=settings)
        with session_scope(seeded) as session:
            rows = session.exec(select(Invitation).join(Customer).where(Customer.external_id == prefix)).all()
            return Counter(i.reason for i in rows)

    assert reasons("usual", RuleSettings()) == Counter({None: 1, "fatigue": 1})
    assert reasons("no-cap", RuleSettings(fatigue_days=0)) == Counter({None: 1, "fatigue_trigger": 1})
