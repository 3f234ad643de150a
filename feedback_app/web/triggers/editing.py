"""Trigger pages for marketers (admins too): the list, create and edit, a trigger's page with its funnel,
pause or resume, duplicate, delete."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from feedback_app.common.clock import utcnow
from feedback_app.triggers.conditions import describe
from feedback_app.triggers.editing import (
    COPY_NAME,
    FUNNEL_WINDOWS,
    SettingsError,
    TriggerFormOptions,
    TriggerNotFound,
    delete_trigger,
    duplicate_trigger,
    invitation_count,
    save_trigger,
    set_active,
    trigger_form_options,
    trigger_page,
)
from feedback_app.triggers.funnel import STEP_LABELS
from feedback_app.triggers.listing import list_triggers
from feedback_app.triggers.overlap import overlap_of
from feedback_app.web.audit import audit
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader, db_session, webhook_addresses
from feedback_app.web.i18n import translate
from feedback_app.web.redirects import local_target
from feedback_app.web.trigger_forms import (
    FIELD_SUGGESTIONS,
    FIXED_FIELD_NAMES,
    ConfirmForm,
    TestSendForm,
    TriggerForm,
    choices_of,
    condition_messages,
    fill_conditions,
    invalid_cells,
    settings_from_form,
)
from feedback_app.web.triggers.blueprint import blueprint, trigger_or_404


@blueprint.get("/triggers")
@roles_required("marketer")
def index():
    with db_session() as session:
        rows = list_triggers(session, utcnow(), str(get_locale()))
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
    """The form filled from the stored trigger (GET of an edit), or the one sent, saved when it is valid."""
    with db_session() as session:
        form = TriggerForm()
        try:
            options = trigger_form_options(session, str(get_locale()), trigger_id if request.method == "GET" else None)
        except TriggerNotFound:
            abort(404)
        _offer(form, options)
        if form.validate_on_submit():
            settings, json_error = settings_from_form(form)
            try:
                if json_error:
                    raise SettingsError({"conditions": [json_error]})
                saved = save_trigger(session, settings, utcnow(), trigger_id, webhook_addresses())
                audit(session, "trigger_updated" if trigger_id else "trigger_created", saved.name, id=saved.id)
            except SettingsError as exc:
                _attach_errors(form, exc.errors)
            except TriggerNotFound:
                abort(404)
            else:
                flash(_("Trigger “%(name)s” saved.", name=saved.name), "info")
                shadowed = overlap_of(session, saved)
                if shadowed is not None:
                    flash(translate(shadowed.note()), "error")
                return redirect(url_for("triggers.show", trigger_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "triggers/form.html",
        form=form,
        trigger_id=trigger_id,
        field_suggestions=FIELD_SUGGESTIONS,
        fixed_fields=FIXED_FIELD_NAMES,
    ), status


def _offer(form: TriggerForm, options: TriggerFormOptions) -> None:
    """The form's choices, and the stored trigger's settings in its fields when it edits one."""
    form.touchpoint_id.choices = choices_of(options.touchpoints)
    form.questionnaire_id.choices = choices_of(options.questionnaires)
    form.stage_questionnaires = options.stage_questionnaires
    if options.stored is None and request.method == "GET" and form.touchpoint_id.choices:
        first = form.touchpoint_id.data or options.touchpoints[0][0]  # preselect the first touchpoint's stage's
        form.questionnaire_id.data = options.stage_questionnaires.get(first, form.questionnaire_id.data)
    if options.stored is not None:
        form.process(obj=SimpleNamespace(**vars(options.stored)))
        form.schedule_timezone.data = options.stored.schedule_timezone or "Asia/Jakarta"
        fill_conditions(form, options.stored.conditions)


def _attach_errors(form: TriggerForm, errors: dict) -> None:
    rows_mode = not (form.conditions_json.data or "").strip()
    for name, message in errors.items():
        if name == "conditions":
            form.condition_errors = condition_messages(message, rows_mode)
            form.condition_cells = frozenset(invalid_cells(message)) if rows_mode else frozenset()
        else:
            getattr(form, name).errors = list(getattr(form, name).errors) + [translate(message)]


@blueprint.get("/triggers/<int:trigger_id>")
@roles_required("marketer")
def show(trigger_id: int):
    days = request.args.get("days", FUNNEL_WINDOWS[0], type=int)
    with db_session() as session:
        try:
            page = trigger_page(session, trigger_id, days, utcnow(), str(get_locale()))
        except TriggerNotFound:
            abort(404)
    return render_template(
        "triggers/show.html",
        trigger=page.trigger,
        funnel=page.funnel,
        days=page.days,
        windows=FUNNEL_WINDOWS,
        touchpoint=page.touchpoint,
        questionnaire=page.questionnaire,
        conditions=translate(page.conditions),
        overlap=page.overlap,
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
        audit(session, f"trigger_{action}d", trigger.name, id=trigger_id)
        flash(
            _("Trigger “%(name)s” resumed.", name=trigger.name)
            if trigger.active
            else _("Trigger “%(name)s” paused.", name=trigger.name),
            "info",
        )
    return redirect(local_target(request.form.get("next"), url_for("triggers.show", trigger_id=trigger_id)))


@blueprint.post("/triggers/<int:trigger_id>/duplicate")
@roles_required("marketer")
def duplicate(trigger_id: int):
    _require_csrf()
    with db_session() as session:
        try:
            copy = duplicate_trigger(session, trigger_id, utcnow(), _(COPY_NAME), webhook_addresses())
        except TriggerNotFound:
            abort(404)
        audit(session, "trigger_created", copy.name, id=copy.id, copied_from=trigger_id)
        flash(_("Copied as “%(name)s”, paused: change it, then resume it.", name=copy.name), "info")
    return redirect(url_for("triggers.edit", trigger_id=copy.id))


@blueprint.route("/triggers/<int:trigger_id>/delete", methods=["GET", "POST"])
@roles_required("marketer")
def delete(trigger_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():  # the question: read, then render outside any transaction
        with db_reader() as session:
            trigger, invitations = trigger_or_404(session, trigger_id), invitation_count(session, trigger_id)
        return render_template("triggers/delete.html", trigger=trigger, form=form, invitations=invitations)
    with db_session() as session:
        trigger = trigger_or_404(session, trigger_id)
        kept = delete_trigger(session, trigger_id, utcnow())
        audit(session, "trigger_deleted", trigger.name, id=trigger_id)
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
