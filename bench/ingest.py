"""Events per second through POST /api/v1/events (1,000 events a call) on gunicorn with SQLite (WAL),
next to a bare Flask JSON POST -> 202 on the same gunicorn settings, in the same run.

    .venv/bin/python bench/ingest.py [--clients 4] [--calls 30] [--workers N]

Each event is new (its own event_id), and customers repeat across calls (a third are known), so the
batch does the real work: validation, customer upserts, fatigue lookups, invitation rows. Clients are
separate processes with their bodies built before the clock starts; each call is a new connection, as
gunicorn's sync workers close it after each response anyway (a 350 KB call makes that cost negligible).

Workers: `feedback-app serve`'s default (2 x cores + 1, sync). SQLite admits one writer at a time, so more
workers do not store faster; on 2 cores, 2 workers measured the same events/s as 5 within the noise
(~7 % less CPU per call), and the default keeps reads and the pages answering while a batch writes.
Beside each figure: the workers' CPU per call, and the load average, because on a shared machine the
events/s follow the other load (the same code measured 5,000-12,000/s in one afternoon).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_APP = """
from flask import Flask, jsonify, request
app = Flask(__name__)

@app.post("/api/v1/events")
def events():
    body = request.get_json()
    return jsonify(accepted=len(body)), 202
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(folder: Path) -> tuple[str, str]:
    """A migrated SQLite file with the surveys, the demo journey and an API key."""
    from feedback_app.demo import seed_demo
    from feedback_app.staff.accounts import create_api_key
    from feedback_app.storage.database import make_engine, session_scope, upgrade_schema
    from feedback_app.survey.questionnaires import load_questionnaires

    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade_schema(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_questionnaires(session, ROOT / "surveys")
        seed_demo(session)
        key = create_api_key(session, "bench")
    engine.dispose()
    return url, key


def start_gunicorn(app: str, port: int, workers: int, env: dict, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        env=env,
        cwd=cwd,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def build_bodies(client: int, calls: int, per_call: int) -> list[bytes]:
    occurred = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    bodies = []
    for call in range(calls):
        events = []
        for i in range(per_call):
            n = (client * calls + call) * per_call + i
            customer = f"c-{n % 60_000}" if n % 3 == 0 else f"c-{n}"
            events.append(
                {
                    "touchpoint": ("order_delivered", "menu_viewed", "trial_ordered")[n % 3],
                    "event_id": f"bench-{client}-{call}-{i}",
                    "occurred_at": occurred,
                    "customer": {
                        "external_id": customer,
                        "email": f"{customer}@example.com",
                        "name": "Rina",
                        "locale": "id",
                        "timezone": "Asia/Jakarta",
                        "attributes": {"plan": "monthly" if n % 2 else "weekly", "city": "Jakarta"},
                    },
                }
            )
        bodies.append(json.dumps(events).encode())
    return bodies


def client_process(port: int, key: str, bodies: list[bytes], start, results) -> None:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    start.wait()
    failures = 0
    for body in bodies:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("POST", "/api/v1/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        failures += response.status != 202
        connection.close()
    results.put(failures)


def workers_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc), to tell our cost from the machine's load."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        fields = [Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() for pid in children]
    except OSError:
        return float("nan")
    return sum(int(f[11]) + int(f[12]) for f in fields) / os.sysconf("SC_CLK_TCK")


def run_clients(target, client_args: list[tuple]) -> tuple[float, int]:
    """Start one process per client, release them together; (seconds until all finished, failures)."""
    start, results = multiprocessing.Event(), multiprocessing.Queue()
    processes = [multiprocessing.Process(target=target, args=(*args, start, results)) for args in client_args]
    for process in processes:
        process.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    failures = sum(results.get() for _ in processes)
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    return elapsed, failures


def measure(port: int, key: str, client_bodies: list[list[bytes]], per_call: int) -> tuple[float, int]:
    """Events per second over all clients, and how many calls did not answer 202."""
    elapsed, failures = run_clients(client_process, [(port, key, bodies) for bodies in client_bodies])
    events = sum(len(bodies) for bodies in client_bodies) * per_call
    return events / elapsed, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--calls", type=int, default=30, help="calls per client")
    parser.add_argument("--per-call", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    url, key = prepare_database(folder)
    (folder / "bare_app.py").write_text(BARE_APP)
    env = {
        **os.environ,
        "FEEDBACK_DATABASE_URL": url,
        "FEEDBACK_SCHEDULER": "0",
        "FEEDBACK_SECRET_KEY": "bench",
        "FEEDBACK_INSTANCE_PATH": str(folder),
        "PYTHONPATH": f"{ROOT}:{folder}",
    }
    bodies = [build_bodies(c, args.calls, args.per_call) for c in range(args.clients)]
    warm_up = [build_bodies(99 + c, 2, args.per_call) for c in range(args.clients)]
    figures, cpu_ms = {}, {}
    for name, app in (
        ("bare Flask JSON POST -> 202", "bare_app:app"),
        ("feedback-app batch API", "feedback_app.wsgi:app"),
    ):
        port = free_port()
        server = start_gunicorn(app, port, args.workers, env, folder)
        try:
            measure(port, key, warm_up, args.per_call)
            cpu = workers_cpu_seconds(server.pid)
            figures[name] = measure(port, key, bodies, args.per_call)
            cpu_ms[name] = (workers_cpu_seconds(server.pid) - cpu) * 1000 / (args.calls * args.clients)
        finally:
            server.terminate()
            server.wait()
    print(
        f"gunicorn {args.workers} sync workers, {args.clients} clients, {args.calls} calls each of "
        f"{args.per_call} events, SQLite WAL ({os.cpu_count()} cores, clients on the same machine, "
        f"load average {os.getloadavg()[0]:.1f} at the end)"
    )
    for name, (rate, failures) in figures.items():
        print(
            f"{name:32s} {rate:10,.0f} events/s   server CPU {cpu_ms[name]:6.1f} ms per call"
            + (f"  ({failures} calls failed)" if failures else "")
        )
    ours, bare = figures["feedback-app batch API"][0], figures["bare Flask JSON POST -> 202"][0]
    print(f"ratio to bare: {ours / bare:.2f}; goal: >= 10,000 events/s")


if __name__ == "__main__":
    main()
