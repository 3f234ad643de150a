"""The trigger form: settings, quiet hours, reminder, schedule, and a condition builder (rows or JSON)."""

from __future__ import annotations

import json
import math
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp

from feedback_app.common.bounded_input import BoundedInputError, load_bounded_json, value_problem
from feedback_app.common.texts import N_, Text
from feedback_app.triggers.conditions import FIXED_FIELDS, OPERATORS, customer_field
from feedback_app.triggers.cron import cron_for
from feedback_app.triggers.editing import TriggerSettings
from feedback_app.web.forms import StaffForm
from feedback_app.web.i18n import translate

TIME = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Use a 24-hour time such as 21:00."))
TIMEZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "UTC"]
FIELD_SUGGESTIONS = ["attributes.plan", "attributes.city", "attributes.status", "persona", "locale", "timezone"]
ROWS = 4
EVERY_NAMES = {
    "daily": _l("day"),
    "weekdays": _l("weekday (Monday to Friday)"),
    "monday": _l("Monday"),
    "tuesday": _l("Tuesday"),
    "wednesday": _l("Wednesday"),
    "thursday": _l("Thursday"),
    "friday": _l("Friday"),
    "saturday": _l("Saturday"),
    "sunday": _l("Sunday"),
    "monthly": _l("month, on the 1st"),
}
ROW_COLUMNS = {"field": N_("Customer field"), "op": N_("Operator"), "value": N_("Value")}  # a row's inputs
ROW_LABELS = {name: _l(label) for name, label in ROW_COLUMNS.items()}
OPERATOR_NAMES = {op: _l(name) for op, name in OPERATORS.items()}
CHANNEL_NAMES = {"email": _l("E-mail"), "webhook": _l("Webhook")}
FIXED_FIELD_NAMES = {field: _l(name) for field, name in FIXED_FIELDS.items()}


class ConditionRowForm(Form):
    """One condition: field, operator, value ("Jakarta, Bandung" for is one of)."""

    field = StringField(
        ROW_LABELS["field"],
        validators=[Optional(), Length(max=120)],
        render_kw={"list": "condition-fields", "placeholder": _l("e.g. plan")},
    )
    op = SelectField(ROW_LABELS["op"], choices=[SelectChoice(k, v) for k, v in OPERATOR_NAMES.items()], default="eq")
    value = StringField(
        ROW_LABELS["value"], validators=[Optional(), Length(max=500)], render_kw={"placeholder": _l("e.g. monthly")}
    )


class TriggerForm(StaffForm):
    condition_errors: tuple = ()  # set by the view from the rules' messages
    condition_cells: frozenset = frozenset()  # (row index, input) the messages are about: marked invalid
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    touchpoint_id = SelectField(
        _l("Touchpoint"), coerce=int, description=_l("The event it listens to; answers count on its stage.")
    )
    questionnaire_id = SelectField(_l("Questionnaire"), coerce=int)
    channel = SelectField(
        _l("Channel"),
        choices=[
            SelectChoice("email", _l("E-mail")),
            SelectChoice("webhook", _l("Webhook (WhatsApp/SMS gateway, CRM)")),
        ],
    )
    webhook_url = StringField(
        _l("Webhook address"),
        validators=[Optional(), URL(require_tld=False), Length(max=500)],
        description=_l("Only for the webhook channel; empty: the configured default."),
    )
    delay_minutes = IntegerField(_l("Delay (minutes)"), default=60, validators=[NumberRange(0, 60 * 24 * 30)])
    expiry_hours = IntegerField(_l("Link valid for (hours)"), default=72, validators=[NumberRange(1, 24 * 90)])
    fatigue_days = IntegerField(
        _l("Ask a customer at most once every (days), this trigger"), default=7, validators=[NumberRange(0, 365)]
    )
    sample_percent = IntegerField(
        _l("Sample (percent of matching customers)"), default=100, validators=[NumberRange(0, 100)]
    )
    require_consent = BooleanField(
        _l("Only customers who gave consent"),
        description=_l("The event must carry customer.consent with given: true; others are not asked (no consent)."),
    )
    quiet_start = StringField(_l("Quiet hours from"), validators=[Optional(), TIME], render_kw={"placeholder": "21:00"})
    quiet_end = StringField(_l("until"), validators=[Optional(), TIME], render_kw={"placeholder": "08:00"})
    reminder_days = IntegerField(
        _l("Remind once after (days)"),
        validators=[Optional(), NumberRange(1, 60)],
        description=_l("Empty: no reminder. Never after an answer or once the link expired."),
    )
    schedule_cron = StringField(
        _l("Recurring schedule (cron)"),
        validators=[Optional(), Length(max=100)],
        render_kw={"placeholder": "0 9 1 * *"},
        description=_l(
            "Empty: asks after each event. Set: invites the matching customers "
            "on this schedule, e.g. 0 9 1 * * = 09:00 on the 1st of each month."
        ),
    )
    schedule_timezone = SelectField(_l("Schedule time zone"), choices=[SelectChoice(z, z) for z in TIMEZONES])
    schedule_every = SelectField(
        _l("Recurring: every"),
        choices=[SelectChoice("", _l("— after each event —")), *[SelectChoice(k, v) for k, v in EVERY_NAMES.items()]],
        default="",
        description=_l("A simple schedule; the cron field below, when filled, wins."),
    )
    schedule_at = StringField(
        _l("at"), validators=[Optional(), TIME], default="09:00", render_kw={"placeholder": "09:00"}
    )
    match = SelectField(
        _l("Ask customers who match"),
        choices=[
            SelectChoice("all", _l("all of these conditions")),
            SelectChoice("any", _l("any of these conditions")),
        ],
    )
    rows = FieldList(FormField(ConditionRowForm), min_entries=ROWS)
    conditions_json = TextAreaField(
        _l("Conditions as JSON (advanced; replaces the rows when filled)"), render_kw={"rows": 5, "spellcheck": "false"}
    )


def settings_from_form(form: TriggerForm) -> tuple[TriggerSettings, Text | None]:
    """The form's values as TriggerSettings, plus a JSON syntax error (with line and column) if any."""
    conditions, json_error = conditions_from_form(form)
    raw = (form.schedule_cron.data or "").strip()
    schedule = raw or cron_for(form.schedule_every.data or "", form.schedule_at.data or "09:00")
    settings = TriggerSettings(
        name=form.name.data or "",
        touchpoint_id=form.touchpoint_id.data,
        questionnaire_id=form.questionnaire_id.data,
        channel=form.channel.data,
        delay_minutes=form.delay_minutes.data,
        expiry_hours=form.expiry_hours.data,
        fatigue_days=form.fatigue_days.data,
        sample_percent=form.sample_percent.data,
        require_consent=bool(form.require_consent.data),
        conditions=conditions,
        quiet_start=form.quiet_start.data or None,
        quiet_end=form.quiet_end.data or None,
        reminder_days=form.reminder_days.data,
        schedule_cron=schedule,
        schedule_timezone=form.schedule_timezone.data if schedule else None,
        webhook_url=form.webhook_url.data or None,
    )
    return settings, json_error


def conditions_from_form(form: TriggerForm) -> tuple[dict, Text | None]:
    text = (form.conditions_json.data or "").strip()
    if text:
        try:
            tree = load_bounded_json(text)
        except BoundedInputError as exc:
            return {}, exc.text
        unstorable = value_problem(tree, "conditions")
        if unstorable:
            return {}, Text(N_("%(path)s: %(problem)s"), path=unstorable[0], problem=unstorable[1])
        return tree, None
    leaves = [_leaf(row.form) for row in form.rows if (row.form.field.data or "").strip()]
    return ({form.match.data: leaves} if leaves else {}), None


def _leaf(row: ConditionRowForm) -> dict:
    op, raw = row.op.data, (row.value.data or "").strip()
    leaf = {"field": customer_field(row.field.data), "op": op}
    if op in ("in", "not_in"):
        leaf["value"] = [item.strip() for item in raw.split(",") if item.strip()]
    elif op in ("gt", "lt"):
        leaf["value"] = _number(raw)
    elif op == "exists":
        leaf["value"] = raw.lower() not in ("no", "false", "0")
    else:
        leaf["value"] = raw
    return leaf


def _number(raw: str):
    try:
        return int(raw)
    except ValueError:
        try:
            number = float(raw)
        except ValueError:
            return raw  # the rules then say why it is not a number
        return number if math.isfinite(number) else raw  # JSON cannot hold inf or nan


def fill_conditions(form: TriggerForm, tree: dict) -> None:
    """Show stored conditions as rows when they are one flat group, else as JSON."""
    group = next((key for key in ("all", "any") if key in (tree or {})), None)
    leaves = tree.get(group, []) if group else []
    if tree and (group is None or any("field" not in leaf for leaf in leaves)):
        form.conditions_json.data = json.dumps(tree, indent=2, ensure_ascii=False)
        return
    form.match.data = group or "all"
    while len(form.rows) < len(leaves) + 1:
        form.rows.append_entry()
    for row, leaf in zip(form.rows, leaves):
        value = leaf.get("value")
        row.form.field.data, row.form.op.data = leaf["field"], leaf["op"]
        row.form.value.data = (
            ", ".join(map(str, value))
            if isinstance(value, list)
            else ("yes" if value is True else "no" if value is False else str(value))
        )


def condition_messages(problems: list[Text], rows_mode: bool) -> list[str]:
    """The rules' "conditions.all[1].value: 'gt' needs a number" as "Row 2 · Value: 'is greater than' needs a
    number" when the rows were used (they show labels, not keys), in the reader's language."""
    return [translate(_as_row(problem) if rows_mode else problem) for problem in problems]


def invalid_cells(problems: list[Text]) -> set[tuple[int, str]]:
    """The condition rows' inputs the rules' problems are about, as (row index, field|op|value), to mark them."""
    cells = set()
    for problem in problems:
        hit = re.match(r"^conditions\.(?:all|any)\[(\d+)\]\.?(.*)$", str(problem.params.get("path", "")))
        if hit:
            cells.add((int(hit.group(1)), hit.group(2) if hit.group(2) in ROW_COLUMNS else "field"))
    return cells


def _as_row(problem: Text) -> Text:
    hit = re.match(r"^conditions\.(?:all|any)\[(\d+)\]\.?(.*)$", str(problem.params.get("path", "")))
    if not hit:
        return problem
    row, part = int(hit.group(1)) + 1, hit.group(2)
    if problem.params.get("op") in OPERATORS:
        problem = problem.with_params(op=Text(OPERATORS[problem.params["op"]]))
    if part not in ROW_COLUMNS:
        return problem.with_params(path=Text(N_("Row %(row)d"), row=row))
    return problem.with_params(path=Text(N_("Row %(row)d · %(column)s"), row=row, column=Text(ROW_COLUMNS[part])))


class ConfirmForm(StaffForm):
    """A POST with a CSRF token: pause, resume, duplicate, delete, send a test."""


class TestSendForm(StaffForm):
    lang = SelectField(_l("Language"), choices=[SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")])


def choices_of(pairs: list[tuple[int, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]
