"""CSV import of touchpoint events: each row is checked and stored exactly as the event API would.

The file is read twice (csv_file.py reads it safely): first every row is checked and nothing stored, so a
file that cannot be read as a whole (an undecodable byte, broken CSV, too many rows) stores nothing; then the
rows go through `events.parse_event` and `events.ingest_events` (no second set of rules), in transactions of
1,000 rows, so a large file streams and a bad row costs only itself: it is reported with its row number (the
header is row 1, as in a spreadsheet) and column, and the valid rows are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from feedback_app.common.texts import N_, Text
from feedback_app.invitations.csv_file import (
    MAX_CELL,
    MAX_ROWS,
    ImportFileError,  # noqa: F401  (the callers, web and CLI, catch it from here)
    oversized_cell,
    read_rows,
    rewindable,
    sniff_encoding,
)
from feedback_app.invitations.events import EventError, ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings

BATCH = 1000
ATTRIBUTE_PREFIX = "attr_"
EVENT_COLUMNS = ("touchpoint", "event_id", "occurred_at", "journey")
CUSTOMER_COLUMNS = ("external_id", "email", "name", "locale", "timezone")


@dataclass
class RowError:
    row: int
    column: str | None
    error: str  # a texts.Text where the rules name the problem, for the upload page to translate

    def __str__(self) -> str:
        return f"row {self.row}" + (f", column {self.column}" if self.column else "") + f": {self.error}"


@dataclass
class ImportReport:
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    invitations_scheduled: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def summary(self) -> Text:
        return Text(
            N_(
                "%(read)d row(s) read: %(stored)d stored, %(duplicates)d duplicate(s), %(errors)d with errors; "
                "%(invitations)d invitation(s) scheduled"
            ),
            read=self.rows_read,
            stored=self.stored,
            duplicates=self.duplicates,
            errors=len(self.errors),
            invitations=self.invitations_scheduled,
        )


def import_events(
    session_factory,
    stream: BinaryIO,
    now: datetime,
    settings: RuleSettings,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
    max_rows: int = MAX_ROWS,
) -> ImportReport:
    """Read CSV events from a binary stream and store the valid ones under the deployment's rules (`settings`:
    the fatigue cap, unknown fields, as the event API does); `progress` gets bytes read so far.

    The whole file is read and checked before the first row is stored: a problem with the file as a whole
    (encoding, CSV structure, too many rows) is an ImportFileError naming the line, and nothing is stored."""
    stream = rewindable(stream)
    start = stream.tell()
    encoding = sniff_encoding(stream)
    report = _check(stream, encoding, now, max_rows)
    stream.seek(start)
    refused = {error.row for error in report.errors}
    batch: list[tuple[int, object]] = []
    for number, row in read_rows(stream, encoding)[1]:
        if number in refused:
            continue
        batch.append((number, parse_event(_event(row), now)))
        if len(batch) >= batch_size:
            _store(session_factory, batch, now, report, settings)
            batch = []
            if progress:
                progress(stream.tell())
    _store(session_factory, batch, now, report, settings)
    if progress:
        progress(stream.tell())
    report.errors.sort(key=lambda e: e.row)
    return report


def _check(stream: BinaryIO, encoding: str, now: datetime, max_rows: int) -> ImportReport:
    """Every row read and checked, nothing stored: the report of what is wrong, row by row."""
    columns, rows = read_rows(stream, encoding, max_rows)
    report = ImportReport(ignored_columns=[c for c in columns if not _known(c)])
    for number, row in rows:
        report.rows_read += 1
        oversized = oversized_cell(row)
        if oversized:
            column, length = oversized
            report.errors.append(
                RowError(
                    number,
                    column,
                    Text(N_("the cell holds %(length)d characters; at most %(max)d"), length=length, max=MAX_CELL),
                )
            )
            continue
        try:
            parse_event(_event(row), now)
        except EventError as exc:
            report.errors.append(_row_error(number, exc.errors[0].get("field") if exc.errors else None, exc.text))
    return report


def _store(session_factory, batch: list, now: datetime, report: ImportReport, settings: RuleSettings) -> None:
    """One transaction per batch; rows the store refuses (an unknown touchpoint) are reported and left out."""
    while batch:
        try:
            with session_factory() as session:
                results = ingest_events(session, [event for _, event in batch], now, settings)
        except EventError as exc:
            refused = {item["index"]: item for item in exc.errors}
            report.errors.extend(
                _row_error(batch[index][0], item.get("field"), item["error"]) for index, item in refused.items()
            )
            batch = [entry for index, entry in enumerate(batch) if index not in refused]
            continue
        for result in results:
            report.duplicates += result["duplicate"]
            report.stored += not result["duplicate"]
            if not result["duplicate"]:
                report.invitations_scheduled += sum(i["status"] == "scheduled" for i in result["invitations"])
        return


def _row_error(number: int, field_name: str | None, message: str) -> RowError:
    return RowError(number, _column_of(field_name) if field_name else None, message)


def _column_of(field_name: str) -> str:
    """An API field name as the CSV calls it: customer.email -> customer_email, attributes.x -> attr_x."""
    if field_name.startswith("customer.attributes."):
        return ATTRIBUTE_PREFIX + field_name.split(".", 2)[2]
    return field_name.replace(".", "_")


def _known(column: str) -> bool:
    return (
        column in EVENT_COLUMNS
        or column.startswith(ATTRIBUTE_PREFIX)
        or column in {f"customer_{name}" for name in CUSTOMER_COLUMNS}
    )


def _event(row: dict) -> dict:
    """A CSV row as the event API's JSON object; empty cells are absent values."""
    cells = {key: value.strip() for key, value in row.items() if key and isinstance(value, str) and value.strip()}
    event = {name: cells[name] for name in EVENT_COLUMNS if name in cells}
    customer = {name: cells[f"customer_{name}"] for name in CUSTOMER_COLUMNS if f"customer_{name}" in cells}
    attributes = {
        key[len(ATTRIBUTE_PREFIX) :]: value for key, value in cells.items() if key.startswith(ATTRIBUTE_PREFIX)
    }
    if attributes:
        customer["attributes"] = attributes
    event["customer"] = customer
    return event
