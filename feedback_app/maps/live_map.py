"""Responses + authored lanes -> the journey map that the page and the JSON both show."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Boolean, bindparam, func, or_
from sqlmodel import Session, select

from feedback_app.common.clock import day_param, day_start, iso, utcnow
from feedback_app.common.texts import N_, TextError
from feedback_app.insight.rollup_reads import RollupScope, theme_counts
from feedback_app.insight.theme_sets import ThemeSet, cached_theme_set, pain_answers
from feedback_app.maps.details import add_map_details, answers_in_scope
from feedback_app.maps.stages import visible_stages
from feedback_app.models import (
    Channel,
    Journey,
    LaneCell,
    Persona,
    Response,
    ResponseTheme,
    Stage,
    StageRollup,
    Touchpoint,
    get_journey,
)
from feedback_app.models.journey import both_languages, details_in_language, in_language
from feedback_app.models.response import EMOTION_LABELS

PAIN_POINTS_PER_STAGE = 5
QUOTES_PER_PAIN_POINT = 3


@dataclass(frozen=True)
class MapFilters:
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive
    persona: str | None = None  # persona key
    channel: str | None = None  # channel key
    touchpoint: str | None = None  # touchpoint key

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> MapFilters:
        """?from=YYYY-MM-DD&to=YYYY-MM-DD&persona=KEY&channel=KEY&touchpoint=KEY, read the same way by the API, the
        map pages, the dashboards and the exports; a TextError (a ValueError) on bad dates, in English for the API
        and translated by the pages."""
        start, end = day_param(args, "from"), day_param(args, "to")
        if start and end and start > end:
            raise TextError(N_("'from' is after 'to'"), "to")
        return cls(
            start=start,
            end=end,
            persona=args.get("persona") or None,
            channel=args.get("channel") or None,
            touchpoint=args.get("touchpoint") or None,
        )

    def as_dict(self) -> dict:
        """The filters as the map's JSON echoes them (ISO days, keys; None: all)."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "persona": self.persona,
            "channel": self.channel,
            "touchpoint": self.touchpoint,
        }


def build_map(session: Session, slug: str, filters: MapFilters = MapFilters(), lang: str = "en") -> dict:
    """The whole map: stages in order with touchpoints, authored lanes and the live lanes."""
    journey = get_journey(session, slug)
    stages = visible_stages(session, journey.id)
    channels = {c.id: c for c in session.exec(select(Channel).where(Channel.journey_id == journey.id))}
    touchpoints = list(
        session.exec(select(Touchpoint).where(Touchpoint.journey_id == journey.id).order_by(Touchpoint.position))
    )
    personas = list(session.exec(select(Persona).where(Persona.journey_id == journey.id)))
    cells = {
        (c.stage_id, c.lane): in_language(c, "content", lang)
        for c in session.exec(select(LaneCell).where(LaneCell.journey_id == journey.id))
    }
    scope = _rollup_scope(filters, personas, channels, touchpoints, journey.id)
    emotions = _emotions(session, journey.id, scope)
    pain_points = _pain_points(
        session, [stage.id for stage in stages], scope, lang, cached_theme_set(session, journey.id)
    )
    result = {
        "journey": _journey(journey, lang),
        "personas": [_persona(p, lang) for p in personas],
        "filters": filters.as_dict(),
        "stages": [
            {
                **_authored_stage(stage, touchpoints, channels, cells, lang),
                "emotion": emotions.get(stage.id, _empty_emotion()),
                "pain_points": pain_points.get(stage.id, []),
            }
            for stage in stages
        ],
        "generated_at": iso(utcnow()),
    }
    return add_map_details(session, journey, stages, result, filters, scope, list(channels.values()), touchpoints, lang)


def _persona(persona: Persona, lang: str) -> dict:
    return {
        "key": persona.key,
        "name": in_language(persona, "name", lang),
        "description": in_language(persona, "description", lang),
        "details": details_in_language(persona, lang),
    }


def _journey(journey: Journey, lang: str) -> dict:
    """The journey's part of the map, in the reader's language; `names` has the name in both."""
    return {
        "slug": journey.slug,
        "name": in_language(journey, "name", lang),
        "map_type": journey.map_type,
        "goal": in_language(journey, "goal", lang),
        "names": both_languages(journey, "name"),
    }


def _authored_stage(
    stage: Stage,
    touchpoints: list[Touchpoint],
    channels: dict[int, Channel],
    cells: dict[tuple[int, str], str],
    lang: str = "en",
) -> dict:
    """What the map's authors wrote about a stage, in the reader's language (`lang`): names, position, touchpoints
    with their channels, lane cells."""
    return {
        "key": stage.key,
        "name": stage.name,
        "name_id": stage.name_id,
        "position": stage.position,
        "touchpoints": [
            {
                "key": t.key,
                "name": in_language(t, "name", lang),
                "names": both_languages(t, "name"),
                "channel": in_language(channels[t.channel_id], "name", lang) if t.channel_id in channels else None,
            }
            for t in touchpoints
            if t.stage_id == stage.id
        ],
        "lanes": {lane: content for (stage_id, lane), content in cells.items() if stage_id == stage.id},
    }


def _rollup_scope(
    filters: MapFilters,
    personas: list[Persona],
    channels: dict[int, Channel],
    touchpoints: list[Touchpoint],
    journey_id: int,
) -> RollupScope:
    """The filters as a rollup read's scope (all stages): keys as ids, an unknown key matching nothing."""
    keys = (filters.persona, filters.channel, filters.touchpoint)
    parts = (personas, channels.values(), touchpoints)
    return RollupScope.for_keys((filters.start, filters.end), None, keys, parts, journey_id)


def _empty_emotion() -> dict:
    return {
        "score": None,
        "responses": 0,
        "positive": 0,
        "neutral": 0,
        "negative": 0,
        "flagged": 0,
        "stderr": None,
        "labels": {},
    }


def _emotions(session: Session, journey_id: int, scope: RollupScope) -> dict[int, dict]:
    """Per stage: mean emotion with its standard error, the sentiment split and the emotion-label counts."""
    labels = [func.sum(getattr(StageRollup, f"emo_{label}")) for label in EMOTION_LABELS]
    query = (
        select(
            StageRollup.stage_id,
            func.sum(StageRollup.responses),
            func.sum(StageRollup.emotion_sum),
            func.sum(StageRollup.emotion_sq_sum),
            func.sum(StageRollup.positive),
            func.sum(StageRollup.neutral),
            func.sum(StageRollup.negative),
            func.sum(StageRollup.flagged),
            *labels,
        )
        .where(StageRollup.journey_id == journey_id)
        .group_by(StageRollup.stage_id)
    )
    query = scope.apply(query, StageRollup, scope.start, scope.end)
    result = {}
    for stage_id, count, total, squares, positive, neutral, negative, flagged, *label_counts in session.exec(query):
        if not count:
            continue
        mean = total / count
        variance = max(squares / count - mean * mean, 0.0)
        result[stage_id] = {
            "score": round(mean, 4),
            "responses": int(count),
            "positive": int(positive),
            "neutral": int(neutral),
            "negative": int(negative),
            "flagged": int(flagged or 0),  # answers whose text clearly disagrees with the face chosen
            "stderr": round(math.sqrt(variance / count), 4) if count > 1 else None,
            "labels": {label: int(n) for label, n in zip(EMOTION_LABELS, label_counts) if n},
        }
    return result


def _quotes(session: Session, wanted: list[tuple[int, str, bool]], scope: RollupScope) -> dict:
    """The most recent answers behind each (stage, theme): any answer naming a complaint theme, else the negative
    ones, within the same filters as the counts: one index-backed LIMIT statement (stage, theme, submitted_at),
    built once and run per pair."""
    query = (
        select(Response.text)
        .join(ResponseTheme, ResponseTheme.response_id == Response.id)
        .where(
            ResponseTheme.stage_id == bindparam("stage_id"),
            ResponseTheme.theme == bindparam("theme"),
            or_(ResponseTheme.label == "negative", bindparam("any_label", type_=Boolean)),
            Response.text != "",
        )
    )
    if scope.start:
        query = query.where(ResponseTheme.submitted_at >= day_start(scope.start))
    if scope.end:
        query = query.where(ResponseTheme.submitted_at < day_start(scope.end + timedelta(days=1)))
    query = answers_in_scope(query, scope).order_by(ResponseTheme.submitted_at.desc()).limit(QUOTES_PER_PAIN_POINT)
    return {
        (stage_id, theme): list(
            session.exec(query, params={"stage_id": stage_id, "theme": theme, "any_label": complaint})
        )
        for stage_id, theme, complaint in wanted
    }


def _pain_points(session: Session, stage_ids: list[int], scope: RollupScope, lang: str, themes: ThemeSet) -> dict:
    """stage id -> its recurring pain points (theme_sets.pain_answers), counted from the theme rollups (no scan)."""
    counts = theme_counts(session, replace(scope, stage_ids=stage_ids))
    complaints = {key: themes.is_complaint(key[1]) for key in counts}
    painful = {
        key: (pain_answers(complaints[key], negative, total), total, complaints[key])
        for key, (negative, total) in counts.items()
    }
    ranked: dict[int, list] = {}
    for (stage_id, theme), (count, total, complaint) in sorted(painful.items(), key=lambda i: (-i[1][0], i[0][1])):
        if count > 0 and len(ranked.setdefault(stage_id, [])) < PAIN_POINTS_PER_STAGE:
            ranked[stage_id].append((theme, count, total, complaint))
    quotes = _quotes(session, [(stage_id, t, c) for stage_id, top in ranked.items() for t, _, _, c in top], scope)
    return {
        stage_id: [
            {
                "theme": themes.label(theme, lang),
                "key": theme,
                **themes.aspect_named(theme, lang),
                "count": count,
                "answers": total,
                "complaint": complaint,
                "quotes": quotes[(stage_id, theme)],
            }
            for theme, count, total, complaint in top
        ]
        for stage_id, top in ranked.items()
    }
