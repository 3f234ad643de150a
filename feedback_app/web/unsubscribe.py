"""The opt-out link of every invitation: GET asks to confirm, POST opts out.

POST takes no CSRF token: mail clients send RFC 8058 one-click requests (`List-Unsubscribe=One-Click`)
on their own, and the unguessable token in the address is what authorises it.

Pages render after the transaction has ended: rendering may load a logged-in staff member (the language
follows their account), and on SQLite that second session would wait for the write lock this view held.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from feedback_app.common.clock import utcnow
from feedback_app.invitations.opt_out import UnknownOptOutLink, customer_for_link, opt_out
from feedback_app.web.extensions import app_settings, csrf, db_reader, db_session

blueprint = Blueprint("unsubscribe", __name__)


def _lang(default: str) -> str:
    chosen = request.values.get("lang")
    return chosen if chosen in ("id", "en") else (default if default in ("id", "en") else "id")


def _unknown_link():
    return render_template("unsubscribe/page.html", state="unknown", lang=_lang("id")), 404


@blueprint.get("/u/<token>")
def confirm(token: str):
    try:
        with db_reader() as session:
            invitation, customer = customer_for_link(session, token)
    except UnknownOptOutLink:
        return _unknown_link()
    state = "done" if customer.opted_out_at else "confirm"
    return render_template("unsubscribe/page.html", state=state, lang=_lang(invitation.locale), token=token)


@blueprint.post("/u/<token>")
@csrf.exempt
def unsubscribe(token: str):
    try:
        with db_session() as session:
            invitation, _ = customer_for_link(session, token)
            opt_out(session, token, utcnow(), app_settings().address_key)
    except UnknownOptOutLink:
        return _unknown_link()
    return render_template("unsubscribe/page.html", state="done", lang=_lang(invitation.locale))
