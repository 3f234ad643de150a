"""APScheduler around dispatch passes: in the web process (FEEDBACK_SCHEDULER=1) or on its own."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.blocking import BlockingScheduler

from feedback_app.common.clock import utcnow
from feedback_app.delivery.channels import channels_from_config
from feedback_app.delivery.dispatch import PassResult, dispatch_pass

log = logging.getLogger(__name__)


def run_pass(app) -> PassResult:
    """One dispatch pass with the app's settings; one SMTP connection for the whole pass."""
    engine, config = app.extensions["feedback_engine"], app.config
    with channels_from_config(config) as channels:
        result = dispatch_pass(
            engine,
            channels,
            config["BASE_URL"],
            config["MAIL_FROM"],
            utcnow(),
            clock=utcnow,
            max_attempts=int(config["MAX_ATTEMPTS"]),
            lease=timedelta(seconds=float(config["LEASE_SECONDS"])),
        )
    if result.claimed:
        log.info("dispatch pass: %s", result)
    return result


def run_trigger_jobs(app) -> None:
    """Recurring surveys whose fire time has come, and reminders now due, go into the outbox."""
    from feedback_app.invitations.planning import rule_settings
    from feedback_app.invitations.recurring import run_recurring_triggers
    from feedback_app.invitations.reminders import queue_due_reminders

    engine, now = app.extensions["feedback_engine"], utcnow()
    runs = run_recurring_triggers(engine, now, rule_settings(app.config))
    reminded = queue_due_reminders(engine, now)
    if runs or reminded:
        log.info("recurring surveys fired: %s; reminders queued: %s", len(runs), reminded)


def run_notifications(app):
    """Send due close-the-loop notifications to stage owners (e-mail over the pass's SMTP connection, webhooks)."""
    from feedback_app.delivery.email import sender_from_config
    from feedback_app.insight.close_the_loop import send_due_notifications

    config = app.config
    with sender_from_config(config) as sender:
        result = send_due_notifications(
            app.extensions["feedback_engine"],
            sender,
            config["BASE_URL"],
            config["MAIL_FROM"],
            utcnow(),
            webhook_secret=config.get("WEBHOOK_SECRET"),
        )
    if result.claimed:
        log.info("notification pass: %s", result)
    return result


def run_rescore_requests(app) -> int:
    """Earlier answers of journeys whose CX team asked for them to be read again with the journey's themes."""
    from feedback_app.insight.rescoring import run_rescore_requests as run_requests
    from feedback_app.storage.database import session_scope

    engine = app.extensions["feedback_engine"]
    done = run_requests(lambda: session_scope(engine))
    if done:
        log.info("rescored on request: %s answers", done)
    return done


def run_until_idle(app) -> PassResult:
    """Dispatch everything due now: passes until one finds nothing more to claim."""
    run_trigger_jobs(app)
    run_notifications(app)
    total = PassResult()
    while True:
        result = run_pass(app)
        for name in ("claimed", "sent", "retried", "failed", "expired", "suppressed"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        total.errors.extend(result.errors)
        if not result.claimed or result.claimed == result.retried:
            break
    run_rescore_requests(app)  # after the sends: a long rescore never delays an invitation
    return total


def _add_dispatch_job(scheduler, app) -> None:
    scheduler.add_job(
        run_pass,
        "interval",
        args=[app],
        seconds=float(app.config["SCHEDULER_INTERVAL"]),
        id="dispatch",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )


def run_blocking_scheduler(app) -> None:
    """Every job starts at once (next_run_time=now), then runs at its interval."""
    scheduler = BlockingScheduler()
    _add_dispatch_job(scheduler, app)
    scheduler.add_job(
        run_trigger_jobs,
        "interval",
        args=[app],
        seconds=60,
        id="triggers",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    scheduler.add_job(
        run_notifications,
        "interval",
        args=[app],
        seconds=float(app.config["SCHEDULER_INTERVAL"]),
        id="notifications",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    scheduler.add_job(
        run_rescore_requests,
        "interval",
        args=[app],
        seconds=float(app.config["SCHEDULER_INTERVAL"]),
        id="rescore_requests",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    log.info("scheduler running every %ss; Ctrl+C stops it", app.config["SCHEDULER_INTERVAL"])
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
