"""What the CX dashboards show, read from the rollups (never a scan of the answers): plain rows for charts.py.

`dashboard(session, slug, filters, now)` returns every chart's rows and the empty flags; the web view only
renders. The invitation funnel comes from `funnel.trigger_funnels` (the marketers' trigger pages use it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.common.clock import day_start
from feedback_app.common.texts import in_language
from feedback_app.insight.rollup_reads import RollupScope, theme_counts
from feedback_app.insight.theme_sets import ThemeSet, cached_theme_set
from feedback_app.models import (
    Channel,
    Journey,
    Persona,
    RatingRollup,
    Stage,
    StageRollup,
    Touchpoint,
    Trigger,
    get_journey,
)
from feedback_app.models.journey import in_language as content_in_language
from feedback_app.triggers.funnel import trigger_funnels

PARETO_THEMES = 12


@dataclass(frozen=True)
class DashboardFilters:
    """Period (inclusive days), persona, channel and touchpoint keys; None means all."""

    start: date | None = None
    end: date | None = None
    persona: str | None = None
    channel: str | None = None
    touchpoint: str | None = None

    def as_dict(self) -> dict:
        """The filters as the page's form fields hold them (empty: all)."""
        return {
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "persona": self.persona or "",
            "channel": self.channel or "",
            "touchpoint": self.touchpoint or "",
        }


@dataclass
class JourneyParts:
    """A journey's stages, personas, channels and touchpoints, loaded once per page."""

    journey: Journey
    stages: list
    personas: list
    channels: list
    touchpoints: list

    @classmethod
    def load(cls, session: Session, slug: str) -> JourneyParts:
        """The journey `slug` and its parts, in the order the charts list them (hidden stages left out)."""
        journey = get_journey(session, slug)
        of = lambda model: list(session.exec(select(model).where(model.journey_id == journey.id)))  # noqa: E731
        stages = sorted(
            (s for s in of(Stage) if getattr(s, "hidden_at", None) is None), key=lambda s: (s.position, s.id)
        )
        return cls(
            journey,
            stages,
            of(Persona),
            sorted(of(Channel), key=lambda c: c.name),
            sorted(of(Touchpoint), key=lambda t: t.position),
        )

    def choices(self, lang: str = "en") -> dict[str, list[tuple[str, str]]]:
        """The persona, channel and touchpoint filter menus as (key, name) pairs, in `lang` where translated."""
        return {
            "personas": [(p.key, content_in_language(p, "name", lang)) for p in self.personas],
            "channels": [(c.key, content_in_language(c, "name", lang)) for c in self.channels],
            "touchpoints": [(t.key, content_in_language(t, "name", lang)) for t in self.touchpoints],
        }

    def scope(self, filters: DashboardFilters) -> RollupScope:
        """The filters as rollup keys; an unknown key matches nothing rather than everything."""
        keys = (filters.persona, filters.channel, filters.touchpoint)
        stage_ids = [s.id for s in self.stages]
        parts = (self.personas, self.channels, self.touchpoints)
        return RollupScope.for_keys((filters.start, filters.end), stage_ids, keys, parts, self.journey.id)


def dashboard(session: Session, slug: str, filters: DashboardFilters, now: datetime, lang: str = "en") -> dict:
    """Every chart's rows for one journey within the filters; stage and theme names for a reader of `lang`."""
    parts = JourneyParts.load(session, slug)
    scope = parts.scope(filters)
    names = {s.id: in_language(s.name, s.name_id, lang) for s in parts.stages}
    daily = _stage_days(session, scope)
    bucket = _bucket_for(filters, [day for _, day, *_ in daily])
    result = {
        "journey": {"slug": parts.journey.slug, "name": content_in_language(parts.journey, "name", lang)},
        "stages": list(names.values()),
        "filters": filters.as_dict(),
        "choices": parts.choices(lang),
        "bucket": bucket,
        "emotion_over_time": _emotion_over_time(daily, names, bucket),
        "sentiment_split": _sentiment_split(daily, names),
        "channel_comparison": _channel_comparison(session, scope, parts, lang),
        "pain_points": _pareto(session, scope, lang, cached_theme_set(session, parts.journey.id)),
        "funnel": _funnel(session, parts, filters, now),
    }
    result.update(_ratings(session, scope, names, bucket))
    result["answers"] = sum(row[2] for row in daily)
    return result


def _stage_days(session: Session, scope: RollupScope) -> list[tuple]:
    """(stage_id, day, responses, emotion_sum, positive, neutral, negative) per stage and day."""
    query = select(
        StageRollup.stage_id,
        StageRollup.day,
        func.sum(StageRollup.responses),
        func.sum(StageRollup.emotion_sum),
        func.sum(StageRollup.positive),
        func.sum(StageRollup.neutral),
        func.sum(StageRollup.negative),
    )
    query = scope.apply(query, StageRollup, scope.start, scope.end).group_by(StageRollup.stage_id, StageRollup.day)
    return [row for row in session.exec(query) if row[2]]


def _bucket_for(filters: DashboardFilters, days: list[date]) -> str:
    """Days for a short period, weeks up to about a year, months beyond."""
    if not days:
        return "day"
    span = ((filters.end or max(days)) - (filters.start or min(days))).days
    return "day" if span <= 45 else ("week" if span <= 400 else "month")


def _period(day: date, bucket: str) -> str:
    if bucket == "week":
        day = day - timedelta(days=day.weekday())
    elif bucket == "month":
        day = day.replace(day=1)
    return day.isoformat()


def _emotion_over_time(daily: list[tuple], names: dict, bucket: str) -> list[dict]:
    sums: dict[tuple[str, str], list[float]] = {}
    for stage_id, day, count, total, *_ in daily:
        entry = sums.setdefault((names[stage_id], _period(day, bucket)), [0, 0.0])
        entry[0] += count
        entry[1] += total or 0.0
    return [
        {"stage": stage, "period": period, "responses": n, "score": round(total / n, 3)}
        for (stage, period), (n, total) in sorted(sums.items(), key=lambda item: item[0][1])
    ]


def _sentiment_split(daily: list[tuple], names: dict) -> list[dict]:
    totals: dict[str, list[int]] = {}
    for stage_id, _, _, _, positive, neutral, negative in daily:
        entry = totals.setdefault(names[stage_id], [0, 0, 0])
        for i, value in enumerate((positive, neutral, negative)):
            entry[i] += value or 0
    return [
        {"stage": stage, "label": label, "count": counts[i]}
        for stage, counts in totals.items()
        for i, label in enumerate(("positive", "neutral", "negative"))
    ]


def rating_value(kind: str, answers: int, total: int, top: int, bottom: int) -> float:
    """NPS = % promoters − % detractors; CSAT = % of 4–5; CES = the mean rating."""
    if kind == "nps":
        return round(100.0 * (top - bottom) / answers, 1)
    if kind == "csat":
        return round(100.0 * top / answers, 1)
    return round(total / answers, 2)


def _ratings(session: Session, scope: RollupScope, names: dict, bucket: str) -> dict:
    query = select(
        RatingRollup.stage_id,
        RatingRollup.kind,
        RatingRollup.day,
        func.sum(RatingRollup.answers),
        func.sum(RatingRollup.total),
        func.sum(RatingRollup.top),
        func.sum(RatingRollup.bottom),
    )
    query = scope.apply(query, RatingRollup, scope.start, scope.end).group_by(
        RatingRollup.stage_id, RatingRollup.kind, RatingRollup.day
    )
    by_stage: dict[tuple, list[int]] = {}
    by_period: dict[tuple, list[int]] = {}
    for stage_id, kind, day, *sums in session.exec(query):
        for key, table in (((names[stage_id], kind), by_stage), ((kind, _period(day, bucket)), by_period)):
            entry = table.setdefault(key, [0, 0, 0, 0])
            for i, value in enumerate(sums):
                entry[i] += value or 0
    stage_rows = [
        {"stage": stage, "kind": kind, "answers": s[0], "value": rating_value(kind, *s)}
        for (stage, kind), s in by_stage.items()
        if s[0]
    ]
    trend = [
        {"kind": kind, "period": period, "answers": s[0], "value": rating_value(kind, *s)}
        for (kind, period), s in sorted(by_period.items(), key=lambda item: item[0][1])
        if s[0]
    ]
    return {"ratings_by_stage": stage_rows, "rating_trend": trend}


def _channel_comparison(session: Session, scope: RollupScope, parts: JourneyParts, lang: str) -> list[dict]:
    query = select(
        StageRollup.touchpoint_id,
        func.sum(StageRollup.responses),
        func.sum(StageRollup.emotion_sum),
        func.sum(StageRollup.negative),
    )
    query = scope.apply(query, StageRollup, scope.start, scope.end).group_by(StageRollup.touchpoint_id)
    channel_of = {t.id: t.channel_id for t in parts.touchpoints}
    channel_names = {c.id: content_in_language(c, "name", lang) for c in parts.channels}
    sums: dict[str | None, list[float]] = {}  # None: touchpoints without a channel (the chart names them)
    for touchpoint_id, count, total, negative in session.exec(query):
        name = channel_names.get(channel_of.get(touchpoint_id))
        entry = sums.setdefault(name, [0, 0.0, 0])
        entry[0] += count or 0
        entry[1] += total or 0.0
        entry[2] += negative or 0
    return [
        {"channel": name, "responses": n, "score": round(total / n, 3), "negative_share": round(neg / n, 3)}
        for name, (n, total, neg) in sums.items()
        if n
    ]


def _pareto(session: Session, scope: RollupScope, lang: str, themes: ThemeSet) -> list[dict]:
    painful: dict[str, int] = {}
    for (_, theme), (negative, total) in theme_counts(session, scope).items():
        painful[theme] = painful.get(theme, 0) + themes.pain_count(theme, negative, total)
    ranked = sorted(((n, t) for t, n in painful.items() if n > 0), key=lambda item: (-item[0], item[1]))
    grand, running, rows = sum(n for n, _ in ranked), 0, []
    for count, theme in ranked[:PARETO_THEMES]:
        running += count
        rows.append(
            {"theme": themes.label(theme, lang), "key": theme, "count": count, "cumulative": round(running / grand, 3)}
        )
    return rows


def _funnel(session: Session, parts: JourneyParts, filters: DashboardFilters, now: datetime) -> list[dict]:
    """Matched → scheduled → sent → opened → answered per trigger, for invitations created in the period."""
    scope = parts.scope(filters)
    triggers = [
        t
        for t in session.exec(select(Trigger).where(Trigger.journey_id == parts.journey.id))
        if scope.touchpoint_ids is None or t.touchpoint_id in scope.touchpoint_ids
    ]
    since = day_start(filters.start) if filters.start else datetime(2000, 1, 1, tzinfo=now.tzinfo)
    until = day_start(filters.end + timedelta(days=1)) if filters.end else now + timedelta(seconds=1)
    funnels = trigger_funnels(session, since, until, [t.id for t in triggers]) if triggers else {}
    rows = []
    for trigger in triggers:
        funnel = funnels.get(trigger.id)
        if funnel is None or not funnel.matched:
            continue
        rows += [
            {"trigger": trigger.name, "step": step, "count": count, "share": round(count / funnel.matched, 3)}
            for step, count in funnel.steps()
        ]
    return rows
