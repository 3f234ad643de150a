"""Map JSON p95 at 10,000 and 1,000,000 stored answers (SQLite): the map reads rollups, never the answers.

Loads the demo journey, bulk-inserts answers spread over a year (texts from the check set, scored once
by the real scorer), rebuilds the rollups with `rollups.rebuild_rollups`, then times GET
/api/v1/journeys/<slug>/map through the Flask test client: unfiltered, the last 30 days, one persona.
Beside it, in the same run, the bare figure the rollups avoid: one GROUP BY stage over all answers.

Run: .venv/bin/python bench/map.py [--sizes 10000 1000000] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHECKSET = Path(__file__).parent / "data" / "checkset.jsonl"
SLUG = "katering-sehat"
RATING_RANGES = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}


def scored_pool() -> list[dict]:
    """The check-set answers with the real scorer's output (scored once; rows reuse them)."""
    from feedback_app.scoring import score

    pool = []
    for line in CHECKSET.open(encoding="utf-8"):
        text = json.loads(line)["text"]
        pool.append({"text": text, **score(text)})
    return pool


def prepare(path: Path):
    """A migrated database with surveys, the demo journey, a second persona and an API key."""
    from sqlmodel import select

    from feedback_app.demo import seed_demo
    from feedback_app.models import Persona, Questionnaire, Touchpoint, Trigger
    from feedback_app.staff.accounts import create_api_key
    from feedback_app.storage.database import make_engine, session_scope, upgrade_schema
    from feedback_app.survey.questionnaires import load_questionnaires

    url = f"sqlite:///{path}"
    upgrade_schema(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_questionnaires(session, Path(__file__).resolve().parents[1] / "surveys")
        journey = seed_demo(session)
        session.add(Persona(journey_id=journey.id, key="family-planner", name="Budi, family meal planner"))
        key = create_api_key(session, "bench")
        session.flush()
        personas = [p.id for p in session.exec(select(Persona))]
        kinds = {}
        for trigger in session.exec(select(Trigger)):
            questionnaire = session.get(Questionnaire, trigger.questionnaire_id)
            touchpoint = session.get(Touchpoint, trigger.touchpoint_id)
            kinds[touchpoint.id] = (touchpoint.stage_id, questionnaire.id, _rating_kind(session, questionnaire.id))
    return engine, url, key, journey.id, personas, kinds


def _rating_kind(session, questionnaire_id: int) -> str | None:
    from sqlmodel import select

    from feedback_app.models import Question

    kinds = [q.kind for q in session.exec(select(Question).where(Question.questionnaire_id == questionnaire_id))]
    return next((k for k in kinds if k in RATING_RANGES), None)


def load_answers(path: Path, count: int, journey_id: int, personas: list, kinds: dict, pool: list, now: datetime):
    """Bulk-insert `count` answers and their theme-index rows straight into SQLite."""
    rng = random.Random(count)
    touchpoints = list(kinds)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    start_id = 1
    for offset in range(0, count, 50_000):
        rows, themes = [], []
        for i in range(offset, min(count, offset + 50_000)):
            touchpoint = rng.choice(touchpoints)
            stage_id, questionnaire_id, kind = kinds[touchpoint]
            answer = rng.choice(pool)
            at = (now - timedelta(seconds=rng.randrange(365 * 86400))).strftime("%Y-%m-%d %H:%M:%S.%f")
            rating = rng.randint(*RATING_RANGES[kind]) if kind else None
            face = rng.randint(1, 5)
            rows.append(
                (
                    start_id + i,
                    journey_id,
                    stage_id,
                    touchpoint,
                    rng.choice(personas + [None]),
                    questionnaire_id,
                    at,
                    face,
                    kind,
                    rating,
                    answer["text"],
                    answer["polarity"],
                    answer["label"],
                    answer["language"],
                    answer["emotion"]["label"],
                    answer["emotion"]["score"],
                    json.dumps(answer["themes"]),
                    answer["scorer"],
                )
            )
            themes += [
                (start_id + i, stage_id, theme, answer["label"], at) for theme in dict.fromkeys(answer["themes"])
            ]
        connection.executemany(
            "INSERT INTO response (id, journey_id, stage_id, touchpoint_id, persona_id, questionnaire_id, locale,"
            " submitted_at, answers, face, rating_kind, rating, text, polarity, label, language, emotion_label,"
            " emotion_score, themes, scorer) VALUES (?, ?, ?, ?, ?, ?, 'id', ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.executemany(
            "INSERT INTO response_theme (response_id, stage_id, theme, label, submitted_at) VALUES (?, ?, ?, ?, ?)",
            themes,
        )
        connection.commit()
    connection.close()


def rebuild(engine) -> int:
    from feedback_app.insight.rollups import rebuild_rollups
    from feedback_app.storage.database import session_scope

    with session_scope(engine) as session:
        return rebuild_rollups(session)


def p95_ms(client, url: str, headers: dict, requests: int) -> float:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.quantiles(times, n=20)[18]


def bare_group_by_ms(path: Path) -> float:
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    connection.execute("SELECT stage_id, count(*), avg(emotion_score) FROM response GROUP BY stage_id").fetchall()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed


def run(size: int, requests: int, pool: list) -> dict:
    from feedback_app import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-map-"))
    path = folder / "feedback.db"
    os.environ["FEEDBACK_INSTANCE_PATH"] = str(folder / "instance")
    engine, url, key, journey_id, personas, kinds = prepare(path)
    now = datetime.now(UTC)
    started = time.perf_counter()
    load_answers(path, size, journey_id, personas, kinds, pool, now)
    loaded = time.perf_counter() - started
    counted = rebuild(engine)
    built = time.perf_counter() - started - loaded
    assert counted == size, (counted, size)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    client, headers = app.test_client(), {"Authorization": f"Bearer {key}"}
    base = f"/api/v1/journeys/{SLUG}/map"
    since = (now - timedelta(days=30)).date().isoformat()
    client.get(base, headers=headers)  # warm caches (theme labels, SQLite pages)
    result = {
        "size": size,
        "load_s": round(loaded, 1),
        "rollups_s": round(built, 1),
        "p95_all_ms": round(p95_ms(client, base, headers, requests), 1),
        "p95_30_days_ms": round(p95_ms(client, f"{base}?from={since}", headers, requests), 1),
        "p95_persona_ms": round(p95_ms(client, f"{base}?persona=busy-professional", headers, requests), 1),
        "bare_group_by_ms": round(bare_group_by_ms(path), 1),
    }
    app.extensions["feedback_engine"].dispose()
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    pool = scored_pool()
    results = []
    for size in args.sizes:
        result = run(size, args.requests, pool)
        results.append(result)
        print(
            f"{size:>9,} answers: load {result['load_s']} s, rollups {result['rollups_s']} s; map JSON p95 "
            f"{result['p95_all_ms']} ms (all time), {result['p95_30_days_ms']} ms (30 days), "
            f"{result['p95_persona_ms']} ms (one persona); bare GROUP BY stage {result['bare_group_by_ms']} ms",
            flush=True,
        )
    if len(results) > 1:
        ratio = results[-1]["p95_all_ms"] / results[0]["p95_all_ms"]
        print(f"largest / smallest p95 (all time): {ratio:.2f}x (goal: <= 1.5x, and <= 50 ms)")


if __name__ == "__main__":
    main()
