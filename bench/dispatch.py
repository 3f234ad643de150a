"""Invitations sent per second through the real dispatch pass, beside a plain smtplib loop, same run.

Both send to one local aiosmtpd server (its own process, handler Sink: it accepts and drops). The plain loop reuses one SMTP
connection and builds the same multipart invitation (text + HTML from the same templates) for each
message; dispatch adds what the product needs on top: claiming batches with a lease, loading the rows,
and committing each outcome right after its send. Goal: dispatch >= 0.8 x plain.

Run: .venv/bin/python bench/dispatch.py [--count 1000] [--rounds 3] [--postgres]
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def start_smtp_server(port: int) -> subprocess.Popen:
    """aiosmtpd in its own process, so it does not share our GIL; returns once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the local SMTP server did not start")


def throwaway_postgres() -> tuple[str, callable]:
    """A fresh database on the local PostgreSQL, and a function that drops it."""
    import uuid

    import psycopg

    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True)
    name = f"bench_dispatch_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    return (
        f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        lambda: admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)'),
    )


def plain_smtplib(host: str, port: int, count: int) -> float:
    """Messages per second: build each invitation e-mail and send it over one reused connection."""
    from feedback_app.common.clock import utcnow
    from feedback_app.delivery.email import build_invitation_email
    from feedback_app.delivery.outgoing import OutgoingInvitation

    expires = utcnow() + timedelta(days=3)
    start = time.perf_counter()
    with smtplib.SMTP(host, port) as smtp:
        for n in range(count):
            item = OutgoingInvitation(
                invitation_id=n,
                to_address=f"c{n}@example.com",
                customer_name=f"Customer {n}",
                locale="id",
                title="Pengiriman makanan Anda",
                intro="Bagaimana pengiriman hari ini?",
                link=f"http://127.0.0.1:5000/s/token{n}",
                expires_at=expires,
                unsubscribe_link=f"http://127.0.0.1:5000/u/token{n}",
            )
            smtp.send_message(build_invitation_email(item, "cx@example.com"))
    return count / (time.perf_counter() - start)


class DispatchRun:
    """A migrated, seeded database; each run() makes `count` due invitations and dispatches them all."""

    def __init__(self, database_url: str):
        from feedback_app.demo import seed_demo
        from feedback_app.storage.database import make_engine, session_scope, upgrade_schema
        from feedback_app.survey.questionnaires import load_questionnaires

        upgrade_schema(database_url)
        self.engine = make_engine(database_url)
        with session_scope(self.engine) as session:
            load_questionnaires(session, ROOT / "surveys")
            seed_demo(session)

    def run(self, host: str, port: int, count: int) -> float:
        from schedulers import due_invitations
        from sqlalchemy import delete

        from feedback_app.common.clock import utcnow
        from feedback_app.delivery.dispatch import dispatch_pass
        from feedback_app.delivery.email import EmailSender
        from feedback_app.models import Invitation, TouchpointEvent
        from feedback_app.storage.database import session_scope

        with session_scope(self.engine) as session:  # start each round from an empty outbox
            session.exec(delete(Invitation))
            session.exec(delete(TouchpointEvent))
        now = utcnow()
        due_invitations(self.engine, count, now)
        start, sent = time.perf_counter(), 0
        with EmailSender(host, port) as sender:
            while sent < count:
                result = dispatch_pass(
                    self.engine, sender, "http://127.0.0.1:5000", "cx@example.com", now, clock=utcnow
                )
                if not result.sent:
                    raise SystemExit(f"dispatch stalled after {sent}: {result}")
                sent += result.sent
        return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="messages per round and side")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are printed")
    parser.add_argument(
        "--postgres", action="store_true", help="a throwaway database on 127.0.0.1:5432 instead of a fresh SQLite file"
    )
    args = parser.parse_args()
    from schedulers import free_port

    port = free_port()
    server = start_smtp_server(port)
    drop = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            url, drop = throwaway_postgres() if args.postgres else (f"sqlite:///{folder}/bench.db", None)
            dispatch, plain, dispatched = DispatchRun(url), [], []
            for _ in range(args.rounds):  # alternate, so a noisy moment hurts both sides alike
                plain.append(plain_smtplib("127.0.0.1", port, args.count))
                dispatched.append(dispatch.run("127.0.0.1", port, args.count))
            dispatch.engine.dispose()
            plain, dispatched = statistics.median(plain), statistics.median(dispatched)
    finally:
        server.terminate()
        server.wait()
        if drop:
            drop()
    backend = url.split(":", 1)[0]
    print(f"plain smtplib loop (one connection):  {plain:7.0f} messages/s")
    print(f"dispatch pass ({backend}):{' ' * (20 - len(backend))}{dispatched:7.0f} invitations/s")
    print(f"ratio: {dispatched / plain:.2f} (goal >= 0.80)")


if __name__ == "__main__":
    main()
