"""`feedback-app learn`: adapt the text model to this deployment's own answers (insight/learning.py). Registered on
the command group by cli.py."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback_app.storage.database import session_scope


@click.command("learn")
@with_appcontext
def learn() -> None:
    """Adapt the text model to the answers whose face and rating agree; adopted only if it reads them better."""
    from feedback_app.insight.learning import learn as learn_from_answers
    from feedback_app.scoring import SCORER_VERSION
    from feedback_app.scoring.adaptation import NotEnoughAnswers

    try:
        with session_scope(current_app.extensions["feedback_engine"]) as session:
            outcome = learn_from_answers(session, Path(current_app.instance_path))
    except NotEnoughAnswers as too_few:
        raise click.ClickException(f"Not enough answers to learn from: {too_few}") from None
    figures = (
        f"macro-F1 on {outcome.held_out} held-out answers: current {outcome.current_f1:.3f}, "
        f"adapted {outcome.adapted_f1:.3f}; fitted on {outcome.fitted_on}"
    )
    if outcome.adopted:
        click.echo(f"Adopted {SCORER_VERSION} ({figures}). Run `feedback-app rescore`, then restart the web workers.")
    else:
        click.echo(f"Kept the current scorer {SCORER_VERSION}: the adapted one was not better ({figures}).")
