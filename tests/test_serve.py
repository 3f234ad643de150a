"""`feedback-app serve`: gunicorn workers and exactly one scheduler beside them."""

import json
import os
import signal
import subprocess
import sys

from helpers import free_port, initialised_instance, wait_for_answer


def children_of(pid: int) -> list[str]:
    """Command lines of all descendants of pid (from /proc)."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                if ppid == parent:
                    with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                        found.append(cmd.read().replace(b"\0", b" ").decode())
                    frontier.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def test_serve_runs_workers_and_exactly_one_scheduler(tmp_path):
    port = free_port()
    env = initialised_instance(tmp_path, scheduler=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "feedback_app.cli", "serve", "--port", str(port), "--workers", "3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert json.loads(wait_for_answer(f"http://127.0.0.1:{port}/healthz", seconds=30)) == {"status": "ok"}
        processes = children_of(server.pid)
        assert sum(" scheduler" in cmd for cmd in processes) == 1
        assert sum("gunicorn" in cmd for cmd in processes) == 4  # the master and three workers
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
    assert children_of(server.pid) == []


def test_a_worker_boots_with_the_scorer_and_its_language_detector_loaded(tmp_path, database_url, monkeypatch):
    """The first customer's answer must not wait for a model load (the detector alone takes ~90 ms)."""
    import importlib

    from feedback_app.scoring import language

    for name, value in (("DATABASE_URL", database_url), ("INSTANCE_PATH", str(tmp_path)), ("SECRET_KEY", "test")):
        monkeypatch.setenv(f"FEEDBACK_{name}", value)
    language._detector.cache_clear()
    monkeypatch.delitem(sys.modules, "feedback_app.wsgi", raising=False)
    importlib.import_module("feedback_app.wsgi")
    assert language._detector.cache_info().currsize == 1
