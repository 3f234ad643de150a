"""Opportunities suggested from the biggest pain points, which the CX manager accepts into the lane or dismisses.

A theme at a stage is suggested until someone decides on it; either decision is remembered, so a dismissed
suggestion does not come back with the next answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from feedback_app.common.texts import N_, Text, in_language
from feedback_app.maps.journeys import MapEditError
from feedback_app.maps.live_map import build_map
from feedback_app.maps.stages import append_to_cell, get_stage
from feedback_app.models import OpportunityDecision, get_journey

SUGGESTIONS = 5
MIN_ANSWERS = 2  # one complaint is an anecdote, not yet an opportunity


def suggest_opportunities(session: Session, slug: str, journey_map: dict | None = None, lang: str = "en") -> list[dict]:
    """The biggest undecided pain points across the map, each phrased as a suggestion (stage and theme names in
    `lang`; a given map was built in it)."""
    journey = get_journey(session, slug)
    journey_map = journey_map or build_map(session, slug, lang=lang)
    decided = set(
        session.exec(
            select(OpportunityDecision.stage_id, OpportunityDecision.theme).where(
                OpportunityDecision.journey_id == journey.id
            )
        )
    )
    stage_ids = {s["key"]: get_stage(session, journey.id, s["key"]).id for s in journey_map["stages"]}
    suggestions = []
    for stage in journey_map["stages"]:
        for pain in stage["pain_points"]:
            key = pain.get("key") or pain["theme"]
            if pain["count"] < MIN_ANSWERS or (stage_ids[stage["key"]], key) in decided:
                continue
            stage_name = in_language(stage["name"], stage.get("name_id"), lang)
            suggestions.append(
                {
                    "stage": stage["key"],
                    "stage_name": stage_name,
                    "theme": key,
                    "theme_name": pain["theme"],
                    "count": pain["count"],
                    "share": pain.get("share"),
                    "text": suggestion_text(
                        pain["theme"], stage_name, pain["count"], pain.get("share"), pain.get("complaint", False)
                    ),
                }
            )
    suggestions.sort(key=lambda s: (-s["count"], -(s["share"] or 0), s["stage"], s["theme"]))
    return suggestions[:SUGGESTIONS]


def suggestion_text(theme: str, stage_name: str, count: int, share: float | None, complaint: bool = False) -> Text:
    """'Late delivery: 34 % of service answers' for a complaint (it counts in every answer naming it), 'Food
    quality: 20 % of negative service answers' for an aspect or a term; the count when the share is unknown."""
    theme, stage = theme[:1].upper() + theme[1:], stage_name.lower()
    if share is None:
        message = (
            N_("%(theme)s: %(count)d %(stage)s answers")
            if complaint
            else N_("%(theme)s: %(count)d negative %(stage)s answers")
        )
        return Text(message, theme=theme, count=count, stage=stage)
    message = (
        N_("%(theme)s: %(percent)d %% of %(stage)s answers")
        if complaint
        else N_("%(theme)s: %(percent)d %% of negative %(stage)s answers")
    )
    return Text(message, theme=theme, stage=stage, percent=round(share * 100))


def accept_opportunity(session: Session, slug: str, stage_key: str, theme: str, text: str, now: datetime) -> str:
    """Append the suggestion (as the manager worded it) to the stage's opportunities cell; returns the cell."""
    text = (text or "").strip()
    if not text:
        raise MapEditError(N_("Say what the opportunity is before accepting it."), "text")
    _decide(session, slug, stage_key, theme, "accepted", now)
    return append_to_cell(session, slug, stage_key, "opportunities", text)


def dismiss_opportunity(session: Session, slug: str, stage_key: str, theme: str, now: datetime) -> None:
    """Stop suggesting this theme at this stage."""
    _decide(session, slug, stage_key, theme, "dismissed", now)


def _decide(session: Session, slug: str, stage_key: str, theme: str, decision: str, now: datetime) -> None:
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, stage_key)
    if not theme:
        raise MapEditError(N_("Which pain point is this about?"), "theme")
    row = session.exec(
        select(OpportunityDecision).where(OpportunityDecision.stage_id == stage.id, OpportunityDecision.theme == theme)
    ).first()
    row = row or OpportunityDecision(journey_id=journey.id, stage_id=stage.id, theme=theme, decision=decision)
    row.decision, row.decided_at = decision, now
    session.add(row)
