"""Recompute stored scores with the current scorer; rollups follow in the same transaction."""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterator

from sqlmodel import Session, func, select

from . import rollups
from .answers import apply_scores
from .models import Response
from .scoring import SCORER_VERSION, score


def _pending(since: datetime | None) -> list:
    conditions = [Response.scorer != SCORER_VERSION]
    if since is not None:
        conditions.append(Response.submitted_at >= since)
    return conditions


def count_pending(session: Session, since: datetime | None = None) -> int:
    return session.exec(select(func.count()).select_from(Response).where(*_pending(since))).one()


def rescore(session_factory: Callable, since: datetime | None = None, batch_size: int = 500) -> Iterator[int]:
    """Rescore answers not yet scored by SCORER_VERSION, in id order, one transaction per batch.

    Yields the number done after each batch. Interrupted, it resumes where it stopped; run again
    after it finished, it finds nothing to do (idempotent).
    """
    last_id = 0
    while True:
        with session_factory() as session:
            batch = list(session.exec(select(Response).where(Response.id > last_id, *_pending(since))
                                      .order_by(Response.id).limit(batch_size)))
            if not batch:
                return
            for response in batch:
                rollups.add_response(session, response, sign=-1)
                apply_scores(response, score(response.text, face=response.face))
                session.add(response)
                rollups.add_response(session, response, sign=+1)
            last_id = batch[-1].id
        yield len(batch)
