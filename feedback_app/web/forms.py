"""Flask-WTF forms: staff forms speak the reader's language; the survey form is built from the questionnaire."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from feedback_app.staff.credentials import (
    MAX_EMAIL,
    MAX_PASSWORD,
    MIN_PASSWORD,
    StaffError,
    check_password,
    staff_email,
)
from feedback_app.survey.answering import MAX_TEXT, RATING_RANGES
from feedback_app.web.i18n import translate
from feedback_app.web.survey_texts import scale_labels, text

FACES = {1: "😠", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


class StaffForm(FlaskForm):
    """A staff page's form: labels are lazy_gettext, WTForms' own messages come from the project catalog."""

    class Meta:
        def get_translations(self, form):
            from feedback_app.web.i18n import form_translations

            return form_translations


def staff_address(form, field) -> None:
    """The one rule for staff addresses (staff.credentials.staff_email): the login form and account creation
    accept exactly the same ones."""
    try:
        staff_email(field.data or "")
    except StaffError as exc:
        raise ValidationError(translate(exc)) from None


def new_password(form, field) -> None:
    """The password policy (staff.credentials.check_password), said in the reader's language."""
    try:
        check_password(field.data or "")
    except StaffError as exc:
        raise ValidationError(translate(exc)) from None


class LoginForm(StaffForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=MAX_EMAIL), staff_address])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    remember = BooleanField(_l("Keep me logged in"))


class OwnPasswordForm(StaffForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), new_password],
        description=_l("At least %(min)d characters, not a common password.", min=MIN_PASSWORD),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def survey_form_class(questions, lang: str):
    """A FlaskForm class with one field per question, labelled in the customer's language.

    Built once per questionnaire content and language: WTForms prepares a form class on its first use,
    which cost more than the rest of showing the form."""
    key = (lang, tuple((q.key, q.kind, q.required, q.prompt.get(lang), q.prompt.get("id")) for q in questions))
    form_class = _SURVEY_FORMS.get(key)
    if form_class is None:
        if len(_SURVEY_FORMS) > 256:  # questionnaires edited over and over: start afresh
            _SURVEY_FORMS.clear()
        form_class = _SURVEY_FORMS[key] = _build_survey_form_class(questions, lang)
    return form_class


_SURVEY_FORMS: dict[tuple, type] = {}


def _build_survey_form_class(questions, lang: str):
    class SurveyForm(FlaskForm):
        class Meta:
            csrf = False  # the link's token is the customer's credential: see web/survey.py

    for question in questions:
        prompt = question.prompt.get(lang) or question.prompt.get("id", question.key)
        required = [DataRequired(message=text("required", lang))] if question.required else [Optional()]
        if question.kind == "text":
            field = TextAreaField(
                prompt,
                validators=[Optional(), Length(max=MAX_TEXT, message=text("too_long", lang))],
                render_kw={"rows": 4, "maxlength": MAX_TEXT, "placeholder": text("text_placeholder", lang)},
            )
        else:
            low, high = RATING_RANGES[question.kind]
            choices = [SelectChoice(str(v), _choice_label(question.kind, v, lang)) for v in range(low, high + 1)]
            field = RadioField(
                prompt, choices=choices, validators=required, description=scale_labels(question.kind, lang)
            )
        setattr(SurveyForm, question.key, field)
    return SurveyForm


def _choice_label(kind: str, value: int, lang: str) -> str:
    if kind == "face":
        return FACES[value]
    return str(value)
