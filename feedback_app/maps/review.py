"""The monthly (or quarterly) review: freeze the map as the team saw it, and compare two periods or snapshots.

Comparing works on map JSON only (`compare_maps`), so a snapshot taken months ago and a live period are
compared the same way, stage by stage, by key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from feedback_app.common.bounded_input import MAX_ID, bounded_int
from feedback_app.common.clock import day_param, iso
from feedback_app.common.texts import N_, Text
from feedback_app.insight.theme_sets import cached_theme_set
from feedback_app.maps.emotion_tone import enough_answers
from feedback_app.maps.journeys import MapEditError
from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.models import MapSnapshot, get_journey

STEADY = 0.05  # an emotion change smaller than this is "no change"


def freeze_snapshot(
    session: Session, slug: str, name: str, now: datetime, filters: MapFilters = MapFilters(), taken_by: str = ""
) -> MapSnapshot:
    """Store the map JSON as it is now under a name (default: 'Review 2026-03-17')."""
    journey = get_journey(session, slug)
    name = (name or "").strip() or f"Review {now.date().isoformat()}"
    if len(name) > 200:
        raise MapEditError(N_("Keep the snapshot name under %(max)d characters."), "name", max=200)
    snapshot = MapSnapshot(
        journey_id=journey.id, name=name, taken_at=now, taken_by=taken_by, content=build_map(session, slug, filters)
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def list_snapshots(session: Session, slug: str) -> list[dict]:
    journey = get_journey(session, slug)
    rows = session.exec(
        select(MapSnapshot)
        .where(MapSnapshot.journey_id == journey.id)
        .order_by(MapSnapshot.taken_at.desc(), MapSnapshot.id.desc())
    )
    return [{"id": s.id, "name": s.name, "taken_at": iso(s.taken_at), "taken_by": s.taken_by} for s in rows]


def snapshot_map(session: Session, slug: str, snapshot_id: int) -> dict:
    journey = get_journey(session, slug)
    snapshot = session.get(MapSnapshot, snapshot_id)
    if snapshot is None or snapshot.journey_id != journey.id:
        raise MapEditError(N_("No snapshot %(id)d of this map."), "snapshot", id=snapshot_id)
    return {**snapshot.content, "label": f"{snapshot.name} ({iso(snapshot.taken_at)[:10]})"}


def compare_periods(
    session: Session,
    slug: str,
    first: tuple[date | None, date | None],
    second: tuple[date | None, date | None],
    filters: MapFilters = MapFilters(),
    lang: str = "en",
) -> dict:
    """The map over one period against the map over another (same persona/channel/touchpoint filters)."""
    maps = []
    for start, end in (first, second):
        if start and end and start > end:
            raise MapEditError(N_("A period's 'from' must not be after its 'to'."), "period")
        period = MapFilters(
            start=start, end=end, persona=filters.persona, channel=filters.channel, touchpoint=filters.touchpoint
        )
        maps.append({**build_map(session, slug, period, lang), "label": _period_label(start, end)})
    return compare_maps(*maps)


def compare_snapshots(session: Session, slug: str, before_id: int, after_id: int, lang: str = "en") -> dict:
    """Two frozen maps side by side; their pain points named in the reader's language (a snapshot keeps the
    theme keys, and the names it was frozen with would be the freezer's language)."""
    journey = get_journey(session, slug)
    themes = cached_theme_set(session, journey.id)
    maps = [snapshot_map(session, slug, snapshot_id) for snapshot_id in (before_id, after_id)]
    for frozen in maps:
        for stage in frozen["stages"]:
            for pain in stage.get("pain_points", []):
                if pain.get("key"):
                    pain["theme"] = themes.label(pain["key"], lang)
    return compare_maps(*maps)


@dataclass
class ReviewPage:
    """What the review page shows: the live map, its snapshots, and the comparison asked for or why it failed."""

    journey_map: dict
    snapshots: list[dict]
    comparison: dict | None = None
    error: ValueError | None = None  # a MapEditError or TextError the page translates


def review_page(session: Session, slug: str, args: Mapping[str, str], lang: str = "en") -> ReviewPage:
    """The map and its snapshots, compared as the page's parameters ask: compare=periods (a_from, a_to, b_from,
    b_to and the map's filters) or compare=snapshots (before, after ids); a bad parameter is the page's error."""
    page = ReviewPage(build_map(session, slug, lang=lang), list_snapshots(session, slug))
    try:
        if args.get("compare") == "periods":
            page.comparison = compare_periods(
                session,
                slug,
                (day_param(args, "a_from"), day_param(args, "a_to")),
                (day_param(args, "b_from"), day_param(args, "b_to")),
                MapFilters.from_args(args),
                lang,
            )
        elif args.get("compare") == "snapshots":
            page.comparison = compare_snapshots(
                session,
                slug,
                bounded_int(args.get("before"), "before", high=MAX_ID),
                bounded_int(args.get("after"), "after", high=MAX_ID),
                lang,
            )
    except ValueError as exc:  # MapEditError and TextError are ValueErrors
        page.error = exc
    return page


def compare_maps(before: dict, after: dict) -> dict:
    """Emotion change per stage (with its direction) and the pain points that are new or fading."""
    before_stages = {s["key"]: s for s in before["stages"]}
    after_keys = [s["key"] for s in after["stages"]]
    keys = after_keys + [k for k in before_stages if k not in after_keys]
    after_stages = {s["key"]: s for s in after["stages"]}
    stages = [_stage_change(before_stages.get(key), after_stages.get(key)) for key in keys]
    return {"before": before.get("label", "before"), "after": after.get("label", "after"), "stages": stages}


def _stage_change(before: dict | None, after: dict | None) -> dict:
    either = after or before
    old = (before or {}).get("emotion", {}).get("score")
    new = (after or {}).get("emotion", {}).get("score")
    change = round(new - old, 3) if old is not None and new is not None else None
    counts = [(side or {}).get("emotion", {}).get("responses", 0) for side in (before, after)]
    direction = _direction(change, enough_answers(*counts))
    old_pains = {p.get("key") or p["theme"]: p for p in (before or {}).get("pain_points", [])}
    new_pains = {p.get("key") or p["theme"]: p for p in (after or {}).get("pain_points", [])}
    fading = [
        {"theme": p["theme"], "before": p["count"], "after": new_pains[k]["count"] if k in new_pains else 0}
        for k, p in old_pains.items()
        if k not in new_pains or new_pains[k]["count"] * 2 <= p["count"]
    ]
    return {
        "key": either["key"],
        "name": either["name"],
        "name_id": either.get("name_id", ""),
        "before": old,
        "after": new,
        "change": change,
        "direction": direction,
        "before_responses": counts[0],
        "after_responses": counts[1],
        "new_pain_points": [
            {"theme": p["theme"], "count": p["count"]} for k, p in new_pains.items() if k not in old_pains
        ],
        "fading_pain_points": fading,
    }


def _direction(change: float | None, enough: bool) -> str:
    """up, down, same; `few` when either side rests on fewer than FEW_ANSWERS answers (no verdict); none."""
    if change is None:
        return "none"
    if not enough:
        return "few"
    return "up" if change >= STEADY else "down" if change <= -STEADY else "same"


def _period_label(start: date | None, end: date | None) -> Text:
    return Text(
        N_("%(start)s – %(end)s"),
        start=start.isoformat() if start else Text(N_("the start")),
        end=end.isoformat() if end else Text(N_("today")),
    )
