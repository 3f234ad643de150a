"""Where a map's columns stand, and each column's touchpoints: ordered by `position`, a new one goes at the end and
a moved one swaps places with its neighbour."""

from __future__ import annotations

from typing import Protocol

from sqlmodel import Session


class Placed(Protocol):
    position: int


def position_after(items: list[Placed]) -> int:
    """The position at the end of `items` (in order): one past the last, 0 when there are none."""
    return items[-1].position + 1 if items else 0


def move_one_place(session: Session, items: list[Placed], index: int, step: int) -> list[Placed]:
    """Swap items[index] with its neighbour (step=-1: the one before, +1: the one after; the ends stay where they
    are) and number them all again from 0."""
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items):
        item.position = position
        session.add(item)
    return items
