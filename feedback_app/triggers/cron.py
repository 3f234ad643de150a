"""A trigger's cron schedule (crontab syntax, in the trigger's time zone, read by APScheduler's CronTrigger):
whether it can be used, and which fire time is due. invitations.recurring invites a segment at each one."""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from feedback_app.common.clock import to_utc
from feedback_app.common.texts import N_, Text
from feedback_app.triggers.rules import DEFAULT_TIMEZONE

MAX_CATCH_UP = 100_000  # fire times skipped over after a long outage, at most
# The simple schedule builder: how often -> the cron fields after "minute hour" (day month weekday).
SIMPLE_SCHEDULES = {
    "daily": "* * *",
    "weekdays": "* * 1-5",
    "monday": "* * 1",
    "tuesday": "* * 2",
    "wednesday": "* * 3",
    "thursday": "* * 4",
    "friday": "* * 5",
    "saturday": "* * 6",
    "sunday": "* * 0",
    "monthly": "1 * *",
}


def cron_for(every: str, at: str) -> str | None:
    """The crontab expression of a simple schedule: `every` (daily, a weekday, weekdays, monthly on the 1st) at
    `at` (HH:MM, the schedule's time zone); None when `every` is not one of them."""
    rest = SIMPLE_SCHEDULES.get(every)
    hour, _, minute = (at or "09:00").partition(":")
    if rest is None or not (hour.isdigit() and minute.isdigit()):
        return None
    return f"{int(minute)} {int(hour)} {rest}"


def cron_error(expression: str, timezone: str | None) -> Text | None:
    """Why a crontab expression (minute hour day month weekday) cannot be used, or None."""
    try:
        CronTrigger.from_crontab(expression, timezone=timezone or DEFAULT_TIMEZONE)
    except (ValueError, TypeError, LookupError) as exc:
        return Text(
            N_(
                "'%(expression)s' is not a cron schedule (minute hour day month weekday, e.g. '0 9 1 * *'): %(problem)s"
            ),
            expression=expression,
            problem=str(exc),
        )
    return None


def next_fire_time(expression: str, timezone: str | None, after: datetime) -> datetime | None:
    """The first fire time strictly after `after` (UTC), or None if the schedule never fires again."""
    cron = CronTrigger.from_crontab(expression, timezone=timezone or DEFAULT_TIMEZONE)
    fire = cron.get_next_fire_time(None, to_utc(after) + timedelta(microseconds=1))
    return to_utc(fire) if fire else None


def due_fire_time(expression: str, timezone: str | None, after: datetime, now: datetime) -> datetime | None:
    """The latest fire time in (after, now], or None when nothing is due."""
    fire = next_fire_time(expression, timezone, after)
    if fire is None or fire > to_utc(now):
        return None
    for _ in range(MAX_CATCH_UP):
        following = next_fire_time(expression, timezone, fire)
        if following is None or following > to_utc(now):
            break
        fire = following
    return fire
