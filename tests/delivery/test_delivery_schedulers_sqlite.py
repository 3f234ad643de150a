"""Two scheduler processes on the embedded SQLite file: the same claims stay correct."""

from schedulers import (
    count_by_status,
    due_invitations,
    ids_server,  # noqa: F401 (a fixture)
    received_ids,
    start_scheduler,
)

from feedback_app.common.clock import utcnow


def test_two_scheduler_processes_on_sqlite_send_each_invitation_once(seeded, database_url, ids_server, tmp_path):
    ids = due_invitations(seeded, 200, utcnow())
    schedulers = [start_scheduler(database_url, ids_server, tmp_path / f"s{n}") for n in range(2)]
    outputs = [scheduler.communicate(timeout=60) for scheduler in schedulers]
    assert [s.returncode for s in schedulers] == [0, 0], outputs
    assert sorted(received_ids(ids_server)) == sorted(ids)
    assert count_by_status(seeded) == {"sent": 200}
