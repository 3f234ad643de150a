"""Survey and opt-out tokens never reach a log: gunicorn's access log under `serve`, the dev server's, ours."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from helpers import free_port, initialised_instance, wait_for_answer

from feedback_app.web.log_redaction import redact

TOKEN = "Zq8x-secret-token_0123456789abcdef"


@pytest.mark.parametrize(
    "line",
    [
        f'"GET /s/{TOKEN} HTTP/1.1" 200',
        f'"POST /s/{TOKEN}/thanks?lang=en HTTP/1.1" 302',
        f'"GET /u/{TOKEN}?lang=id HTTP/1.1" 200',
        f'"GET /preview/{TOKEN} HTTP/1.1" 200',
        f'"GET /login?next=/x&token={TOKEN} HTTP/1.1" 200',
        f"https://feedback.example.com/u/{TOKEN}",
    ],
)
def test_tokens_are_redacted_from_a_log_line(line):
    cleaned = redact(line)
    assert TOKEN not in cleaned and "[redacted]" in cleaned


def test_other_paths_stay_readable():
    assert redact('"GET /maps/katering-sehat?from=2026-01-01 HTTP/1.1" 200') == (
        '"GET /maps/katering-sehat?from=2026-01-01 HTTP/1.1" 200'
    )


def test_the_dev_server_log_has_no_token(live_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    for path in (f"/s/{TOKEN}", f"/u/{TOKEN}?lang=en"):
        try:
            urllib.request.urlopen(f"{live_server.url}{path}", timeout=10)
        except urllib.error.HTTPError as answered:
            assert answered.code == 404
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/s/[redacted]" in line for line in lines) and any("/u/[redacted]" in line for line in lines)
    assert not any(TOKEN in line for line in lines)


def test_the_flask_error_log_has_no_token(seeded_app, caplog):
    @seeded_app.get("/s/<token>/boom")
    def boom(token):
        raise RuntimeError("boom")

    seeded_app.testing = False  # a real 500, logged by Flask with the request's path
    with caplog.at_level(logging.ERROR):
        assert seeded_app.test_client().get(f"/s/{TOKEN}/boom").status_code == 500
    assert "[redacted]" in caplog.text and TOKEN not in caplog.text


def test_serve_writes_an_access_log_without_tokens(tmp_path):
    port = free_port()
    env = initialised_instance(tmp_path, scheduler=False)
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - the server writes to it until it stops
    server = subprocess.Popen(
        [sys.executable, "-m", "feedback_app.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_answer(f"http://127.0.0.1:{port}/healthz")
        for path in (f"/s/{TOKEN}", f"/u/{TOKEN}?lang=en", f"/s/{TOKEN}/thanks?token={TOKEN}"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
            except urllib.error.HTTPError:
                pass  # unknown links: 404 or 410, logged all the same
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    written = (tmp_path / "serve.log").read_text()
    assert written.count("/s/[redacted]") == 2 and "/u/[redacted]?lang=en" in written
    assert TOKEN not in written
