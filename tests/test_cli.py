"""The feedback-app commands, run as a user runs them (a real process, a scratch database)."""

import json
import os
import subprocess
import sys
from datetime import UTC

import pytest

EXE = [sys.executable, "-m", "feedback_app.cli"]


@pytest.fixture
def run(tmp_path):
    env = {
        **os.environ,
        "FEEDBACK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "FEEDBACK_SCHEDULER": "0",
    }

    def feedback_app(*args, input=None, extra_env=None):
        return subprocess.run(
            [*EXE, *args], capture_output=True, text=True, input=input, timeout=120, env={**env, **(extra_env or {})}
        )

    return feedback_app


def test_setup_commands_are_safe_to_run_twice(run):
    for _ in range(2):
        assert run("init-db").returncode == 0
        loaded = run("load-surveys")
        assert loaded.returncode == 0 and "5 questionnaire(s) loaded" in loaded.stdout
        assert run("seed-demo").stdout.strip() == "Demo journey ready: katering-sehat"


def test_load_surveys_reports_file_line_and_reason(run, tmp_path):
    run("init-db")
    broken = tmp_path / "surveys"
    broken.mkdir()
    (broken / "bad.toml").write_text('key = "x"\nstage = "nowhere"\n')
    result = run("load-surveys", str(broken))
    assert result.returncode == 1
    assert f"{broken / 'bad.toml'}:2: 'stage' must be one of" in result.stderr


def test_create_user_and_api_key(run):
    run("init-db")
    assert (
        run("create-user", "ana@example.com", "--role", "marketer", "--password", "long enough, surely").returncode == 0
    )
    short = run("create-user", "ana@example.com", "--role", "marketer", "--password", "short")
    assert short.returncode != 0 and "at least 12 characters" in short.stderr
    key = run("create-api-key", "crm").stdout.strip().splitlines()[-1]
    assert key.startswith("fbk_") and len(key) > 40


def test_scheduler_once_sends_due_invitations_over_smtp(run, smtp_server):
    from datetime import datetime, timedelta

    run("init-db"), run("load-surveys"), run("seed-demo")
    key = run("create-api-key", "crm").stdout.strip().splitlines()[-1]
    script = f"""
from feedback_app import create_app
app = create_app({{"TESTING": True}})
r = app.test_client().post("/api/v1/events", headers={{"Authorization": "Bearer {key}"}}, json={{
    "touchpoint": "order_delivered", "occurred_at": "{(datetime.now(UTC) - timedelta(hours=2)).isoformat()}",
    "customer": {{"external_id": "c-1", "email": "c1@example.com", "locale": "en"}}}})
assert r.status_code == 202, r.json
"""
    env = {"FEEDBACK_SMTP_HOST": smtp_server.host, "FEEDBACK_SMTP_PORT": str(smtp_server.port)}
    assert run("shell", input=script, extra_env=env).returncode == 0
    result = run("scheduler", "--once", extra_env=env)
    assert result.returncode == 0 and "sent 1" in result.stdout
    assert [m["To"] for m in smtp_server.messages] == ["c1@example.com"]


def test_score_prints_the_contract_fields_and_flags_bad_lines(run):
    lines = [
        '{"text": "kurirnya telat bgt, makanan udah dingin"}',
        "not json",
        '{"text": "great food", "lang": "en"}',
        '{"nope": 1}',
    ]
    result = run("score", input="\n".join(lines) + "\n")
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4 and "error" in out[1] and "error" in out[3]
    assert out[0]["label"] == "negative" and out[0]["language"] == "id"
    assert set(out[2]) >= {"polarity", "label", "language", "emotion", "themes", "scorer"}


def test_set_stage_owner_names_who_hears_about_low_answers(run):
    run("init-db"), run("load-surveys"), run("seed-demo")
    done = run("set-stage-owner", "katering-sehat", "service", "--email", "ops@example.com", "--csat-at-most", "2")
    assert done.returncode == 0 and "ops@example.com" in done.stdout
    missing = run("set-stage-owner", "katering-sehat", "nowhere", "--email", "ops@example.com")
    assert missing.returncode != 0 and "no stage 'nowhere'" in missing.stderr
    assert run("set-stage-owner", "katering-sehat", "service").returncode != 0


def test_init_db_warns_when_opt_outs_were_recorded_under_another_address_key(run, tmp_path):
    from sqlalchemy import create_engine

    from feedback_app.models import OptOutAddress
    from feedback_app.privacy.addresses import address_digest, key_id
    from feedback_app.storage.database import session_scope

    assert "warning" not in run("init-db", extra_env={"FEEDBACK_ADDRESS_KEY": "old key"}).stderr
    with session_scope(create_engine(f"sqlite:///{tmp_path / 'cli.db'}")) as session:
        digest = address_digest("email", "a@example.com", "old key")
        session.add(OptOutAddress(digest=digest, kind="email", key_id=key_id("old key")))
    assert "warning" not in run("init-db", extra_env={"FEEDBACK_ADDRESS_KEY": "old key"}).stderr
    changed = run("init-db", extra_env={"FEEDBACK_ADDRESS_KEY": "new key"})
    assert (
        changed.returncode == 0 and "1 opt-out(s) by address were recorded under another address key" in changed.stderr
    )
