"""How fast the retention job anonymises (rows per second, SQLite, one process), and what one customer's erasure
costs, on the seeded demo with N events of distinct customers and an answer to every fourth.

    .venv/bin/python bench/retention.py [--events 4000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=4000)
    args = parser.parse_args()
    from helpers import answer
    from ingest import prepare_database

    from feedback_app.invitations.events import ingest_events, parse_event
    from feedback_app.invitations.rule_settings import RuleSettings
    from feedback_app.privacy.erasure import erase_customer
    from feedback_app.privacy.retention import run_retention
    from feedback_app.storage.database import make_engine, session_scope

    url, _key = prepare_database(Path(tempfile.mkdtemp()))
    engine = make_engine(url)
    then = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    raws = [
        {
            "touchpoint": "order_delivered",
            "event_id": f"b-{n}",
            "occurred_at": then.isoformat(),
            "customer": {"external_id": f"b-{n}", "email": f"b{n}@example.com", "name": f"Customer {n}"},
        }
        for n in range(args.events)
    ]
    with session_scope(engine) as session:
        results = ingest_events(session, [parse_event(raw, then) for raw in raws], then, RuleSettings())
    invited = [i["id"] for r in results for i in r["invitations"] if i["status"] == "scheduled"]
    for invitation_id in invited[::4]:
        answer(engine, invitation_id, 2, "kurir telat, makanan dingin", then + timedelta(hours=2), rating=2)
    started = time.perf_counter()
    with session_scope(engine) as session:
        erase_customer(session, "b-0", then + timedelta(days=1), actor=None, client="bench")
    erasure = time.perf_counter() - started
    started = time.perf_counter()
    run = run_retention(lambda: session_scope(engine), 30, then + timedelta(days=40))
    seconds = time.perf_counter() - started
    rows = run.answers + run.events + run.customers
    print(f"one erasure: {erasure * 1000:.0f} ms")
    print(f"retention: {run.answers} answers, {run.events} events, {run.customers} customers in {seconds:.2f} s")
    print(f"retention: {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
