"""`feedback-app customer-export` and `customer-erase`: one customer's data out, or erased (privacy/). Registered
on the command group by cli.py; kept apart so the commands about personal data are found in one place."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback_app.common.clock import utcnow
from feedback_app.privacy.customers import CustomerNotFound
from feedback_app.privacy.erasure import erase_customer
from feedback_app.privacy.export import export_customer, export_customers_by_email
from feedback_app.staff.audit import CLI_CLIENT
from feedback_app.storage.database import session_scope


def _session():
    return session_scope(current_app.extensions["feedback_engine"])


@click.command("customer-export")
@with_appcontext
@click.argument("external_id", required=False)
@click.option("--email", default=None, help="Find the customer(s) by e-mail address instead.")
def customer_export(external_id: str | None, email: str | None) -> None:
    """Print one JSON document with everything held about customer EXTERNAL_ID (or --email E)."""
    if bool(external_id) == bool(email):
        raise click.UsageError("give either EXTERNAL_ID or --email E")
    key = current_app.config["ADDRESS_KEY"]
    try:
        with _session() as session:
            if email:
                document = export_customers_by_email(session, email, utcnow(), address_key=key, client=CLI_CLIENT)
            else:
                document = export_customer(session, external_id, utcnow(), address_key=key, client=CLI_CLIENT)
    except CustomerNotFound as exc:
        raise click.ClickException(exc.message) from None
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.command("customer-erase")
@with_appcontext
@click.argument("external_id")
@click.option("--yes", is_flag=True, hidden=True, help="Kept for scripts; the command never asks.")
def customer_erase(external_id: str, yes: bool) -> None:
    """Erase customer EXTERNAL_ID's personal data and free texts everywhere; the map's counts stay."""
    try:
        with _session() as session:
            record = erase_customer(session, external_id, utcnow(), actor=None, client=CLI_CLIENT)
            counts = dict(record.counts)
            record_id = record.id
    except CustomerNotFound as exc:
        raise click.ClickException(exc.message) from None
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
    click.echo(f"Erased (erasure record {record_id}): {summary}.")


COMMANDS = (customer_export, customer_erase)
