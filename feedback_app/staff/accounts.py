"""Staff accounts and API keys: create, verify, and the admin's use cases. Only hashes are stored.

Errors carry their text untranslated (`StaffError.text`, a texts.Text): this module knows no Flask, and the
pages translate it for the reader's language.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from feedback_app.common.clock import to_utc
from feedback_app.common.texts import N_
from feedback_app.models import ROLES, ApiKey, StaffUser
from feedback_app.staff import credentials
from feedback_app.staff.credentials import StaffError, check_password, staff_email
from feedback_app.staff.sessions import end_sessions

KEY_PREFIX = "fbk_"
LOCALES = ("id", "en")
LAST_USED_PRECISION = timedelta(minutes=1)  # a busy key writes its last use at most once a minute


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError(N_("The role must be one of %(roles)s."), "role", roles=", ".join(ROLES))


def _check_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise StaffError(N_("The language must be one of %(locales)s."), "locale", locales=", ".join(LOCALES))


def create_user(session: Session, email: str, role: str, password: str, locale: str = "en") -> StaffUser:
    """Creates the user, or updates role, language and password of an existing one (the CLI's set-up)."""
    email = staff_email(email)
    _check_role(role)
    _check_locale(locale)
    check_password(password)
    user = session.exec(select(StaffUser).where(StaffUser.email == email)).first()
    if user is None:
        user = StaffUser(email=email, role=role, password_hash="")
    else:
        end_sessions(user)  # a new password ends the sessions opened with the old one
    user.role, user.locale = role, locale
    user.password_hash = generate_password_hash(password)
    session.add(user)
    session.flush()
    return user


def add_user(session: Session, email: str, role: str, password: str, locale: str = "en") -> StaffUser:
    """A new account from the admin pages: an address already in use is an error, never an overwrite."""
    if session.exec(select(StaffUser).where(StaffUser.email == staff_email(email))).first() is not None:
        raise StaffError(N_("There is already an account for %(email)s."), "email", email=email.strip().lower())
    return create_user(session, email, role, password, locale)


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """The active user with this address and password, else None. One hash is checked either way, a dummy one
    for an unknown address, so the time taken does not tell whether the account exists."""
    user = session.exec(select(StaffUser).where(StaffUser.email == email.strip().lower())).first()
    matches = check_password_hash(user.password_hash if user else credentials.dummy_password_hash(), password)
    return user if user is not None and user.active and matches else None


def list_users(session: Session) -> list[StaffUser]:
    """Active accounts first, then by address."""
    return list(session.exec(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.email)))


def get_user(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise LookupError(user_id)
    return user


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(StaffUser)
        .where(StaffUser.role == "admin", StaffUser.active.is_(True), StaffUser.id != user_id)
    ).one()


def _keep_an_admin(session: Session, user: StaffUser) -> None:
    """Nobody could manage accounts any more if the last active admin lost the role or the access."""
    if user.role == "admin" and user.active and _other_active_admins(session, user.id) == 0:
        raise StaffError(
            N_("%(email)s is the last active admin: make another user an admin first."), "role", email=user.email
        )


def update_user(session: Session, user_id: int, role: str, locale: str) -> StaffUser:
    _check_role(role)
    _check_locale(locale)
    user = get_user(session, user_id)
    if role != "admin":
        _keep_an_admin(session, user)
    user.role, user.locale = role, locale
    session.add(user)
    return user


def set_active(session: Session, user_id: int, active: bool, acting_user_id: int) -> StaffUser:
    """Deactivated users cannot log in, and their open sessions end at their next request."""
    user = get_user(session, user_id)
    if not active:
        if user.id == acting_user_id:
            raise StaffError(N_("You cannot deactivate your own account."), "active")
        _keep_an_admin(session, user)
    if user.active and not active:
        end_sessions(user)
    user.active = active
    session.add(user)
    return user


def reset_password(session: Session, user_id: int, password: str) -> StaffUser:
    check_password(password)
    user = get_user(session, user_id)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    session.add(user)
    return user


WRONG_CURRENT_PASSWORD = N_("The current password is not right.")


def is_current_password(user: StaffUser, password: str) -> bool:
    """Whether `password` is the user's own (staff.login.change_own_password counts wrong guesses)."""
    return check_password_hash(user.password_hash, password)


def set_new_password(session: Session, user: StaffUser, new: str) -> StaffUser:
    """The user's new password once they proved the current one; every other session of theirs ends."""
    check_password(new)
    user.password_hash = generate_password_hash(new)
    end_sessions(user)
    session.add(user)
    return user


def set_locale(session: Session, user_id: int, locale: str) -> None:
    """The language of every staff page this user sees, chosen in the top bar."""
    _check_locale(locale)
    user = get_user(session, user_id)
    user.locale = locale
    session.add(user)


def _hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(session: Session, name: str, personal_data: bool = False) -> str:
    """A new key `fbk_<8-char id>_<secret>`; returned once, stored only as a SHA-256 hash. Only a key made with
    `personal_data` may export or erase a customer."""
    if not name.strip():
        raise StaffError(N_("An API key needs a name (e.g. the system that will use it)."), "name")
    prefix = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiKey(
            name=name.strip()[:200], prefix=prefix, key_hash=_hash_key(secret), can_access_personal_data=personal_data
        )
    )
    session.flush()
    return secret


def list_api_keys(session: Session) -> list[ApiKey]:
    """Live keys first, newest first."""
    return list(
        session.exec(
            select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc())
        )
    )


def get_api_key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise LookupError(key_id)
    return key


def revoke_api_key(session: Session, key_id: int, now: datetime) -> ApiKey:
    """The key stops working with the next request: check_api_key only accepts unrevoked keys."""
    key = get_api_key(session, key_id)
    if key.revoked_at is None:
        key.revoked_at = now
        session.add(key)
    return key


def check_api_key(session: Session, presented: str, now: datetime) -> ApiKey | None:
    """The live key matching `presented`, or None. Compared in constant time; records its last use."""
    key = find_api_key(session, presented)
    if key is not None and api_key_use_is_stale(key, now):
        _record_use(key, now, session)
    return key


def find_api_key(session: Session, presented: str) -> ApiKey | None:
    """The live key matching `presented` (constant-time compare), without writing anything."""
    if not presented.startswith(KEY_PREFIX) or presented.count("_") < 2:
        return None
    prefix = presented[len(KEY_PREFIX) :].split("_", 1)[0]
    digest = _hash_key(presented)
    for key in session.exec(select(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))):
        if hmac.compare_digest(key.key_hash, digest):
            return key
    return None


def api_key_use_is_stale(key: ApiKey, now: datetime) -> bool:
    """Last use is kept to the minute: most calls need no write at all."""
    return key.last_used_at is None or now - to_utc(key.last_used_at) >= LAST_USED_PRECISION


def record_api_key_use(session: Session, key_id: int, now: datetime) -> None:
    key = session.get(ApiKey, key_id)
    if key is not None:
        _record_use(key, now, session)


def _record_use(key: ApiKey, now: datetime, session: Session) -> None:
    if api_key_use_is_stale(key, now):
        key.last_used_at = now
        session.add(key)
