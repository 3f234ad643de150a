"""Several scheduler processes, one truth (PostgreSQL): each invitation is sent exactly once, and a
scheduler killed in the middle of a pass loses nothing."""

import signal

import pytest
from schedulers import (
    count_by_status,
    due_invitations,
    ids_server,  # noqa: F401 (a fixture)
    received_ids,
    sent_count,
    start_scheduler,
    wait_for,
)

from feedback_app.common.clock import utcnow
from feedback_app.delivery.outbox import FLUSH_EVERY

pytestmark = pytest.mark.postgres


def test_two_scheduler_processes_send_2000_invitations_exactly_once(pg, postgres_url, ids_server, tmp_path):
    ids = due_invitations(pg, 2000, utcnow())
    schedulers = [start_scheduler(postgres_url, ids_server, tmp_path / f"s{n}") for n in range(2)]
    outputs = [scheduler.communicate(timeout=60) for scheduler in schedulers]
    assert [s.returncode for s in schedulers] == [0, 0], outputs
    received = received_ids(ids_server)
    assert len(received) == 2000 and sorted(received) == sorted(ids)
    assert count_by_status(pg) == {"sent": 2000}
    assert all(sent_count(out) > 0 for out, _ in outputs), "both schedulers should have taken a share"


def test_a_scheduler_killed_mid_pass_loses_nothing(pg, postgres_url, ids_server, tmp_path):
    ids = due_invitations(pg, 2000, utcnow())
    doomed = start_scheduler(postgres_url, ids_server, tmp_path / "doomed", lease_seconds=2)
    wait_for(lambda: len(received_ids(ids_server)) >= 300 or doomed.poll() is not None, 30, "the first sends")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    orphaned = count_by_status(pg).get("sending", 0)
    assert orphaned > 0, "the kill should leave claimed rows behind"
    successor = start_scheduler(
        postgres_url, ids_server, tmp_path / "next", once=False, lease_seconds=2, scheduler_interval=0.2
    )
    try:
        wait_for(lambda: count_by_status(pg) == {"sent": 2000}, 40, "every invitation to be sent")
    finally:
        successor.terminate()
        successor.communicate(timeout=10)
    received = received_ids(ids_server)
    assert set(received) == set(ids)
    flush_every = FLUSH_EVERY  # sends whose outcome was not yet committed
    assert len(received) - len(set(received)) <= flush_every
