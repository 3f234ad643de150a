"""Trigger pages for marketers (admins too): the list, create and edit, a trigger's page with its funnel,
pause or resume, duplicate, delete."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from feedback_app.common.clock import utcnow
from feedback_app.triggers.conditions import describe
from feedback_app.triggers.editing import (
    COPY_NAME,
    SettingsError,
    TriggerNotFound,
    TriggerSettings,
    choices,
    delete_trigger,
    duplicate_trigger,
    invitation_count,
    list_triggers,
    save_trigger,
    set_active,
)
from feedback_app.triggers.funnel import STEP_LABELS, trigger_funnel
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
from feedback_app.web.i18n import translate
from feedback_app.web.trigger_forms import (
    FIELD_SUGGESTIONS,
    FIXED_FIELD_NAMES,
    ConfirmForm,
    TestSendForm,
    TriggerForm,
    choices_of,
    condition_messages,
    fill_conditions,
    settings_from_form,
)
from feedback_app.web.triggers.blueprint import blueprint, trigger_or_404

FUNNEL_WINDOWS = (7, 30, 90)


@blueprint.get("/triggers")
@roles_required("marketer")
def index():
    with db_session() as session:
        rows = list_triggers(session, utcnow())
    return render_template("triggers/index.html", rows=rows, describe=describe, form=ConfirmForm())


@blueprint.route("/triggers/new", methods=["GET", "POST"])
@roles_required("marketer")
def create():
    return _edit_page(None)


@blueprint.route("/triggers/<int:trigger_id>/edit", methods=["GET", "POST"])
@roles_required("marketer")
def edit(trigger_id: int):
    return _edit_page(trigger_id)


def _edit_page(trigger_id: int | None):
    with db_session() as session:
        form = TriggerForm()
        touchpoints, questionnaires = choices(session, str(get_locale()))
        form.touchpoint_id.choices, form.questionnaire_id.choices = choices_of(touchpoints), choices_of(questionnaires)
        if trigger_id and request.method == "GET":
            stored = trigger_or_404(session, trigger_id)
            form.process(obj=SimpleNamespace(**vars(TriggerSettings.of(stored))))
            form.schedule_timezone.data = stored.schedule_timezone or "Asia/Jakarta"
            fill_conditions(form, stored.conditions)
        if form.validate_on_submit():
            settings, json_error = settings_from_form(form)
            try:
                if json_error:
                    raise SettingsError({"conditions": [json_error]})
                saved = save_trigger(session, settings, utcnow(), trigger_id)
            except SettingsError as exc:
                _attach_errors(form, exc.errors)
            except TriggerNotFound:
                abort(404)
            else:
                flash(_("Trigger “%(name)s” saved.", name=saved.name), "info")
                return redirect(url_for("triggers.show", trigger_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "triggers/form.html",
        form=form,
        trigger_id=trigger_id,
        field_suggestions=FIELD_SUGGESTIONS,
        fixed_fields=FIXED_FIELD_NAMES,
    ), status


def _attach_errors(form: TriggerForm, errors: dict) -> None:
    rows_mode = not (form.conditions_json.data or "").strip()
    for name, message in errors.items():
        if name == "conditions":
            form.condition_errors = condition_messages(message, rows_mode)
        else:
            getattr(form, name).errors = list(getattr(form, name).errors) + [translate(message)]


@blueprint.get("/triggers/<int:trigger_id>")
@roles_required("marketer")
def show(trigger_id: int):
    days = request.args.get("days", 7, type=int)
    days = days if days in FUNNEL_WINDOWS else 7
    now = utcnow()
    with db_session() as session:
        trigger = trigger_or_404(session, trigger_id)
        funnel = trigger_funnel(session, trigger_id, now - timedelta(days=days), now + timedelta(seconds=1))
        touchpoints, questionnaires = choices(session, str(get_locale()))
    return render_template(
        "triggers/show.html",
        trigger=trigger,
        funnel=funnel,
        days=days,
        windows=FUNNEL_WINDOWS,
        touchpoint=dict(touchpoints).get(trigger.touchpoint_id),
        questionnaire=dict(questionnaires).get(trigger.questionnaire_id),
        conditions=translate(describe(trigger.conditions)),
        step_labels=STEP_LABELS,
        form=ConfirmForm(),
        test_form=TestSendForm(),
    )


@blueprint.post("/triggers/<int:trigger_id>/<any(pause, resume):action>")
@roles_required("marketer")
def pause_or_resume(trigger_id: int, action: str):
    _require_csrf()
    with db_session() as session:
        try:
            trigger = set_active(session, trigger_id, action == "resume")
        except TriggerNotFound:
            abort(404)
        flash(
            _("Trigger “%(name)s” resumed.", name=trigger.name)
            if trigger.active
            else _("Trigger “%(name)s” paused.", name=trigger.name),
            "info",
        )
    return redirect(request.form.get("next") or url_for("triggers.show", trigger_id=trigger_id))


@blueprint.post("/triggers/<int:trigger_id>/duplicate")
@roles_required("marketer")
def duplicate(trigger_id: int):
    _require_csrf()
    with db_session() as session:
        try:
            copy = duplicate_trigger(session, trigger_id, utcnow(), _(COPY_NAME))
        except TriggerNotFound:
            abort(404)
        flash(_("Copied as “%(name)s”, paused: change it, then resume it.", name=copy.name), "info")
    return redirect(url_for("triggers.edit", trigger_id=copy.id))


@blueprint.route("/triggers/<int:trigger_id>/delete", methods=["GET", "POST"])
@roles_required("marketer")
def delete(trigger_id: int):
    form = ConfirmForm()
    with db_session() as session:
        trigger = trigger_or_404(session, trigger_id)
        if not form.validate_on_submit():
            return render_template(
                "triggers/delete.html", trigger=trigger, form=form, invitations=invitation_count(session, trigger_id)
            )
        kept = delete_trigger(session, trigger_id, utcnow())
        flash(
            _(
                "Trigger “%(name)s” deleted. Its %(kept)d invitations and their answers stay stored.",
                name=trigger.name,
                kept=kept,
            ),
            "info",
        )
    return redirect(url_for("triggers.index"))


def _require_csrf() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
