"""Scheduler processes for the multi-process tests: real `feedback-app scheduler` children, real SMTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime

import pytest
from helpers import schedule_invitations
from sqlalchemy import func, insert
from sqlmodel import select

from feedback_app.models import Invitation
from feedback_app.storage.database import session_scope
from feedback_app.triggers.rules import new_token


def due_invitations(engine, count: int, now: datetime) -> list[int]:
    """`count` invitations due at `now`: one made through the event path, the rest copies of it (fast)."""
    [first] = schedule_invitations(engine, 1, now)
    with session_scope(engine) as session:
        values = session.get(Invitation, first).model_dump(exclude={"id", "token"})
        session.execute(insert(Invitation), [{**values, "token": new_token()} for _ in range(count - 1)])
    with session_scope(engine) as session:
        return list(session.exec(select(Invitation.id)))


def start_scheduler(database_url: str, smtp, instance, once: bool = True, **settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "FEEDBACK_DATABASE_URL": database_url,
        "FEEDBACK_SMTP_HOST": smtp.host,
        "FEEDBACK_SMTP_PORT": str(smtp.port),
        "FEEDBACK_INSTANCE_PATH": str(instance),
        "FEEDBACK_SECRET_KEY": "test",
        "FEEDBACK_SCHEDULER": "0",
        **{f"FEEDBACK_{name.upper()}": str(value) for name, value in settings.items()},
    }
    command = [sys.executable, "-m", "feedback_app.cli", "scheduler"] + (["--once"] if once else [])
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, deadline_seconds: float, what: str) -> None:
    """Poll `condition` until it holds; fail with `what` when the deadline passes."""
    deadline, pause = time.monotonic() + deadline_seconds, threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        pause.wait(0.05)


def count_by_status(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return dict(session.exec(select(Invitation.status, func.count()).group_by(Invitation.status)).all())


class InvitationIds:
    """An aiosmtpd handler that keeps only each message's X-Feedback-Invitation (parsing 2,000 whole
    messages would cost the schedulers under test their CPU)."""

    HEADER = re.compile(rb"^X-Feedback-Invitation: *(\d+)", re.MULTILINE | re.IGNORECASE)

    def __init__(self):
        self.ids: list[int] = []

    async def handle_DATA(self, server, session, envelope):
        self.ids.append(int(self.HEADER.search(envelope.content).group(1)))
        return "250 OK"


@pytest.fixture
def ids_server():
    """A local SMTP server that records the invitation id of each message it receives."""
    with invitation_id_server() as server:
        yield server


@contextmanager
def invitation_id_server():
    from aiosmtpd.controller import Controller

    handler = InvitationIds()
    handler.host, handler.port = "127.0.0.1", free_port()
    controller = Controller(handler, hostname=handler.host, port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def received_ids(server) -> list[int]:
    return list(server.ids)


def sent_count(output: str) -> int:
    """`sent N` from the summary line of `scheduler --once`."""
    return int(output.split("sent ", 1)[1].split(",", 1)[0])
