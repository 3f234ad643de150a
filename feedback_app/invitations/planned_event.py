"""One event of a batch as planning carries it from the posted event to its stored row and answer."""

from __future__ import annotations

from dataclasses import dataclass

from feedback_app.models import Touchpoint
from feedback_app.storage.bulk_insert import JSONText


@dataclass
class PlannedEvent:
    """One event of a batch, its touchpoint resolved; `replay` is the stored answer of a known event_id."""

    event: object  # events.EventInput
    touchpoint: Touchpoint
    replay: dict | None = None
    first: PlannedEvent | None = None  # an earlier event of the same batch with the same event_id
    customer: dict | None = None  # the customer as this event leaves it
    row: dict | None = None
    payload: JSONText | None = None  # the stored payload; dumped before the write lock when the caller can
