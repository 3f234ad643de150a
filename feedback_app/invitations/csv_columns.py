"""A CSV import's columns in the words of the file: row problems name the column the user sees (customer_email,
not customer.email), near-miss headers get a "did you mean …", and a sample file shows the shape."""

from __future__ import annotations

import difflib

from feedback_app.common.texts import N_, Text
from feedback_app.invitations.csv_file import REQUIRED
from feedback_app.invitations.csv_import import CUSTOMER_COLUMNS, EVENT_COLUMNS, ImportReport

COLUMNS = (*REQUIRED, *(c for c in EVENT_COLUMNS if c not in REQUIRED), *(f"customer_{c}" for c in CUSTOMER_COLUMNS))
COLUMNS = tuple(dict.fromkeys(COLUMNS))  # each once, required first

# occurred_at is left empty (now); an ISO 8601 time such as 2026-03-17T12:05:00+07:00 counts from then.
SAMPLE_CSV = (
    "touchpoint,customer_external_id,event_id,occurred_at,customer_email,customer_name,customer_locale,"
    "customer_timezone,attr_plan,attr_city\r\n"
    "order_delivered,c-42,order-981-delivered,,rina@example.com,Rina,id,Asia/Jakarta,"
    "monthly,Jakarta\r\n"
    "order_delivered,c-43,order-982-delivered,,budi@example.com,Budi,en,Asia/Jakarta,weekly,Bandung\r\n"
)


def closest_column(column: str) -> str | None:
    """The known column a header probably meant (customer_emial -> customer_email), or None."""
    name = column.strip().lower().replace(" ", "_").replace("-", "_")
    if name in COLUMNS and name != column:
        return name
    found = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.75)
    return found[0] if found else None


def ignored_column_hints(report: ImportReport) -> list[Text]:
    """For each ignored column that is a near miss of a known one: "customer_emial: did you mean customer_email?"."""
    hints = []
    for column in report.ignored_columns:
        meant = closest_column(column)
        if meant:
            hints.append(Text(N_("%(column)s: did you mean %(meant)s?"), column=column, meant=meant))
    return hints


def missing_column_hint(problem: Text) -> Text | None:
    """For "the header lacks customer_external_id; found: …, customer_id": which found header to rename."""
    missing = str(problem.params.get("missing", "")).split(", ")
    found = [c for c in str(problem.params.get("found", "")).split(", ") if c]
    pairs = []
    for column in missing:
        near = difflib.get_close_matches(column, found, n=1, cutoff=0.6) or [
            f for f in found if closest_column(f) == column
        ]
        if near:
            pairs.append(Text(N_("rename %(found)s to %(column)s"), found=near[0], column=column))
    if not pairs:
        return None
    return Text(N_("Did you mean: %(renames)s?"), renames=pairs[0] if len(pairs) == 1 else _joined(pairs))


def _joined(parts: list[Text]) -> Text:
    joined = parts[0]
    for part in parts[1:]:
        joined = Text(N_("%(left)s and %(right)s"), left=joined, right=part)
    return joined


def in_file_words(report: ImportReport) -> ImportReport:
    """Row problems that name an API field ('customer.email' is not …) name the file's column instead."""
    for error in report.errors:
        if error.column and isinstance(error.error, Text) and "field" in error.error.params:
            error.error = error.error.with_params(field=error.column)
    return report
