"""Three months of the demo journey's life, so a first login shows a live map, trends and candidate themes.

It takes the product's own paths with past timestamps: events go in through `ingest_events` (the trigger rules
decide, fatigue and quiet hours included), the invitations the scheduler would have sent are marked sent at
their due time (no mail leaves), and the answers go through `answer_survey`, so the rollups, themes and close
the loop are built as for real answers. Deterministic (a seeded random), and loaded once: safe to run twice.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select

from feedback_app.demo import SLUG
from feedback_app.demo_answers import pick_answer, rating_for
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.maps.live_map import MapFilters
from feedback_app.maps.review import freeze_snapshot
from feedback_app.models import (
    Customer,
    Invitation,
    InvitationStatus,
    Journey,
    Question,
    Stage,
    TouchpointEvent,
    Trigger,
)
from feedback_app.storage.database import session_scope
from feedback_app.survey.answering import answer_survey

DAYS = 90
PREFIX = "demo-history-"
CUSTOMERS = 160
ANSWER_RATE = 0.55
QUIET_HOURS = ("21:00", "07:00")
# touchpoint key -> stage key and relative weight of its events (deliveries happen every weekday)
TOUCHPOINTS = {
    "ad_seen": ("awareness", 1.0),
    "menu_viewed": ("consideration", 1.4),
    "trial_ordered": ("decision", 1.0),
    "order_delivered": ("service", 4.0),
    "subscription_renewed": ("loyalty", 0.7),
}
NAMES = ("Rina", "Budi", "Sari", "Dewi", "Andi", "Putri", "Agus", "Maya", "Joko", "Lina", "Eko", "Tari", "Wulan")
Progress = Callable[[int, int], None]


@dataclass
class HistoryOutcome:
    events: int = 0
    invitations: int = 0
    answers: int = 0
    already_loaded: bool = False


def seed_history(
    engine: Engine, now: datetime, settings: RuleSettings, progress: Progress | None = None, seed: int = 14
) -> HistoryOutcome:
    """Load DAYS days of events, invitations and answers ending at `now`; nothing when they are already there."""
    with session_scope(engine) as session:
        if session.exec(select(TouchpointEvent.id).where(TouchpointEvent.event_id == f"{PREFIX}0")).first():
            return HistoryOutcome(already_loaded=True)
    _quiet_nights(engine)
    rng = random.Random(seed)
    outcome = HistoryOutcome()
    start = (now - timedelta(days=DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    for day in range(DAYS):
        outcome.events += _post_day(engine, rng, start + timedelta(days=day), outcome.events, now, settings)
    outcome.invitations = _mark_sent(engine, now)
    outcome.answers = _answer(engine, rng, now, progress)
    _freeze_monthly_snapshots(engine, now)
    return outcome


def _quiet_nights(engine: Engine) -> None:
    """The demo's triggers keep the customers' nights quiet (21:00–07:00 their time), as a team would set them;
    triggers whose quiet hours someone already set keep theirs."""
    with session_scope(engine) as session:
        session.exec(
            update(Trigger)
            .where(
                Trigger.quiet_start.is_(None), Trigger.journey_id.in_(select(Journey.id).where(Journey.slug == SLUG))
            )
            .values(quiet_start=QUIET_HOURS[0], quiet_end=QUIET_HOURS[1])
        )


def _post_day(
    engine: Engine, rng: random.Random, day: datetime, numbered: int, now: datetime, settings: RuleSettings
) -> int:
    """One day's events (more on weekdays), ingested as the API would have on that day."""
    count = rng.randint(5, 9) if day.weekday() < 5 else rng.randint(1, 3)
    keys, weights = list(TOUCHPOINTS), [weight for _, weight in TOUCHPOINTS.values()]
    raw = []
    for n in range(count):
        number = rng.randrange(CUSTOMERS)
        locale = "en" if number % 3 == 0 else "id"
        moment = day + timedelta(hours=rng.uniform(1, 12))  # 08:00–19:00 in Jakarta
        raw.append(
            {
                "touchpoint": rng.choices(keys, weights)[0],
                "event_id": f"{PREFIX}{numbered + n}",
                "occurred_at": min(moment, now).isoformat(),
                "customer": {
                    "external_id": f"demo-c-{number:03d}",
                    "email": f"demo-c-{number:03d}@example.com",
                    "name": NAMES[number % len(NAMES)],
                    "locale": locale,
                    "timezone": "Asia/Jakarta",
                    "attributes": {"plan": ("monthly", "weekly", "trial")[number % 3]},
                },
            }
        )
    raw.sort(key=lambda event: event["occurred_at"])
    with session_scope(engine) as session:
        ingest_events(session, [parse_event(event, now) for event in raw], min(day, now), settings)
    return count


def _history_events():
    return select(TouchpointEvent.id).where(TouchpointEvent.event_id.startswith(PREFIX))


def _mark_sent(engine: Engine, now: datetime) -> int:
    """What the scheduler would have sent by now is sent, at its due time; a few customers opted out later."""
    with session_scope(engine) as session:
        session.exec(
            update(Invitation)
            .where(
                Invitation.event_id.in_(_history_events()),
                Invitation.status == InvitationStatus.SCHEDULED,
                Invitation.due_at <= now,
            )
            .values(status=InvitationStatus.SENT, sent_at=Invitation.due_at, attempts=1)
        )
        opted = [f"demo-c-{n:03d}" for n in (7, 41, 99)]
        session.exec(update(Customer).where(Customer.external_id.in_(opted)).values(opted_out_at=now))
        sent = session.exec(
            select(Invitation.id).where(
                Invitation.event_id.in_(_history_events()), Invitation.status == InvitationStatus.SENT
            )
        ).all()
    return len(sent)


def _answer(engine: Engine, rng: random.Random, now: datetime, progress: Progress | None) -> int:
    """About ANSWER_RATE of the sent invitations answered, minutes to hours after the send, oldest first."""
    with session_scope(engine) as session:
        rows = session.exec(
            select(Invitation.token, Invitation.sent_at, Invitation.expires_at, Invitation.locale, Stage.key)
            .join(Stage, Stage.id == Invitation.stage_id)
            .where(Invitation.event_id.in_(_history_events()), Invitation.status == InvitationStatus.SENT)
            .order_by(Invitation.id)
        ).all()
        kinds = dict(session.exec(select(Question.key, Question.kind).where(Question.kind != "face")).all())
    planned = []
    for token, sent_at, expires_at, locale, stage in rows:
        answered_at = sent_at + timedelta(minutes=rng.randint(5, 600))
        if rng.random() < ANSWER_RATE and answered_at < min(expires_at, now):
            planned.append((answered_at, token, locale, stage))
    planned.sort()
    for done, (answered_at, token, locale, stage) in enumerate(planned, start=1):
        face, text_id, text_en = pick_answer(rng, stage, (now - answered_at).days)
        form = {"feeling": face, "comment": text_en if locale == "en" else text_id}
        form.update({key: rating_for(kind, face, rng) for key, kind in kinds.items() if kind != "text"})
        answer_survey(engine, token, form, answered_at)
        if progress:
            progress(done, len(planned))
    return len(planned)


def _freeze_monthly_snapshots(engine: Engine, now: datetime) -> None:
    """The review material: the map as it stood at the end of each of the first two months."""
    with session_scope(engine) as session:
        for days_ago in (60, 30):
            taken = now - timedelta(days=days_ago)
            name = f"Review {taken.date().isoformat()}"
            freeze_snapshot(session, SLUG, name, taken, MapFilters(end=taken.date()), taken_by="demo")
