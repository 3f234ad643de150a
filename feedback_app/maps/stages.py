"""Editing a map's columns and cells: stages (add, rename, reorder, remove, target emotion) and authored lanes.

A stage with answers is never deleted: removing it hides it from the map and pauses the survey triggers of its
touchpoints, and its answers are kept (the response browser still lists them; restoring brings them back).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from feedback_app.common.texts import N_
from feedback_app.maps.journeys import MapEditError, _required, feedback_recorded, free_key, slugify
from feedback_app.maps.positions import move_one_place, position_after
from feedback_app.models import LaneCell, OpportunityDecision, Stage, Touchpoint, Trigger, get_journey
from feedback_app.models.journey import AUTHORED_LANES

MAX_CELL = 2000


def visible_stages(session: Session, journey_id: int) -> list[Stage]:
    """The journey's stages in map order, without the hidden ones (the map, its editor and new positions)."""
    return list(
        session.exec(
            select(Stage)
            .where(Stage.journey_id == journey_id, Stage.hidden_at.is_(None))
            .order_by(Stage.position, Stage.id)
        )
    )


def hidden_stages(session: Session, journey_id: int) -> list[Stage]:
    return list(
        session.exec(
            select(Stage).where(Stage.journey_id == journey_id, Stage.hidden_at.is_not(None)).order_by(Stage.hidden_at)
        )
    )


def get_stage(session: Session, journey_id: int, key: str) -> Stage:
    stage = session.exec(select(Stage).where(Stage.journey_id == journey_id, Stage.key == key)).first()
    if stage is None:
        raise MapEditError(N_("No stage '%(key)s' on this map."), "stage", key=key)
    return stage


def add_stage(session: Session, slug: str, name: str, name_id: str = "") -> Stage:
    """A new column at the right end of the map; its key comes from the English name."""
    journey = get_journey(session, slug)
    name = _required(name, "name", N_("Give the stage a name, e.g. 'Onboarding'."))
    taken = set(session.exec(select(Stage.key).where(Stage.journey_id == journey.id)))
    base = slugify(name, "_") or "stage"
    key = free_key(base, taken)
    stages = visible_stages(session, journey.id)
    stage = Stage(
        journey_id=journey.id,
        key=key,
        name=name,
        name_id=(name_id or "").strip()[:200],
        position=position_after(stages),
    )
    session.add(stage)
    session.flush()
    return stage


def rename_stage(session: Session, slug: str, key: str, name: str, name_id: str = "") -> Stage:
    """New English and Indonesian names; the key stays, so survey links and filters keep working."""
    stage = get_stage(session, get_journey(session, slug).id, key)
    stage.name = _required(name, "name", N_("A stage needs an English name."))
    stage.name_id = (name_id or "").strip()[:200]
    session.add(stage)
    return stage


def move_stage(session: Session, slug: str, key: str, step: int) -> list[Stage]:
    """Move a column one place left (step=-1) or right (step=+1); the ends stay where they are."""
    journey = get_journey(session, slug)
    stages = visible_stages(session, journey.id)
    index = next((i for i, s in enumerate(stages) if s.key == key), None)
    if index is None:
        raise MapEditError(N_("No stage '%(key)s' on this map."), "stage", key=key)
    return move_one_place(session, stages, index, step)


def stage_removal(session: Session, slug: str, key: str) -> dict:
    """What removing a stage would do, for the warning the CX manager confirms."""
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, key)
    touchpoint_ids = list(session.exec(select(Touchpoint.id).where(Touchpoint.stage_id == stage.id)))
    recorded = feedback_recorded(session, journey.id, stage_id=stage.id, touchpoint_ids=touchpoint_ids)
    keeps = bool(recorded["answers"] or recorded["events"])
    return {
        "stage": stage,
        "answers": recorded["answers"],
        "events": recorded["events"],
        "touchpoints": len(touchpoint_ids),
        "outcome": "hide" if keeps else "delete",
    }


def remove_stage(session: Session, slug: str, key: str, now: datetime) -> str:
    """Delete an unused stage; hide one with answers (answers kept, triggers paused). Returns 'deleted' or 'hidden'."""
    removal = stage_removal(session, slug, key)
    stage = removal["stage"]
    touchpoints = list(session.exec(select(Touchpoint).where(Touchpoint.stage_id == stage.id)))
    triggers = list(session.exec(select(Trigger).where(Trigger.touchpoint_id.in_([t.id for t in touchpoints]))))
    if removal["outcome"] == "hide":
        stage.hidden_at = now
        for trigger in triggers:
            trigger.active = False
            session.add(trigger)
        session.add(stage)
        return "hidden"
    for trigger in triggers:
        session.delete(trigger)
    session.flush()
    for touchpoint in touchpoints:
        session.delete(touchpoint)
    session.exec(delete(LaneCell).where(LaneCell.stage_id == stage.id))
    session.exec(delete(OpportunityDecision).where(OpportunityDecision.stage_id == stage.id))
    session.flush()
    session.delete(stage)
    return "deleted"


def restore_stage(session: Session, slug: str, key: str) -> Stage:
    """Bring a hidden stage back at the right end; its triggers stay paused until a marketer resumes them."""
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, key)
    stages = visible_stages(session, journey.id)
    stage.hidden_at, stage.position = None, position_after(stages)
    session.add(stage)
    return stage


def update_stage(
    session: Session, slug: str, key: str, name: str, name_id: str = "", target: str | None = None
) -> Stage:
    """Rename a stage and, when a target was sent (text such as '0.5' or '-0,2'; empty clears it), set its target
    emotion: the stage form's one save."""
    stage = rename_stage(session, slug, key, name, name_id)
    if target is not None:
        set_target_emotion(session, slug, key, _target_number(target))
    return stage


def _target_number(text: str) -> float | None:
    text = (text or "").strip().replace(",", ".").replace("−", "-")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise MapEditError(
            N_("'%(text)s' is not a number: a target is like 0.5 or -0.2."), "target", text=text
        ) from None


def set_target_emotion(session: Session, slug: str, key: str, target: float | None) -> Stage:
    """Where the future-state map wants this stage's emotion to be (-1..1), or None to clear it."""
    stage = get_stage(session, get_journey(session, slug).id, key)
    if target is not None and not -1 <= target <= 1:
        raise MapEditError(N_("A target emotion lies between -1 (very negative) and +1 (very positive)."), "target")
    stage.target_emotion = None if target is None else round(target, 2)
    session.add(stage)
    return stage


def save_cell(session: Session, slug: str, stage_key: str, lane: str, content: str) -> str:
    """Write one authored cell (process, internal lanes, opportunities); an empty text clears it."""
    journey = get_journey(session, slug)
    if lane not in AUTHORED_LANES:
        raise MapEditError(N_("The '%(lane)s' lane is not written by hand."), "lane", lane=lane)
    stage = get_stage(session, journey.id, stage_key)
    content = (content or "").replace("\r\n", "\n").strip()
    if len(content) > MAX_CELL:
        raise MapEditError(N_("Keep a cell under %(max)d characters."), "content", max=MAX_CELL)
    cell = session.exec(select(LaneCell).where(LaneCell.stage_id == stage.id, LaneCell.lane == lane)).first()
    if not content:
        if cell is not None:
            session.delete(cell)
        return ""
    cell = cell or LaneCell(journey_id=journey.id, stage_id=stage.id, lane=lane)
    cell.content = content
    session.add(cell)
    return content


def cell_to_edit(session: Session, slug: str, stage_key: str, lane: str) -> dict:
    """The journey, the stage and what one of its cells says, for the cell's form without JavaScript."""
    journey = get_journey(session, slug)
    stage = get_stage(session, journey.id, stage_key)
    return {"journey": journey, "stage": stage, "content": cell_content(session, stage.id, lane)}


def cell_content(session: Session, stage_id: int, lane: str) -> str:
    cell = session.exec(select(LaneCell).where(LaneCell.stage_id == stage_id, LaneCell.lane == lane)).first()
    return cell.content if cell is not None else ""


def append_to_cell(session: Session, slug: str, stage_key: str, lane: str, line: str) -> str:
    """Add a line below what a cell already says (accepting a suggested opportunity)."""
    existing = cell_content(session, get_stage(session, get_journey(session, slug).id, stage_key).id, lane)
    return save_cell(session, slug, stage_key, lane, f"{existing}\n{line}" if existing else line)
