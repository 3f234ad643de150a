"""The triggers page's list: every trigger not deleted, with its touchpoint and journey named in the reader's
language, its questionnaire, the last 7 days' funnel and whether an earlier trigger shadows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from feedback_app.models import Journey, Questionnaire, Touchpoint, Trigger
from feedback_app.models.journey import in_language
from feedback_app.triggers.funnel import Funnel, trigger_funnels
from feedback_app.triggers.overlap import Overlap, overlaps


@dataclass
class TriggerRow:
    trigger: Trigger
    touchpoint: str
    journey: str
    questionnaire: str
    last_7_days: Funnel
    overlap: Overlap | None = None  # an earlier trigger on the same touchpoint that the fatigue rule lets win


def list_triggers(session: Session, now: datetime, lang: str = "en") -> list[TriggerRow]:
    """Every trigger not deleted, with its touchpoint and journey named in `lang`, its questionnaire and the last 7
    days' funnel."""
    rows = session.exec(
        select(Trigger, Touchpoint, Journey, Questionnaire.key)
        .join(Touchpoint, Touchpoint.id == Trigger.touchpoint_id)
        .join(Journey, Journey.id == Trigger.journey_id)
        .join(Questionnaire, Questionnaire.id == Trigger.questionnaire_id)
        .where(Trigger.deleted_at.is_(None))
        .order_by(Journey.name, Touchpoint.position, Trigger.id)
    ).all()
    funnels = trigger_funnels(session, now - timedelta(days=7), now + timedelta(seconds=1), [r[0].id for r in rows])
    shadowed = overlaps(session, [r[0] for r in rows])
    return [
        TriggerRow(
            t,
            in_language(tp, "name", lang),
            in_language(j, "name", lang),
            q,
            funnels.get(t.id, Funnel()),
            shadowed.get(t.id),
        )
        for t, tp, j, q in rows
    ]
