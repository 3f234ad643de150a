"""Opportunities suggested from the biggest pain points, which the CX manager accepts into the lane or dismisses.

A theme at a stage is suggested until someone decides on it; either decision is remembered, so a dismissed
suggestion does not come back with the next answer.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from .journey_map import build_map
from .journeys import MapEditError, get_journey
from .models import OpportunityDecision
from .stages import append_to_cell, get_stage

SUGGESTIONS = 5
MIN_ANSWERS = 2  # one complaint is an anecdote, not yet an opportunity


def suggest_opportunities(session: Session, slug: str, journey_map: dict | None = None) -> list[dict]:
    """The biggest undecided pain points across the map, each phrased as a suggestion."""
    journey = get_journey(session, slug)
    journey_map = journey_map or build_map(session, slug)
    decided = set(session.exec(select(OpportunityDecision.stage_id, OpportunityDecision.theme)
                               .where(OpportunityDecision.journey_id == journey.id)))
    stage_ids = {s["key"]: get_stage(session, journey.id, s["key"]).id for s in journey_map["stages"]}
    suggestions = []
    for stage in journey_map["stages"]:
        for pain in stage["pain_points"]:
            key = pain.get("key") or pain["theme"]
            if pain["count"] < MIN_ANSWERS or (stage_ids[stage["key"]], key) in decided:
                continue
            suggestions.append({"stage": stage["key"], "stage_name": stage["name"], "theme": key,
                                "theme_name": pain["theme"], "count": pain["count"], "share": pain.get("share"),
                                "text": suggestion_text(pain["theme"], stage["name"], pain["count"], pain.get("share"))})
    suggestions.sort(key=lambda s: (-s["count"], -(s["share"] or 0), s["stage"], s["theme"]))
    return suggestions[:SUGGESTIONS]


def suggestion_text(theme: str, stage_name: str, count: int, share: float | None) -> str:
    """'Late delivery: 34 % of negative service answers' (or the count when the share is unknown)."""
    theme = theme[:1].upper() + theme[1:]
    if share is None:
        return f"{theme}: {count} negative {stage_name.lower()} answers"
    return f"{theme}: {round(share * 100)} % of negative {stage_name.lower()} answers"


def accept_opportunity(session: Session, slug: str, stage_key: str, theme: str, text: str, now: datetime) -> str:
    """Append the suggestion (as the manager worded it) to the stage's opportunities cell; returns the cell."""
    text = (text or "").strip()
    if not text:
        raise MapEditError("Say what the opportunity is before accepting it.", "text")
    _decide(session, slug, stage_key, theme, "accepted", now)
    return append_to_cell(session, slug, stage_key, "opportunities", text)


def dismiss_opportunity(session: Session, slug: str, stage_key: str, theme: str, now: datetime) -> None:
    """Stop suggesting this theme at this stage."""
    _decide(session, slug, stage_key, theme, "dismissed", now)


def _decide(session: Session, slug: str, stage_key: str, theme: str, decision: str, now: datetime) -> None:
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, stage_key)
    if not theme:
        raise MapEditError("Which pain point is this about?", "theme")
    row = session.exec(select(OpportunityDecision).where(OpportunityDecision.stage_id == stage.id,
                                                         OpportunityDecision.theme == theme)).first()
    row = row or OpportunityDecision(journey_id=journey.id, stage_id=stage.id, theme=theme, decision=decision)
    row.decision, row.decided_at = decision, now
    session.add(row)
