"""APScheduler around the outbox passes: in its own process (`feedback-app scheduler`, which `serve` starts).

Every job takes the database engine and the Settings, never the Flask app: the scheduler is not a web process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.clock import utcnow
from feedback_app.config import Settings, instance_path
from feedback_app.delivery.channels import channels_for
from feedback_app.delivery.dispatch import PassResult, dispatch_pass
from feedback_app.delivery.email import email_sender
from feedback_app.delivery.outbox import OutboxLimits
from feedback_app.insight.close_the_loop import NotificationPass, send_due_notifications
from feedback_app.insight.learning import follow_learned_model
from feedback_app.insight.rescoring import run_rescore_requests
from feedback_app.invitations.recurring import run_recurring_triggers
from feedback_app.invitations.reminders import queue_due_reminders
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.privacy.retention import RetentionRun, run_retention
from feedback_app.staff.audit import forget_staff_addresses
from feedback_app.storage.database import session_scope

log = logging.getLogger(__name__)

TRIGGER_JOBS_SECONDS = 60  # recurring surveys and reminders are due by the minute, not the second
RETENTION_JOB_SECONDS = 3600  # FEEDBACK_RETENTION_DAYS counts days: an hourly pass is prompt enough


def run_pass(engine: Engine, settings: Settings) -> PassResult:
    """One dispatch pass; one SMTP connection for the whole pass."""
    with channels_for(settings) as channels:
        result = dispatch_pass(
            engine,
            channels,
            settings.base_url,
            settings.mail_from,
            utcnow(),
            clock=utcnow,
            limits=OutboxLimits.from_settings(settings),
        )
    if result.claimed:
        log.info("dispatch pass: %s", result)
    return result


def run_trigger_jobs(engine: Engine, settings: Settings) -> None:
    """Recurring surveys whose fire time has come, and reminders now due, go into the outbox."""
    now = utcnow()
    runs = run_recurring_triggers(engine, now, RuleSettings.from_settings(settings))
    reminded = queue_due_reminders(engine, now)
    if runs or reminded:
        log.info("recurring surveys fired: %s; reminders queued: %s", len(runs), reminded)


def run_notifications(engine: Engine, settings: Settings) -> NotificationPass:
    """Send due close-the-loop notifications to stage owners (e-mail over the pass's SMTP connection, webhooks)."""
    with email_sender(settings) as sender:
        result = send_due_notifications(
            engine,
            sender,
            settings.base_url,
            settings.mail_from,
            utcnow(),
            limits=OutboxLimits.from_settings(settings),
            webhook_secret=settings.webhook_secret,
            addresses=AddressPolicy.from_setting(settings.webhook_allowed_hosts),
        )
    if result.claimed:
        log.info("notification pass: %s", result)
    return result


def run_rescore_jobs(engine: Engine, settings: Settings) -> int:
    """Earlier answers of journeys whose CX team asked for them to be read again with the journey's themes."""
    follow_learned_model(instance_path())  # `feedback-app learn` may have adopted a model since the last pass
    done = run_rescore_requests(lambda: session_scope(engine))
    if done:
        log.info("rescored on request: %s answers", done)
    return done


def run_retention_job(engine: Engine, settings: Settings) -> RetentionRun | None:
    """Anonymise answers, events and customers older than FEEDBACK_RETENTION_DAYS (nothing when it is unset), and
    clear staff addresses in the audit log older than FEEDBACK_AUDIT_ADDRESS_DAYS."""
    now = utcnow()
    with session_scope(engine) as session:
        forgotten = forget_staff_addresses(session, settings.audit_address_days, now)
    if forgotten:
        log.info("audit log: cleared the staff address of %s entries", forgotten)
    run = run_retention(lambda: session_scope(engine), settings.retention_days, now)
    if run is not None and (run.answers or run.events or run.customers):
        log.info("retention: anonymised %s answers, %s events, %s customers", run.answers, run.events, run.customers)
    return run


def run_until_idle(engine: Engine, settings: Settings) -> PassResult:
    """Dispatch everything due now: passes until one finds nothing more to claim."""
    run_trigger_jobs(engine, settings)
    run_notifications(engine, settings)
    total = PassResult()
    while True:
        result = run_pass(engine, settings)
        for name in ("claimed", "sent", "retried", "failed", "expired", "suppressed"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        total.errors.extend(result.errors)
        if not result.claimed or result.claimed == result.retried:
            break
    run_rescore_jobs(engine, settings)  # after the sends: a long rescore never delays an invitation
    run_retention_job(engine, settings)
    return total


JOBS: tuple[tuple[str, Callable, float | None], ...] = (
    ("dispatch", run_pass, None),  # None: every FEEDBACK_SCHEDULER_INTERVAL seconds
    ("triggers", run_trigger_jobs, TRIGGER_JOBS_SECONDS),
    ("notifications", run_notifications, None),
    ("rescore_requests", run_rescore_jobs, None),
    ("retention", run_retention_job, RETENTION_JOB_SECONDS),
)


def run_blocking_scheduler(engine: Engine, settings: Settings) -> None:
    """Every job starts at once (next_run_time=now), then runs at its interval, one instance at a time."""
    scheduler = BlockingScheduler()
    for job_id, job, seconds in JOBS:
        scheduler.add_job(
            job,
            "interval",
            args=[engine, settings],
            seconds=seconds or settings.scheduler_interval,
            id=job_id,
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
    log.info("scheduler running every %ss; Ctrl+C stops it", settings.scheduler_interval)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
