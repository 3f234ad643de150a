"""What the map shows beside the contract fields: the emotion lane's uncertainty, tone, dominant emotion, target and
quotes; each pain point's share of the stage's answers it counts among (theme_sets.pain_answers); persona avatars; the filter choices.

`live_map.build_map` calls `add_map_details` last, with the same filters, so page and JSON agree.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from feedback_app.common.clock import day_start
from feedback_app.insight.theme_sets import pain_answers
from feedback_app.maps.emotion_tone import FEW_ANSWERS, dominant_emotion, emotion_tone
from feedback_app.maps.journeys import persona_avatar
from feedback_app.models import Channel, Response, Stage, Touchpoint
from feedback_app.models.journey import in_language

QUOTES_PER_STAGE = 3
Z_95 = 1.96


def add_map_details(
    session: Session,
    journey,
    stages: list[Stage],
    journey_map: dict,
    filters,
    scope,
    channels: list[Channel],
    touchpoints: list[Touchpoint],
    lang: str = "en",
) -> dict:
    """Enrich a built map in place (and return it); channels and touchpoints as build_map loaded them."""
    journey_map["journey"]["review_cadence"] = journey.review_cadence
    journey_map["few_answers"] = FEW_ANSWERS
    for persona in journey_map["personas"]:
        persona["avatar"] = persona_avatar(persona["name"], persona["key"])
    named = sorted((in_language(c, "name", lang), c.key) for c in channels)
    journey_map["channels"] = [{"key": key, "name": name} for name, key in named]
    journey_map["touchpoints"] = [{"key": t.key, "name": in_language(t, "name", lang)} for t in touchpoints]
    answered = [stage.id for stage, entry in zip(stages, journey_map["stages"]) if entry["emotion"]["responses"]]
    recent = _recent_answers(filters, scope)
    quotes = {stage_id: list(session.exec(recent, params={"stage_id": stage_id})) for stage_id in answered}
    for stage, entry in zip(stages, journey_map["stages"]):
        emotion = entry["emotion"]
        emotion.update(_interval(emotion))
        emotion["tone"] = emotion_tone(emotion["score"], emotion["responses"], emotion["positive"], emotion["negative"])
        emotion["dominant"] = dominant_emotion(emotion["labels"], emotion["tone"])
        emotion["quotes"] = quotes.get(stage.id, [])
        entry["target_emotion"] = stage.target_emotion
        entry["gap"] = (
            round(emotion["score"] - stage.target_emotion, 2)
            if stage.target_emotion is not None and emotion["score"] is not None
            else None
        )
        for pain in entry["pain_points"]:
            base = pain_answers(pain.get("complaint", False), emotion["negative"], emotion["responses"])
            pain["share"] = round(pain["count"] / base, 3) if base else None
    return journey_map


def _interval(emotion: dict) -> dict:
    """A 95 % interval around the mean (normal approximation), clipped to the scale."""
    if emotion["score"] is None or emotion.get("stderr") is None:
        return {"low": None, "high": None}
    half = Z_95 * emotion["stderr"]
    return {"low": round(max(-1.0, emotion["score"] - half), 3), "high": round(min(1.0, emotion["score"] + half), 3)}


def _recent_answers(filters, scope):
    """The latest answers of a stage (any sentiment), for the emotion lane's hover: reads the stage index.
    Built once per map and run per stage (`stage_id` bound at execution)."""
    query = select(Response.text).where(Response.stage_id == bindparam("stage_id"), Response.text != "")
    if filters.start:
        query = query.where(Response.submitted_at >= day_start(filters.start))
    if filters.end:
        query = query.where(Response.submitted_at < day_start(filters.end + timedelta(days=1)))
    return answers_in_scope(query, scope).order_by(Response.submitted_at.desc()).limit(QUOTES_PER_STAGE)


def answers_in_scope(query, scope):
    """A query on Response restricted to the scope's persona and touchpoints (a RollupScope of the map's filters)."""
    if scope.persona_id is not None:
        query = query.where(Response.persona_id == scope.persona_id)
    if scope.touchpoint_ids is not None:
        query = query.where(Response.touchpoint_id.in_(scope.touchpoint_ids))
    return query
