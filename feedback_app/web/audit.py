"""Recording a staff action from a page: the audit log entry gets the logged-in user and their address."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlmodel import Session

from feedback_app.staff.audit import record_staff_action


def audit(session: Session, action: str, target: Any = "", **details: Any) -> None:
    """Adds the entry to `session`, so it commits with the change it records (staff.audit)."""
    actor = current_user.email if current_user.is_authenticated else None
    record_staff_action(
        session, actor=actor, action=action, target=str(target), details=details, client=request.remote_addr
    )


# What each action is called on the audit log page; an action not named here shows as it is stored.
ACTION_NAMES = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "login_locked": _l("Login refused: too many attempts"),
    "logout": _l("Logged out"),
    "user_created": _l("User created"),
    "user_updated": _l("User's role or language changed"),
    "user_deactivated": _l("User deactivated"),
    "user_reactivated": _l("User reactivated"),
    "password_reset": _l("Password set"),
    "password_changed": _l("Own password changed"),
    "password_change_failed": _l("Own password change: wrong current password"),
    "password_change_locked": _l("Own password change refused: too many attempts"),
    "api_key_created": _l("API key created"),
    "api_key_revoked": _l("API key revoked"),
    "trigger_created": _l("Trigger created"),
    "trigger_updated": _l("Trigger changed"),
    "trigger_deleted": _l("Trigger deleted"),
    "trigger_paused": _l("Trigger paused"),
    "trigger_resumed": _l("Trigger resumed"),
    "journey_created": _l("Journey created"),
    "journey_updated": _l("Journey map edited"),
    "journey_deleted": _l("Journey deleted"),
    "answers_exported": _l("Answers exported (CSV)"),
    "invitation_sent_now": _l("Invitation sent now"),
    "audit_log_exported": _l("Audit log downloaded (CSV)"),
    "customer_exported": _l("Customer's data exported"),
    "customer_erased": _l("Customer's data erased"),
}
