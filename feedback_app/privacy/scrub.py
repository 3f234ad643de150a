"""Words of erased answers removed from the JSON the product stored around them (map snapshots, which froze the
pain-point and emotion quotes of their day), and from answers' own fields, while every count stays."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from feedback_app.models import MapSnapshot, Notification

TEXT_KINDS = ("text",)


def without_texts(value: Any, texts: set[str]) -> Any:
    """`value` with every string in `texts` gone: dropped from lists, emptied in objects."""
    if isinstance(value, dict):
        return {
            key: "" if isinstance(item, str) and item in texts else without_texts(item, texts)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [without_texts(item, texts) for item in value if not (isinstance(item, str) and item in texts)]
    return value


def answers_without_words(answers: dict) -> dict:
    """A response's answers with the free texts left out: faces and ratings (numbers) stay."""
    return {key: value for key, value in answers.items() if not isinstance(value, str)}


def scrub_snapshots(session: Session, journey_ids: Iterable[int], texts: set[str]) -> int:
    """Remove the texts from the journeys' map snapshots; returns how many snapshots changed."""
    texts = {text for text in texts if text}
    if not texts:
        return 0
    changed = 0
    for snapshot in session.exec(select(MapSnapshot).where(MapSnapshot.journey_id.in_(sorted(set(journey_ids))))):
        content = without_texts(snapshot.content, texts)
        if content != snapshot.content:
            snapshot.content = content
            session.add(snapshot)
            changed += 1
    return changed


def scrub_notifications(session: Session, response_ids: list[int]) -> int:
    """Stage owners' notifications about these answers keep no quote (sent ones were already delivered)."""
    if not response_ids:
        return 0
    result = session.exec(
        update(Notification).where(Notification.response_id.in_(response_ids)).values(quote="", last_error=None)
    )
    return result.rowcount or 0
