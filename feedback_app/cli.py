"""`feedback-app` commands: each parses its input, calls one domain function, prints the outcome."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup
from sqlalchemy.engine import Engine

from feedback_app import cli_customers as customer_commands
from feedback_app import cli_staff as staff_commands
from feedback_app import create_app
from feedback_app.cli_learning import learn
from feedback_app.config import Settings, SettingsError
from feedback_app.privacy.addresses import stranded_opt_outs
from feedback_app.storage.database import session_scope, upgrade_schema


def _settings() -> Settings:
    return current_app.extensions["feedback_settings"]


def _engine() -> Engine:
    return current_app.extensions["feedback_engine"]


def _session():
    return session_scope(_engine())


def _create_app():
    try:
        return create_app()
    except SettingsError as refused:  # a clear line and exit 1, not a traceback
        raise click.ClickException(str(refused)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True, load_dotenv=False)
def main() -> None:
    """A live customer journey map fed by short surveys."""


for _command in (*customer_commands.COMMANDS, *staff_commands.COMMANDS):  # customer-*, create-user, create-api-key
    main.add_command(_command)
main.add_command(learn)


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (safe to run twice)."""
    settings = _settings()
    upgrade_schema(settings.database_url)
    click.echo("Database schema is up to date.")
    with _session() as session:
        if warning := stranded_opt_outs(session, settings.address_key):
            click.echo(f"warning: {warning}", err=True)


@main.command("load-surveys")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def load_surveys(directory: Path | None) -> None:
    """Load or update questionnaires from surveys/ (or DIRECTORY); all files must be valid."""
    from feedback_app.survey.questionnaires import SurveyFileError, load_questionnaires

    directory = directory or Path(_settings().surveys_dir)
    try:
        with _session() as session:
            outcome = load_questionnaires(session, directory)
    except SurveyFileError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1) from None
    for key, what in sorted(outcome.items()):
        click.echo(f"{what:>9}  {key}")
    click.echo(f"{len(outcome)} questionnaire(s) loaded from {directory}.")


@main.command("seed-demo")
@click.option("--history", is_flag=True, help="Also load three months of events, invitations and answers.")
def seed_demo(history: bool) -> None:
    """Load the demo journey (healthy-food catering); safe to run twice."""
    from feedback_app.demo import seed_demo as seed

    try:
        with _session() as session:
            journey = seed(session)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Demo journey ready: {journey.slug}")
    if history:
        _seed_history()


def _seed_history() -> None:
    from feedback_app.common.clock import utcnow
    from feedback_app.demo_history import seed_history
    from feedback_app.invitations.rule_settings import RuleSettings

    with click.progressbar(length=1, label="Demo history: answers") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        outcome = seed_history(_engine(), utcnow(), RuleSettings.from_settings(_settings()), progress)
    if outcome.already_loaded:
        click.echo("Demo history already loaded.")
    else:
        click.echo(
            f"Demo history: {outcome.events} events, {outcome.invitations} invitations sent, {outcome.answers} answers."
        )


@main.command("set-stage-owner")
@click.argument("journey")
@click.argument("stage")
@click.option("--email", default=None, help="Owner's address for low-answer alerts.")
@click.option("--webhook-url", default=None, help="Or a webhook that receives them.")
@click.option("--emotion-at-most", type=float, default=None, help="Alert at or below this emotion score (-1..1).")
@click.option("--csat-at-most", type=int, default=None)
@click.option("--ces-at-most", type=int, default=None)
@click.option("--nps-at-most", type=int, default=None)
def set_stage_owner(journey: str, stage: str, email, webhook_url, **thresholds) -> None:
    """Close the loop: who hears about low answers on STAGE of JOURNEY (defaults: emotion <= -0.5, CSAT <= 2, CES <= 2, NPS <= 6)."""
    from feedback_app.common.address_policy import AddressPolicy, AddressRefused
    from feedback_app.insight.close_the_loop import set_stage_owner as assign

    if not email and not webhook_url:
        raise click.ClickException("give --email or --webhook-url (or both)")
    try:
        with _session() as session:
            assign(
                session,
                journey,
                stage,
                email=email,
                webhook_url=webhook_url,
                addresses=AddressPolicy.from_setting(_settings().webhook_allowed_hosts),
                **{name: value for name, value in thresholds.items() if value is not None},
            )
    except (LookupError, AddressRefused) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Low answers on {journey}/{stage} now notify {email or webhook_url}.")


@main.command("scheduler")
@click.option("--once", is_flag=True, help="Dispatch everything due now, then exit.")
def scheduler(once: bool) -> None:
    """Run the invitation scheduler (the web process does too when FEEDBACK_SCHEDULER=1)."""
    from feedback_app.scheduler import run_blocking_scheduler, run_until_idle

    if once:
        result = run_until_idle(_engine(), _settings())
        click.echo(
            f"claimed {result.claimed}, sent {result.sent}, retried later {result.retried}, "
            f"failed {result.failed}, expired {result.expired}, suppressed {result.suppressed}"
        )
        return
    run_blocking_scheduler(_engine(), _settings())


@main.command("import-events")
@click.argument("file", type=click.File("rb"))
def import_events_command(file) -> None:
    """Import touchpoint events from a CSV file; bad rows are reported with their number, the rest kept."""
    from feedback_app.common.clock import utcnow
    from feedback_app.invitations.csv_import import ImportFileError, import_events
    from feedback_app.invitations.rule_settings import RuleSettings

    engine = _engine()
    size = os.fstat(file.fileno()).st_size if file.seekable() else 0
    with click.progressbar(length=size or None, label="Importing events", file=sys.stderr) as bar:
        try:
            report = import_events(
                lambda: session_scope(engine),
                file,
                utcnow(),
                progress=lambda position: bar.update(position - bar.pos),
                settings=RuleSettings.from_settings(_settings()),
            )
        except ImportFileError as exc:
            raise click.ClickException(f"{file.name}: {exc}") from None
    for error in report.errors:
        click.echo(f"{file.name}: {error}", err=True)
    if report.ignored_columns:
        click.echo(f"ignored column(s): {', '.join(report.ignored_columns)}", err=True)
    click.echo(report.summary())
    raise SystemExit(1 if report.errors else 0)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn workers (default: 2 x cores + 1)")
def serve(host: str, port: int, workers: int | None) -> None:
    """Production server: gunicorn workers, plus exactly one scheduler process if FEEDBACK_SCHEDULER=1."""
    workers = workers or (2 * (os.cpu_count() or 1) + 1)
    env = {**os.environ, "FEEDBACK_SCHEDULER": "0"}  # workers never run a scheduler themselves
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--bind",
                f"{host}:{port}",
                "--access-logfile",
                "-",
                "--logger-class",  # survey and opt-out tokens never reach the access log
                "feedback_app.web.log_redaction.RedactingAccessLogger",
                "feedback_app.wsgi:app",
            ],
            env=env,
        )
    ]
    if _settings().scheduler:
        children.append(subprocess.Popen([sys.executable, "-m", "feedback_app.cli", "scheduler"], env=env))
    click.echo(
        f"Serving on http://{host}:{port} with {workers} workers"
        + (" and one scheduler" if len(children) > 1 else " (no scheduler: FEEDBACK_SCHEDULER=0)")
    )
    _supervise(children)


def _supervise(children: list[subprocess.Popen]) -> None:
    def stop(*_args):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            try:
                children[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    finally:
        stop()
        for child in children:
            child.wait()
    code = children[0].returncode
    raise SystemExit(0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code)


@main.command("score")
@click.option("--explain", is_flag=True, help="Also show which words moved each score.")
def score_command(explain: bool) -> None:
    """Score JSON lines {"text": ..., "lang"?: "id"|"en"} from stdin, one JSON line out each."""
    from feedback_app.scoring import score_lines

    raise SystemExit(score_lines(sys.stdin, sys.stdout, explain=explain))


@main.command("rescore")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only answers submitted on or after this date.",
)
@click.option("--journey", default=None, help="Only the answers of this journey (its slug).")
def rescore_command(since: datetime | None, journey: str | None) -> None:
    """Recompute stored scores with the current scorer and each journey's themes; the map's aggregates follow.
    Resumable."""
    from feedback_app.insight.rescoring import count_pending, rescore
    from feedback_app.models import JourneyNotFound
    from feedback_app.scoring import SCORER_VERSION

    engine = _engine()
    try:
        with session_scope(engine) as session:
            pending = count_pending(session, since, journey)
    except JourneyNotFound:
        raise click.ClickException(
            f"No journey '{journey}'. `feedback-app rescore` without --journey rescores all."
        ) from None
    if not pending:
        click.echo(f"Nothing to rescore: every answer is scored by {SCORER_VERSION} with its journey's current themes.")
        return
    done = 0
    with click.progressbar(length=pending, label=f"Rescoring with {SCORER_VERSION}", file=sys.stderr) as bar:
        for count in rescore(lambda: session_scope(engine), since, journey=journey):
            bar.update(count)
            done += count
    click.echo(f"Rescored {done} answer(s).")


if __name__ == "__main__":
    main()
