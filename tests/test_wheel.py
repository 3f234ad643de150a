"""The product as users install it: the wheel, in a fresh virtual environment outside the checkout.

Editable installs read templates, surveys and catalogs from the checkout, so only this test sees what the wheel
forgot. Nothing may be written into the installed package folder at run time: its files are listed before and
after (a read-only folder would prove nothing where tests run as root).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import Browserless, csrf_token, free_port, wait_for_answer

from feedback_app.config import PROJECT_ROOT

PASSWORD = "wheel-test-passphrase-2026"


def outside_env() -> dict[str, str]:
    """This process's environment without what points back into the checkout or configures the app."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FEEDBACK_") and key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The virtual environment's bin folder, with the wheel built from this checkout installed in it."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(PROJECT_ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = (root / "dist").glob("feedback_app-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
    bin_dir = root / "venv" / "bin"
    subprocess.run([bin_dir / "pip", "install", "-q", str(wheel)], check=True, capture_output=True, env=outside_env())
    package = Path(
        subprocess.run(
            [bin_dir / "python", "-c", "import feedback_app, os; print(os.path.dirname(feedback_app.__file__))"],
            check=True,
            capture_output=True,
            text=True,
            cwd=root,
            env=outside_env(),
        ).stdout.strip()
    )
    assert not package.is_relative_to(PROJECT_ROOT)
    before = _files(package)
    yield bin_dir
    assert _files(package) == before


def test_the_installed_wheel_runs_the_whole_loop(installed, tmp_path, smtp_server):
    port = free_port()
    env = outside_env() | {
        "FEEDBACK_BASE_URL": f"http://127.0.0.1:{port}",
        "FEEDBACK_SMTP_HOST": smtp_server.host,
        "FEEDBACK_SMTP_PORT": str(smtp_server.port),
        "FEEDBACK_SCHEDULER": "0",
        "PATH": f"{installed}:{os.environ.get('PATH', '')}",
    }

    def app(*args: str) -> str:
        done = subprocess.run(["feedback-app", *args], env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    app("init-db")
    app("load-surveys")
    app("seed-demo")
    app("create-user", "wheel@example.com", "--role", "admin", "--password", PASSWORD)
    key = app("create-api-key", "wheel").strip().splitlines()[-1]
    assert (tmp_path / "instance" / "feedback.db").is_file()  # the instance folder is the working directory's

    server = subprocess.Popen(["feedback-app", "serve", "--port", str(port), "--workers", "1"], env=env, cwd=tmp_path)
    try:
        assert json.loads(wait_for_answer(f"http://127.0.0.1:{port}/healthz")) == {"status": "ok"}
        _answer_an_invitation(Browserless(f"http://127.0.0.1:{port}"), key, app, smtp_server)
        _staff_page_in_indonesian(Browserless(f"http://127.0.0.1:{port}"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _answer_an_invitation(http: Browserless, key: str, app, smtp_server) -> None:
    auth = {"Authorization": f"Bearer {key}"}
    event = {
        "touchpoint": "order_delivered",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "customer": {"external_id": "c-wheel", "email": "rina@example.com", "name": "Rina", "locale": "id"},
    }
    status, body, _ = http.request("POST", "/api/v1/events", json_body=event, headers=auth)
    assert status == 202, body
    app("scheduler", "--once")
    [mail] = smtp_server.messages  # the e-mail templates came from the wheel
    link = re.search(r"(http://127\.0\.0\.1:\d+/s/[\w-]+)", mail.get_body(("plain",)).get_content()).group(1)

    status, page, _ = http.request("GET", link)
    assert status == 200 and "Pengiriman makanan Anda" in page
    answers = {"feeling": "1", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}
    status, thanks, _ = http.request("POST", link, data=answers)
    assert status == 200 and "Terima kasih" in thanks

    _, map_json, _ = http.request("GET", "/api/v1/journeys/katering-sehat/map", headers=auth)
    service = next(stage for stage in json.loads(map_json)["stages"] if stage["key"] == "service")
    assert service["emotion"]["responses"] >= 1 and service["emotion"]["negative"] >= 1


def _staff_page_in_indonesian(http: Browserless) -> None:
    _, login, _ = http.request("GET", "/login?lang=id")
    form = {"email": "wheel@example.com", "password": PASSWORD, "csrf_token": csrf_token(login)}
    status, page, _ = http.request("POST", "/login", data=form)
    assert status == 200, page
    switch = {"locale": "id", "next": "/maps", "csrf_token": csrf_token(page)}  # the top bar's language switch
    status, maps, _ = http.request("POST", "/locale", data=switch)
    assert status == 200 and 'lang="id"' in maps and "Keluar" in maps  # the compiled catalog is in the wheel
    status, bundle, _ = http.request("GET", "/vendor/vega-bundle.js")
    assert status == 200 and "vegaEmbed" in bundle


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns) for path in folder.rglob("*")}
