"""Recompute stored scores with the current scorer and each journey's own themes; rollups follow in the same
transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import and_, delete, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from feedback_app.insight import rollups
from feedback_app.insight.theme_sets import NO_THEMES, ThemeSet, apply_scores, load_theme_set
from feedback_app.models import Journey, JourneyTheme, RescoreRequest, Response, get_journey

log = logging.getLogger(__name__)


def current_theme_sets(session: Session) -> dict[int, ThemeSet]:
    """Journey id -> its themes, for the journeys that have their own."""
    journey_ids = set(session.exec(select(JourneyTheme.journey_id).distinct()))
    return {journey_id: load_theme_set(session, journey_id) for journey_id in journey_ids}


def _pending(theme_sets: dict[int, ThemeSet], since: datetime | None, journey_id: int | None) -> list:
    """Answers whose scorer version is not the one their journey's answers get now."""
    stale = or_(
        and_(Response.journey_id.not_in(list(theme_sets)), Response.scorer != NO_THEMES.scorer),
        *(and_(Response.journey_id == jid, Response.scorer != themes.scorer) for jid, themes in theme_sets.items()),
    )
    conditions = [stale, Response.anonymised_at.is_(None)]  # an anonymised answer keeps the scores it was counted with
    if since is not None:
        conditions.append(Response.submitted_at >= since)
    if journey_id is not None:
        conditions.append(Response.journey_id == journey_id)
    return conditions


def journey_id_of(session: Session, slug: str | None) -> int | None:
    """The id of the journey `slug` (JourneyNotFound when there is none), or None for every journey."""
    return get_journey(session, slug).id if slug else None


def count_pending(session: Session, since: datetime | None = None, journey: str | None = None) -> int:
    conditions = _pending(current_theme_sets(session), since, journey_id_of(session, journey))
    return session.exec(select(func.count()).select_from(Response).where(*conditions)).one()


def rescore(
    session_factory: Callable, since: datetime | None = None, batch_size: int = 500, journey: str | None = None
) -> Iterator[int]:
    """Rescore answers not yet scored by the current scorer with their journey's current themes, in id order,
    one transaction per batch (of one journey, `journey`, or all).

    Yields the number done after each batch. Interrupted, it resumes where it stopped; run again
    after it finished, it finds nothing to do (idempotent).
    """
    with session_factory() as session:
        theme_sets, journey_id = current_theme_sets(session), journey_id_of(session, journey)
    conditions = _pending(theme_sets, since, journey_id)
    last_id = 0
    while True:
        with session_factory() as session:
            batch = list(
                session.exec(
                    select(Response).where(Response.id > last_id, *conditions).order_by(Response.id).limit(batch_size)
                )
            )
            if not batch:
                return
            for response in batch:
                rollups.add_response(session, response, sign=-1)
                apply_scores(
                    response, theme_sets.get(response.journey_id, NO_THEMES).score(response.text, response.face)
                )
                session.add(response)
                rollups.add_response(session, response, sign=+1)
            last_id = batch[-1].id
        yield len(batch)


def rescore_request_of(session: Session, journey_id: int) -> RescoreRequest | None:
    """The journey's waiting 'read them again' request, if any (run_rescore_requests works them off)."""
    return session.exec(select(RescoreRequest).where(RescoreRequest.journey_id == journey_id)).first()


class RescoreAlreadyRequested(Exception):
    """A request for the journey was stored at the same moment (a second click): the first one stands."""


def request_rescore(session: Session, slug: str, requested_by: str, now: datetime) -> RescoreRequest:
    """Ask the scheduler to read a journey's earlier answers again (a second request changes nothing; one made
    at the same moment raises RescoreAlreadyRequested)."""
    journey = get_journey(session, slug)
    request = rescore_request_of(session, journey.id)
    if request is None:
        request = RescoreRequest(journey_id=journey.id, requested_at=now, requested_by=requested_by[:320])
        session.add(request)
        try:
            session.flush()
        except IntegrityError:
            raise RescoreAlreadyRequested(slug) from None
    return request


def run_rescore_requests(session_factory: Callable, batches: int = 4, batch_size: int = 500) -> int:
    """One scheduler pass: up to `batches` batches of each requested journey; a request whose journey has
    nothing left is removed. Returns the answers rescored. Resumable like `rescore` itself."""
    with session_factory() as session:
        requested = [
            (r.id, slug)
            for r, slug in session.exec(
                select(RescoreRequest, Journey.slug).join(Journey, Journey.id == RescoreRequest.journey_id)
            )
        ]
    done = 0
    for request_id, slug in requested:
        try:
            done += _run_request(session_factory, request_id, slug, batches, batch_size)
        except Exception:  # one journey's failure must not stop the others' (nor the scheduler's other jobs)
            log.exception("rescoring the answers of %s failed; the request stays for the next pass", slug)
    return done


def _run_request(session_factory: Callable, request_id: int, slug: str, batches: int, batch_size: int) -> int:
    done = 0
    runs = rescore(session_factory, journey=slug, batch_size=batch_size)
    for _ in range(batches):
        count = next(runs, None)
        if count is None:
            with session_factory() as session:
                session.exec(delete(RescoreRequest).where(RescoreRequest.id == request_id))
            break
        done += count
    runs.close()
    return done
