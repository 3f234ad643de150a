"""The admin's forms: new user, role and language, password reset, new API key, confirmations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from feedback_app.models import ROLES
from feedback_app.staff.accounts import LOCALES
from feedback_app.staff.credentials import MAX_EMAIL, MIN_PASSWORD
from feedback_app.web.forms import StaffForm, new_password, staff_address
from feedback_app.web.i18n import LANGUAGE_NAMES, ROLE_NAMES


def _roles() -> list[SelectChoice]:
    return [SelectChoice(role, ROLE_NAMES[role]) for role in ROLES]


def _locales() -> list[SelectChoice]:
    return [SelectChoice(locale, LANGUAGE_NAMES[locale]) for locale in LOCALES]


def _password(label):
    return PasswordField(
        label,
        validators=[DataRequired(), new_password],
        description=_l("At least %(min)d characters, not a common password.", min=MIN_PASSWORD),
        render_kw={"autocomplete": "new-password"},
    )


class UserSettingsForm(StaffForm):
    role = SelectField(_l("Role"), choices=_roles(), validators=[DataRequired()])
    locale = SelectField(_l("Language"), choices=_locales(), validators=[DataRequired()])


class NewUserForm(UserSettingsForm):
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=MAX_EMAIL), staff_address],
        render_kw={"autocomplete": "off"},
    )
    password = _password(_l("Password"))


class PasswordForm(StaffForm):
    password = _password(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ApiKeyForm(StaffForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The system that will use it, e.g. “Shop orders”."),
    )
    personal_data = BooleanField(
        _l("May export and erase customers’ personal data"),
        description=_l("Only for the system that answers customers' access and erasure requests."),
    )


class ConfirmForm(StaffForm):
    """A POST with a CSRF token: deactivate, reactivate, revoke."""
