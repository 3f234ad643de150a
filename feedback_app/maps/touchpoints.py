"""Editing the touchpoints of each stage and the channels they happen on.

A touchpoint that has recorded events or answers can be renamed, moved or given another channel, but not
removed: the answers would lose the moment they are about.
"""

from __future__ import annotations

from sqlmodel import Session, select

from feedback_app.common.texts import N_
from feedback_app.maps.journeys import MapEditError, _required, feedback_recorded, free_key, slugify
from feedback_app.maps.positions import move_one_place, position_after
from feedback_app.maps.stages import get_stage, hidden_stages, visible_stages
from feedback_app.models import Channel, Persona, Touchpoint, Trigger, get_journey


def map_outline(session: Session, slug: str) -> dict:
    """Everything the edit page lists: the journey, personas, stages with their touchpoints, channels, hidden stages."""
    journey = get_journey(session, slug)
    stages = visible_stages(session, journey.id)
    return {
        "journey": journey,
        "stages": stages,
        "hidden": hidden_stages(session, journey.id),
        "channels": channels(session, journey.id),
        "personas": list(session.exec(select(Persona).where(Persona.journey_id == journey.id).order_by(Persona.id))),
        "touchpoints": {stage.id: _in_stage(session, stage.id) for stage in stages},
    }


def channels(session: Session, journey_id: int) -> list[Channel]:
    return list(session.exec(select(Channel).where(Channel.journey_id == journey_id).order_by(Channel.name)))


def add_channel(session: Session, slug: str, name: str) -> Channel:
    """A channel (WhatsApp, Courier, …) that touchpoints can be assigned to; an existing name is reused."""
    journey = get_journey(session, slug)
    name = _required(name, "channel_name", N_("Give the channel a name, e.g. 'WhatsApp'."))
    key = slugify(name, "_") or "channel"
    existing = session.exec(select(Channel).where(Channel.journey_id == journey.id, Channel.key == key)).first()
    if existing is not None:
        return existing
    channel = Channel(journey_id=journey.id, key=key, name=name)
    session.add(channel)
    session.flush()
    return channel


def add_touchpoint(session: Session, slug: str, stage_key: str, name: str, channel_key: str = "") -> Touchpoint:
    """A new touchpoint at the end of its stage; its key (what events name) comes from the name."""
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, stage_key)
    name = _required(name, "name", N_("Give the touchpoint a name, e.g. 'Receives a meal delivery'."))
    taken = set(session.exec(select(Touchpoint.key).where(Touchpoint.journey_id == journey.id)))
    base = slugify(name, "_", 60) or "touchpoint"
    key = free_key(base, taken)
    touchpoint = Touchpoint(
        journey_id=journey.id,
        stage_id=stage.id,
        key=key,
        name=name,
        channel_id=_channel_id(session, journey.id, channel_key),
        position=_next_position(session, stage.id),
    )
    session.add(touchpoint)
    session.flush()
    return touchpoint


def update_touchpoint(
    session: Session, slug: str, key: str, name: str, channel_key: str = "", stage_key: str | None = None
) -> Touchpoint:
    """Rename a touchpoint, assign its channel, or move it to another stage (at that stage's end)."""
    journey = get_journey(session, slug)
    touchpoint = _touchpoint(session, journey.id, key)
    touchpoint.name = _required(name, "name", N_("A touchpoint needs a name."))
    touchpoint.channel_id = _channel_id(session, journey.id, channel_key)
    if stage_key:
        stage = get_stage(session, journey.id, stage_key)
        if stage.id != touchpoint.stage_id:
            touchpoint.stage_id, touchpoint.position = stage.id, _next_position(session, stage.id)
    session.add(touchpoint)
    return touchpoint


def move_touchpoint(session: Session, slug: str, key: str, step: int) -> None:
    """Move a touchpoint one place up (step=-1) or down (step=+1) within its stage."""
    journey = get_journey(session, slug)
    touchpoint = _touchpoint(session, journey.id, key)
    siblings = _in_stage(session, touchpoint.stage_id)
    index = next(i for i, t in enumerate(siblings) if t.id == touchpoint.id)
    move_one_place(session, siblings, index, step)


def remove_touchpoint(session: Session, slug: str, key: str) -> None:
    """Remove a touchpoint (and its survey triggers) that nothing was recorded against."""
    journey = get_journey(session, slug)
    touchpoint = _touchpoint(session, journey.id, key)
    recorded = feedback_recorded(session, journey.id, touchpoint_ids=[touchpoint.id])
    if recorded["answers"] or recorded["events"]:
        raise MapEditError(
            N_(
                "'%(name)s' has %(answers)d answers and %(events)d events, so it can't be removed: "
                "rename it or move it to another stage instead."
            ),
            "touchpoint",
            name=touchpoint.name,
            **recorded,
        )
    for trigger in session.exec(select(Trigger).where(Trigger.touchpoint_id == touchpoint.id)):
        session.delete(trigger)
    session.flush()
    session.delete(touchpoint)


def _in_stage(session: Session, stage_id: int) -> list[Touchpoint]:
    return list(
        session.exec(
            select(Touchpoint).where(Touchpoint.stage_id == stage_id).order_by(Touchpoint.position, Touchpoint.id)
        )
    )


def _next_position(session: Session, stage_id: int) -> int:
    return position_after(_in_stage(session, stage_id))


def _touchpoint(session: Session, journey_id: int, key: str) -> Touchpoint:
    touchpoint = session.exec(
        select(Touchpoint).where(Touchpoint.journey_id == journey_id, Touchpoint.key == key)
    ).first()
    if touchpoint is None:
        raise MapEditError(N_("No touchpoint '%(key)s' on this map."), "touchpoint", key=key)
    return touchpoint


def _channel_id(session: Session, journey_id: int, channel_key: str) -> int | None:
    if not channel_key:
        return None
    channel = session.exec(select(Channel).where(Channel.journey_id == journey_id, Channel.key == channel_key)).first()
    if channel is None:
        raise MapEditError(N_("No channel '%(key)s' on this map: add it first."), "channel", key=channel_key)
    return channel.id
