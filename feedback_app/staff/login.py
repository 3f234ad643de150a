"""Logging in and out as a use case: the throttle, the password check, the audit log, the end of sessions.

Every attempt does the same work whether or not the account exists (accounts.authenticate checks a dummy hash
for unknown addresses), and a locked account or address is refused before any password is checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from feedback_app.models import StaffUser
from feedback_app.staff import login_throttle
from feedback_app.staff.accounts import authenticate, get_user, is_current_password, set_new_password
from feedback_app.staff.audit import record_staff_action
from feedback_app.staff.sessions import end_sessions


@dataclass(frozen=True)
class LoginOutcome:
    """The user when the login succeeded; else `locked_until` when the account or address is locked."""

    user: StaffUser | None = None
    locked_until: datetime | None = None

    def minutes_locked(self, now: datetime) -> int:
        """Whole minutes until the lock ends, rounded up (at least 1)."""
        assert self.locked_until is not None
        return max(1, math.ceil((self.locked_until - now).total_seconds() / 60))


def log_in(session: Session, email: str, password: str, *, client: str | None, now: datetime) -> LoginOutcome:
    """Checks the throttle, then the password; records the attempt in the audit log either way."""
    email = email.strip().lower()
    lock = login_throttle.locked_until(session, email, client, now)
    if lock is not None:
        record_staff_action(session, actor=email, action="login_locked", client=client, at=now)
        return LoginOutcome(locked_until=lock)
    user = authenticate(session, email, password)
    if user is None:
        lock = login_throttle.record_failed_login(session, email, client, now)
        record_staff_action(session, actor=email, action="login_failed", client=client, at=now)
        return LoginOutcome(locked_until=lock)
    login_throttle.clear_account(session, email)
    record_staff_action(session, actor=user.email, action="login", client=client, at=now)
    return LoginOutcome(user=user)


def change_own_password(
    session: Session, user_id: int, current: str, new: str, *, client: str | None, now: datetime
) -> LoginOutcome:
    """A staff member's own new password. A wrong current password is a failed login: it counts towards the same
    lock as the login page (a stolen session cookie must not give unlimited guesses), and a locked account or
    address is refused before any password is checked. `user` is set when the password changed; a new password
    that breaks the policy raises StaffError (nothing is counted then: the current one was right)."""
    user = get_user(session, user_id)
    lock = login_throttle.locked_until(session, user.email, client, now)
    if lock is not None:
        record_staff_action(session, actor=user.email, action="password_change_locked", client=client, at=now)
        return LoginOutcome(locked_until=lock)
    if not is_current_password(user, current):
        lock = login_throttle.record_failed_login(session, user.email, client, now)
        record_staff_action(session, actor=user.email, action="password_change_failed", client=client, at=now)
        return LoginOutcome(locked_until=lock)
    login_throttle.clear_account(session, user.email)
    return LoginOutcome(user=set_new_password(session, user, new))


def log_out(session: Session, user_id: int, *, client: str | None, now: datetime) -> None:
    """Ends every session and remember cookie of the user, on every device, and records it."""
    user = get_user(session, user_id)
    end_sessions(user)
    session.add(user)
    record_staff_action(session, actor=user.email, action="logout", client=client, at=now)
