"""Staff sessions: a cookie names the user and their session version; raising the version ends every session.

Flask-Login keeps `StaffUser.get_id()` (`<id>:<version>`) in the session and remember cookies. Logging out,
a new password and deactivation raise the version, so every cookie issued before no longer loads anyone,
including copies of it kept elsewhere.
"""

from __future__ import annotations

from sqlmodel import Session

from feedback_app.models import StaffUser


def user_for_login_id(session: Session, login_id: str) -> StaffUser | None:
    """The active user whose current login id this is, else None (unknown, old version, deactivated)."""
    user_id, _, version = login_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18 or len(version) > 18:
        return None
    user = session.get(StaffUser, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_sessions(user: StaffUser) -> None:
    """Every session and remember cookie of this user stops working at its next request."""
    user.session_version += 1
