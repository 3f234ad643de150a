"""How long a login attempt takes for a known address and for an unknown one, same run (equal work: both check
one password hash, a dummy one for the unknown address, so the time does not tell whether an account exists).

Times the whole log-in use case (throttle look-up, hash check, failure count, audit entry) on SQLite. Each
attempt uses its own client address and a fresh account key, so no lock-out interferes.

Run: .venv/bin/python bench/login_timing.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from feedback_app.common.clock import utcnow  # noqa: E402
from feedback_app.staff.accounts import create_user  # noqa: E402
from feedback_app.staff.login import log_in  # noqa: E402
from feedback_app.staff.login_throttle import clear_account  # noqa: E402
from feedback_app.storage.database import make_engine, session_scope, upgrade_schema  # noqa: E402


def timed(engine, email: str, password: str, n: int) -> float:
    started = time.perf_counter()
    with session_scope(engine) as session:
        log_in(session, email, password, client=f"10.0.{n // 250}.{n % 250}", now=utcnow())
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade_schema(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        create_user(session, "sari@example.com", "marketer", "correct horse battery")
    known, unknown = [], []
    for n in range(rounds):  # interleaved, so load on the machine falls on both alike
        with session_scope(engine) as session:  # start the account's count afresh: no lock-out
            clear_account(session, "sari@example.com")
        known.append(timed(engine, "sari@example.com", "a wrong password", 2 * n))
        unknown.append(timed(engine, f"nobody{n}@example.com", "a wrong password", 2 * n + 1))
    k, u = statistics.median(known), statistics.median(unknown)
    print(f"failed login, median of {rounds}: known address {k:.1f} ms, unknown address {u:.1f} ms, ratio {u / k:.2f}")


if __name__ == "__main__":
    main()
