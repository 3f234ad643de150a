"""`feedback-app create-user` and `create-api-key`: staff accounts and API keys from the command line, each change
recorded in the audit log with no actor (client "cli"). Registered on the command group by cli.py."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from feedback_app.models import StaffUser
from feedback_app.staff.accounts import StaffError
from feedback_app.staff.accounts import create_api_key as create_key
from feedback_app.staff.accounts import create_user as create
from feedback_app.staff.audit import CLI_CLIENT, record_staff_action
from feedback_app.staff.credentials import staff_email
from feedback_app.storage.database import session_scope


def _session():
    return session_scope(current_app.extensions["feedback_engine"])


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "cx_manager", "marketer"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", type=click.Choice(["en", "id"]), default="en")
def create_user(email: str, role: str, password: str, locale: str) -> None:
    """Create a staff user (or update the role and password of an existing one)."""
    try:
        with _session() as session:
            existing = session.exec(select(StaffUser.id).where(StaffUser.email == staff_email(email))).first()
            user = create(session, email, role, password, locale)
            action = "user_created" if existing is None else "user_updated"  # role, language and password
            details = {"role": user.role, "locale": user.locale}
            record_staff_action(
                session, actor=None, action=action, target=user.email, details=details, client=CLI_CLIENT
            )
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"User {user.email} ({user.role}) is ready.")


@click.command("create-api-key")
@with_appcontext
@click.argument("name")
@click.option("--personal-data", is_flag=True, help="May export and erase customers (/api/v1/customers/...).")
def create_api_key(name: str, personal_data: bool) -> None:
    """Create an API key; the key is printed once, as the last line. Only its hash is stored."""
    try:
        with _session() as session:
            key = create_key(session, name, personal_data=personal_data)
            record_staff_action(session, actor=None, action="api_key_created", target=name.strip(), client=CLI_CLIENT)
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"API key '{name}' created. Keep it now; it cannot be shown again:")
    click.echo(key)


COMMANDS = (create_user, create_api_key)
