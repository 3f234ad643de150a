"""Indonesian and English for the staff pages (Flask-Babel): who reads which language, and the switch.

Logged-in staff read their own language (StaffUser.locale, saved by the switch in the top bar); anyone
else reads `?lang=` if they chose one (remembered in the session), else their browser's Accept-Language.
Customer pages keep their own texts (survey_texts.py) and ignore this choice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, redirect, request, session, url_for
from flask_babel import (
    Babel,
    format_date,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
    get_translations,
    gettext,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from feedback_app.common.clock import parse_iso
from feedback_app.common.texts import N_, Text
from feedback_app.staff.accounts import LOCALES, StaffError, set_locale
from feedback_app.web.catalogs import catalog_directory
from feedback_app.web.extensions import db_session
from feedback_app.web.redirects import local_target

T = TypeVar("T")
log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language, never translated
ROLE_NAMES = {"admin": _l("Admin"), "cx_manager": _l("CX manager"), "marketer": _l("Marketer")}
DEFAULT_LOCALE = "en"
CUSTOMER_BLUEPRINTS = {"survey", "unsubscribe"}
babel = Babel()
blueprint = Blueprint("i18n", __name__)


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(catalog_directory(Path(app.instance_path)))
    babel.init_app(app, locale_selector=select_locale, default_locale=DEFAULT_LOCALE)
    app.before_request(_remember_chosen_language)
    app.jinja_env.filters.update(when=when, signed=signed, translate=translate)
    app.context_processor(
        lambda: {
            "current_locale": str(get_locale() or DEFAULT_LOCALE),
            "url_in": url_in,
            "language_names": LANGUAGE_NAMES,
            "role_names": ROLE_NAMES,
        }
    )


def translate(text) -> str:
    """What domain code wrote, in the reader's language: a Text (or an error carrying one) with its values
    translated too; any other string (names, answers: the staff's own words) as it is."""
    if isinstance(text, BaseException):
        text = getattr(text, "text", None) or (text.args[0] if text.args else str(text))
    if not isinstance(text, Text):
        return text if isinstance(text, str) else str(text)
    return gettext(
        text.message,
        **{name: translate(value) if isinstance(value, str) else value for name, value in text.params.items()},
    )


def parsed_or_400(parse: Callable[[Any], T], args) -> T:
    """`parse(args)` (a filter's or query's `from_args`), or a 400 whose message, in the reader's language, says
    which parameter is wrong."""
    try:
        return parse(args)
    except ValueError as exc:
        abort(400, translate(exc))


def select_locale() -> str:
    """`?lang=` on this page (a shared link says its language), else the user's saved choice, else the session's or
    the browser's."""
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        return chosen
    if current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return session.get("lang") or request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def _remember_chosen_language() -> None:
    """`?lang=id` on a page before logging in keeps Indonesian for the next pages (the login POST too).
    Customer pages carry their language in every link and set no cookie, so they are left out."""
    if request.blueprint in CUSTOMER_BLUEPRINTS:
        return
    chosen = request.args.get("lang")
    if chosen in LOCALES and session.get("lang") != chosen:
        session["lang"] = chosen


def url_in(locale: str) -> str:
    """This page in another language, for readers who are not logged in (its other parameters kept)."""
    return f"{request.path}?{urlencode({**request.args.to_dict(), 'lang': locale})}"


def when(moment) -> str:
    """A moment for people: the reader's date and time conventions, in the app's time zone (named)."""
    if not moment:
        return ""
    if isinstance(moment, str):  # stored JSON (snapshots) keeps ISO strings
        moment = parse_iso(moment)
    return f"{format_date(moment, 'medium')} {format_time(moment, 'short')} {get_timezone()}"


def signed(number, digits: int = 2) -> str:
    """An emotion score with its sign and the reader's decimal mark: +0,46 in Indonesian, +0.46 in English."""
    decimals = "0" * digits
    return format_decimal(number, f"+0.{decimals};-0.{decimals}" if digits else "+0;-0")


@blueprint.post("/locale")
@login_required
def switch_locale():
    """The top bar's language switch: saved on the user, so every page and every device follows it."""
    try:
        with db_session() as db:
            set_locale(db, current_user.id, request.form.get("locale", ""))
    except StaffError:
        abort(400, gettext("Choose id or en."))
    return redirect(local_target(request.form.get("next", ""), url_for("maps.index")))


class FormTranslations:
    """WTForms' own messages ("This field is required.") from the project's catalog.

    WTForms ships no Indonesian; its English messages are msgids in messages.po instead. The catalog's raw
    gettext is used because WTForms fills in %(min)d and %(max)d itself after translating.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


form_translations = FormTranslations()


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural message for the catalog (pybabel extract -k Np_:1,2)."""
    return singular, plural


# WTForms' messages for the validators the staff forms use; listed so that `pybabel extract` keeps them.
WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Invalid email address."),
    N_("Not a valid choice."),
    N_("Not a valid integer value."),
    N_("Invalid input."),
    N_("Invalid URL."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Field must be equal to %(other_name)s."),
    Np_("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    Np_("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    Np_("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long."),
    N_("The CSRF token is missing."),
    N_("The CSRF token has expired."),
    N_("The CSRF token is invalid."),
)
