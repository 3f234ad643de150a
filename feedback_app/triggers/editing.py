"""What marketers do with triggers: check and save settings, pause, duplicate, delete, list with counts.

Deleting is soft: a trigger's invitations and the answers to them stay stored and keep counting on
the map; a deleted trigger just stops listening and disappears from the lists.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.common.address_policy import AddressPolicy, AddressRefused
from feedback_app.common.field_errors import FieldErrors
from feedback_app.common.texts import N_, Text
from feedback_app.models import Invitation, Journey, Questionnaire, Stage, Touchpoint, Trigger
from feedback_app.models.journey import in_language
from feedback_app.triggers.conditions import describe, validate_conditions
from feedback_app.triggers.cron import cron_error
from feedback_app.triggers.funnel import Funnel, trigger_funnel
from feedback_app.triggers.overlap import Overlap, overlap_of
from feedback_app.triggers.rules import QuietHours

CHANNELS = ("email", "webhook")
COPY_NAME = N_("%(name)s (copy)")
FUNNEL_WINDOWS = (7, 30, 90)  # the days a trigger's page can show its funnel over; the first is the default


class TriggerNotFound(LookupError):
    pass


class SettingsError(FieldErrors):
    """Settings a marketer must fix: `errors` maps a field name to what is wrong with it (a Text), and
    "conditions" to the list of the condition tree's problems."""


@dataclass
class TriggerSettings:
    """Everything a marketer sets on a trigger, as plain values."""

    name: str
    touchpoint_id: int
    questionnaire_id: int
    channel: str = "email"
    delay_minutes: int = 60
    expiry_hours: int = 72
    fatigue_days: int = 7
    sample_percent: int = 100
    require_consent: bool = False  # invite only customers whose latest event carried consent given
    conditions: dict = field(default_factory=dict)
    quiet_start: str | None = None
    quiet_end: str | None = None
    reminder_days: int | None = None
    schedule_cron: str | None = None
    schedule_timezone: str | None = None
    webhook_url: str | None = None

    @classmethod
    def of(cls, trigger: Trigger) -> TriggerSettings:
        return cls(**{name: getattr(trigger, name) for name in cls.__dataclass_fields__})


def check_settings(
    session: Session, s: TriggerSettings, addresses: AddressPolicy = AddressPolicy()
) -> dict[str, Text | list[Text]]:
    """Field -> problem, for everything that would make the trigger misbehave; empty when fine.
    `addresses` says where a webhook may go (FEEDBACK_WEBHOOK_ALLOWED_HOSTS)."""
    errors: dict[str, Text | list[Text]] = {}
    if s.webhook_url:
        try:
            addresses.vet(s.webhook_url)
        except AddressRefused as exc:
            errors["webhook_url"] = exc.text
    if not s.name.strip():
        errors["name"] = Text(N_("Give the trigger a name."))
    if session.get(Touchpoint, s.touchpoint_id) is None:
        errors["touchpoint_id"] = Text(N_("Choose a touchpoint."))
    if session.get(Questionnaire, s.questionnaire_id) is None:
        errors["questionnaire_id"] = Text(N_("Choose a questionnaire."))
    if s.channel not in CHANNELS:
        errors["channel"] = Text(N_("Choose one of %(channels)s."), channels=", ".join(CHANNELS))
    if s.expiry_hours * 60 <= s.delay_minutes:
        errors["expiry_hours"] = Text(N_("The link must stay valid longer than the delay before sending."))
    if not 0 <= s.sample_percent <= 100:
        errors["sample_percent"] = Text(N_("A percentage from 0 to 100."))
    problems = validate_conditions(s.conditions)
    if problems:
        errors["conditions"] = problems
    errors.update(_timing_errors(s))
    return errors


def _timing_errors(s: TriggerSettings) -> dict[str, Text]:
    errors = {}
    if bool(s.quiet_start) != bool(s.quiet_end):
        missing = "quiet_end" if s.quiet_start else "quiet_start"
        errors[missing] = Text(N_("Set both the start and the end of quiet hours."))
    else:
        try:
            QuietHours.parse(s.quiet_start, s.quiet_end)
        except ValueError as exc:
            errors["quiet_start"] = Text(
                N_("Use times like 21:00 and 08:00 (%(problem)s)."), problem=getattr(exc, "text", str(exc))
            )
    if s.reminder_days is not None and s.reminder_days * 24 >= s.expiry_hours:
        errors["reminder_days"] = Text(
            N_("The reminder must come before the link expires; shorten it or extend the expiry.")
        )
    if s.schedule_timezone:
        try:
            ZoneInfo(s.schedule_timezone)
        except (ValueError, KeyError):
            errors["schedule_timezone"] = Text(N_("Use an IANA time zone such as Asia/Jakarta."))
    if s.schedule_cron and "schedule_timezone" not in errors:
        problem = cron_error(s.schedule_cron, s.schedule_timezone)
        if problem:
            errors["schedule_cron"] = problem
    return errors


def get_trigger(session: Session, trigger_id: int) -> Trigger:
    trigger = session.get(Trigger, trigger_id)
    if trigger is None or trigger.deleted_at is not None:
        raise TriggerNotFound(trigger_id)
    return trigger


def save_trigger(
    session: Session,
    settings: TriggerSettings,
    now: datetime,
    trigger_id: int | None = None,
    addresses: AddressPolicy = AddressPolicy(),
) -> Trigger:
    """Create a trigger, or change one; raises SettingsError naming each bad field."""
    errors = check_settings(session, settings, addresses)
    if errors:
        raise SettingsError(errors)
    trigger = (
        get_trigger(session, trigger_id)
        if trigger_id
        else Trigger(created_at=now, name="", journey_id=0, touchpoint_id=0, questionnaire_id=0)
    )
    values = asdict(settings)
    values["name"] = settings.name.strip()
    values["schedule_cron"] = (settings.schedule_cron or "").strip() or None
    for name, value in values.items():
        setattr(trigger, name, value)
    trigger.journey_id = session.get(Touchpoint, settings.touchpoint_id).journey_id
    session.add(trigger)
    session.flush()
    return trigger


def set_active(session: Session, trigger_id: int, active: bool) -> Trigger:
    """Pause (events are then recorded as suppressed: trigger_paused) or resume."""
    trigger = get_trigger(session, trigger_id)
    trigger.active = active
    session.add(trigger)
    return trigger


def duplicate_trigger(
    session: Session,
    trigger_id: int,
    now: datetime,
    copy_name: str = COPY_NAME,
    addresses: AddressPolicy = AddressPolicy(),
) -> Trigger:
    """A paused copy, so a marketer can change it before it asks anyone twice; `copy_name` (COPY_NAME in the
    marketer's language) names it after the original."""
    original = get_trigger(session, trigger_id)
    settings = TriggerSettings.of(original)
    settings.name = (copy_name % {"name": original.name})[:200]
    copy = save_trigger(session, settings, now, addresses=addresses)
    copy.active = False
    copy.webhook_secret = original.webhook_secret
    session.add(copy)
    return copy


def delete_trigger(session: Session, trigger_id: int, now: datetime) -> int:
    """Soft-delete; returns how many stored invitations stay (with their answers)."""
    trigger = get_trigger(session, trigger_id)
    trigger.deleted_at, trigger.active = now, False
    session.add(trigger)
    return invitation_count(session, trigger_id)


def invitation_count(session: Session, trigger_id: int) -> int:
    return session.exec(select(func.count()).select_from(Invitation).where(Invitation.trigger_id == trigger_id)).one()


def choices(session: Session, lang: str = "en") -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(touchpoints, questionnaires) as (id, label) for the trigger form; names and titles in `lang`."""
    touchpoints = [
        (tp.id, f"{in_language(journey, 'name', lang)} · {in_language(tp, 'name', lang)} ({tp.key})")
        for tp, journey in session.exec(
            select(Touchpoint, Journey)
            .join(Journey, Journey.id == Touchpoint.journey_id)
            .order_by(Journey.name, Touchpoint.position)
        )
    ]
    questionnaires = [
        (q.id, f"{q.title.get(lang) or q.title.get('en') or q.key} ({q.key})")
        for q in session.exec(select(Questionnaire).order_by(Questionnaire.key))
    ]
    return touchpoints, questionnaires


@dataclass
class TriggerFormOptions:
    """What the trigger form offers, as (id, label) pairs, and the settings of the trigger it edits (if any)."""

    touchpoints: list[tuple[int, str]]
    questionnaires: list[tuple[int, str]]
    stored: TriggerSettings | None = None
    stage_questionnaires: dict[int, int] = field(default_factory=dict)  # touchpoint id -> its stage's questionnaire


def trigger_form_options(session: Session, lang: str = "en", trigger_id: int | None = None) -> TriggerFormOptions:
    """The form's touchpoints and questionnaires (titles in `lang`), with trigger `trigger_id`'s settings when it
    is given (TriggerNotFound when deleted or unknown)."""
    touchpoints, questionnaires = choices(session, lang)
    stored = TriggerSettings.of(get_trigger(session, trigger_id)) if trigger_id else None
    return TriggerFormOptions(touchpoints, questionnaires, stored, stage_questionnaires(session))


def stage_questionnaires(session: Session) -> dict[int, int]:
    """Each touchpoint's natural questionnaire: the one written for its stage (the form preselects it)."""
    by_stage: dict[str, int] = {}
    for key, questionnaire_id in session.exec(
        select(Questionnaire.stage, Questionnaire.id).order_by(Questionnaire.key)
    ):
        by_stage.setdefault(key, questionnaire_id)
    rows = session.exec(select(Touchpoint.id, Stage.key).join(Stage, Stage.id == Touchpoint.stage_id))
    return {touchpoint_id: by_stage[stage] for touchpoint_id, stage in rows if stage in by_stage}


@dataclass
class TriggerPage:
    """What a trigger's page shows: the trigger, its funnel over the last `days`, the names of its touchpoint and
    questionnaire, and its conditions read as a sentence."""

    trigger: Trigger
    funnel: Funnel
    days: int
    touchpoint: str | None
    questionnaire: str | None
    conditions: Text
    overlap: Overlap | None = None


def trigger_page(session: Session, trigger_id: int, days: int, now: datetime, lang: str = "en") -> TriggerPage:
    """Trigger `trigger_id` with its funnel up to `now` over `days` (the first of FUNNEL_WINDOWS unless one of
    them), names in `lang`; TriggerNotFound when deleted or unknown."""
    trigger = get_trigger(session, trigger_id)
    days = days if days in FUNNEL_WINDOWS else FUNNEL_WINDOWS[0]
    funnel = trigger_funnel(session, trigger_id, now - timedelta(days=days), now + timedelta(seconds=1))
    touchpoints, questionnaires = choices(session, lang)
    return TriggerPage(
        trigger,
        funnel,
        days,
        dict(touchpoints).get(trigger.touchpoint_id),
        dict(questionnaires).get(trigger.questionnaire_id),
        describe(trigger.conditions),
        overlap_of(session, trigger),
    )
