"""`create-user` and `create-api-key`: the same address and password rules as the pages, audited as the
command line."""

from __future__ import annotations

from helpers import csrf_token
from sqlmodel import select

from feedback_app.cli import main
from feedback_app.models import AuditEntry
from feedback_app.storage.database import session_scope


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(main, list(args))


def test_create_user_accepts_a_test_domain_that_can_then_log_in(app, app_engine):
    created = invoke(app, "create-user", "demo@example.test", "--role", "admin", "--password", "kopi susu gula aren")
    assert created.exit_code == 0, created.output
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    login = {"email": "demo@example.test", "password": "kopi susu gula aren", "csrf_token": token}
    assert client.post("/login", data=login).status_code == 302


def test_create_user_refuses_weak_passwords_and_odd_addresses(app):
    common = invoke(app, "create-user", "sari@example.com", "--role", "admin", "--password", "qwerty123456")
    assert common.exit_code == 1 and "one of the most common ones" in common.output
    short = invoke(app, "create-user", "sari@example.com", "--role", "admin", "--password", "kopi susu")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    odd = invoke(app, "create-user", "sari@localhost", "--role", "admin", "--password", "kopi susu gula aren")
    assert odd.exit_code == 1 and "is not an e-mail address" in odd.output


def test_command_line_changes_are_audited_without_an_actor(app, app_engine):
    for password in ("kopi susu gula aren", "teh manis hangat sekali"):
        assert (
            invoke(app, "create-user", "sari@example.com", "--role", "marketer", "--password", password).exit_code == 0
        )
    assert invoke(app, "create-api-key", "Shop orders").exit_code == 0
    with session_scope(app_engine) as session:
        log = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.target, e.client) for e in log] == [
        (None, "user_created", "sari@example.com", "cli"),
        (None, "user_updated", "sari@example.com", "cli"),
        (None, "api_key_created", "Shop orders", "cli"),
    ]
    assert "teh manis" not in repr([e.model_dump() for e in log])
