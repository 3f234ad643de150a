"""`feedback-app learn`: adapt the text model to this deployment's own answers, and score with the adopted one.

The labels are what the customers told us: an answer whose face and rating clearly agree (face 1-2 and a low
rating: negative; face 4-5 and a high rating: positive) teaches the text model how this deployment's customers
write. scoring.adaptation fits and judges the adaptation; this module reads the answers, keeps the adopted
adaptation in the instance folder (never in the installed package) and makes every process score with it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from feedback_app.models import Response
from feedback_app.scoring import adaptation, resources
from feedback_app.scoring.analysis import analyse

FILE = Path("scoring") / "adaptation.json"
# (low: at most, high: at least) per rating kind; an answer whose rating sits between says nothing clear
RATING_SIDES = {"csat": (2, 4), "ces": (2, 4), "nps": (6, 9)}
FACE_SIDES = {1: "negative", 2: "negative", 4: "positive", 5: "positive"}
CHECK_EVERY = 5.0  # seconds: how soon a running process notices an adaptation another process adopted
_watched: dict[str, object] = {}  # this process's view of the adaptation file: its stamp and the last check


def clear_label(face: int | None, rating_kind: str | None, rating: int | None) -> str | None:
    """'negative' / 'positive' when the face and the rating clearly agree, else None."""
    side = FACE_SIDES.get(face or 0)
    if side is None or rating is None or rating_kind not in RATING_SIDES:
        return None
    low, high = RATING_SIDES[rating_kind]
    rated = "negative" if rating <= low else "positive" if rating >= high else None
    return side if rated == side else None


def labelled_answers(session: Session) -> list[tuple[str, str]]:
    """(text, label) of every stored answer with words whose face and rating clearly agree."""
    rows = session.exec(
        select(Response.text, Response.face, Response.rating_kind, Response.rating).where(
            Response.text != "", Response.anonymised_at.is_(None)
        )
    ).all()
    out = []
    for text, face, kind, rating in rows:
        label = clear_label(face, kind, rating)
        if label and text.strip():
            out.append((text, label))
    return out


def _read(text: str) -> tuple[list[str], str]:
    found = analyse(text)
    return found.words, found.sentiment.label


def learn(session: Session, instance: Path) -> adaptation.Outcome:
    """Fit an adaptation on the stored answers; when it beats the current scorer on the held-out part, keep it
    in the instance folder and score with it from now on (`rescore` then re-reads the stored answers).
    Raises adaptation.NotEnoughAnswers when too few answers have a clear label."""
    outcome = adaptation.learn(labelled_answers(session), _read)
    if outcome.adopted:
        path = instance / FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(outcome.adopted, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, path)  # other processes read a whole file or the previous one, never half of one
        resources.set_adaptation(outcome.adopted)
    return outcome


def use_learned_model(instance: Path) -> None:
    """Score with the adaptation kept in this instance folder, or with the package's models alone if there is
    none (every process calls this at start: web workers, the scheduler, commands)."""
    path = instance / FILE
    _watched.update(stamp=_stamp(path), path=path, checked=None)
    payload = None
    if path.is_file():
        try:
            payload = adaptation.check(json.loads(path.read_text(encoding="utf-8")))
        except ValueError as unusable:  # a damaged file must not stop the product: score without it, say so
            logging.getLogger(__name__).error("%s is not used: %s; run `feedback-app learn` again", path, unusable)
    resources.set_adaptation(payload)


def follow_learned_model(instance: Path, clock: Callable[[], float] = time.monotonic) -> bool:
    """Pick up an adaptation that `feedback-app learn` adopted in another process (web workers and the scheduler
    run for weeks): at most one stat of the file every CHECK_EVERY seconds, a re-read only when it changed.
    True when this call switched the model."""
    now, path = clock(), instance / FILE
    last = _watched.get("checked")
    if _watched.get("path") == path and isinstance(last, float) and now - last < CHECK_EVERY:
        return False
    _watched["checked"] = now
    if _watched.get("path") == path and _stamp(path) == _watched.get("stamp"):
        return False
    use_learned_model(instance)
    return True


def _stamp(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of the adaptation file, None without one: os.replace() gives a new one."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size
