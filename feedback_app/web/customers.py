"""One customer's personal data (privacy/): the admin pages that find, export and erase a customer and show the
retention policy, and the API for a key allowed personal data (`create-api-key NAME --personal-data`).

Each view parses, calls one privacy use case and renders. Every export and erasure is audited in its use case.
"""

from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.privacy.customers import CustomerNotFound
from feedback_app.privacy.erasure import erase_customer, recent_erasures
from feedback_app.privacy.export import export_customer, export_customers_by_email
from feedback_app.privacy.retention import retention_overview
from feedback_app.staff.accounts import find_api_key
from feedback_app.web.admin_forms import ConfirmForm
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, csrf, db_reader, db_session

blueprint = Blueprint("customers", __name__)
NO_STORE = {"Cache-Control": "no-store"}


def _staff() -> dict:
    return {"actor": current_user.email, "client": request.remote_addr}


def _address_key() -> str:
    return app_settings().address_key


@blueprint.get("/admin/customers")
@roles_required("admin")
def find():
    """Search by external id or e-mail; a match shows everything held, with the download and the erase button."""
    wanted = (request.args.get("q") or "").strip()
    document, problem = None, None
    if wanted:
        try:
            with db_session() as session:
                document = _export(session, wanted)
        except CustomerNotFound as exc:
            problem = exc.message
    customers = (document.get("customers") or [document]) if document else []
    page = render_template(
        "customers/find.html",
        q=wanted,
        customers=customers,
        problem=problem,
        pretty=json.dumps(document, ensure_ascii=False, indent=2) if document else "",
        form=ConfirmForm(),
    )
    return page, 404 if problem else 200


def _export(session, wanted: str) -> dict:
    if "@" in wanted:
        return export_customers_by_email(session, wanted, utcnow(), address_key=_address_key(), **_staff())
    return export_customer(session, wanted, utcnow(), address_key=_address_key(), **_staff())


@blueprint.get("/admin/customers/export.json")
@roles_required("admin")
def download():
    wanted = (request.args.get("q") or "").strip()
    try:
        with db_session() as session:
            document = _export(session, wanted)
    except CustomerNotFound as exc:
        return jsonify(error=exc.message), 404
    body = json.dumps(document, ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": 'attachment; filename="customer-export.json"', "Cache-Control": "no-store"}
    return Response(body, mimetype="application/json", headers=headers)


@blueprint.post("/admin/customers/erase")
@roles_required("admin")
def erase():
    """Erase after the admin typed the external id again (the confirmation)."""
    form = ConfirmForm()
    external_id = (request.form.get("external_id") or "").strip()
    if not form.validate_on_submit() or request.form.get("confirm", "").strip() != external_id or not external_id:
        flash(_("Type the customer's external id to confirm the erasure."), "error")
        return redirect(url_for("customers.find", q=external_id)), 303
    try:
        with db_session() as session:
            record = erase_customer(session, external_id, utcnow(), **_staff())
            counts = dict(record.counts)
    except CustomerNotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("customers.find")), 303
    flash(_("The customer's personal data was erased (%(answers)d answers anonymised).", answers=counts["answers"]))
    return redirect(url_for("customers.privacy")), 303


@blueprint.get("/admin/privacy")
@roles_required("admin")
def privacy():
    """The retention policy, its latest runs, and the latest erasures."""
    with db_reader() as session:
        overview = retention_overview(session, app_settings().retention_days)
        erasures = recent_erasures(session)
    return render_template("customers/privacy.html", overview=overview, erasures=erasures)


def personal_data_key(view):
    """A Bearer key created with --personal-data: 401 without a valid key, 403 for a key without that right."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        key = None
        if scheme.lower() == "bearer" and presented.strip():
            with db_reader() as session:
                key = find_api_key(session, presented.strip())
        if key is None:
            return jsonify(error="missing or invalid API key: send 'Authorization: Bearer KEY'"), 401
        if not key.can_access_personal_data:
            message = "this API key may not read or erase personal data: create one with --personal-data"
            return jsonify(error=message), 403
        return view(*args, key_name=key.name, **kwargs)

    return wrapped


@blueprint.route("/api/v1/customers/<external_id>", methods=["GET", "DELETE"])
@csrf.exempt
@personal_data_key
def api_customer(external_id: str, key_name: str):
    """GET: everything held about the customer; DELETE: erase it. 404 with the reason for an unknown customer."""
    client = f"api key {key_name}"[:64]
    try:
        with db_session() as session:
            if request.method == "GET":
                return (
                    jsonify(export_customer(session, external_id, utcnow(), address_key=_address_key(), client=client)),
                    200,
                    NO_STORE,
                )
            record = erase_customer(session, external_id, utcnow(), actor=None, client=client)
            return jsonify(erased=True, erasure_record=record.id, counts=dict(record.counts)), 200
    except CustomerNotFound as exc:
        return jsonify(error=exc.message), 404
