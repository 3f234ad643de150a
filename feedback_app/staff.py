"""Staff accounts and API keys: create, verify. Only hashes are stored."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from .models import ApiKey, StaffUser, ROLES

KEY_PREFIX = "fbk_"
MIN_PASSWORD = 8


class StaffError(ValueError):
    pass


def create_user(session: Session, email: str, role: str, password: str, locale: str = "en") -> StaffUser:
    email = email.strip().lower()
    if "@" not in email:
        raise StaffError(f"'{email}' is not an e-mail address")
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"the password needs at least {MIN_PASSWORD} characters")
    user = session.exec(select(StaffUser).where(StaffUser.email == email)).first()
    if user is None:
        user = StaffUser(email=email, role=role, password_hash="")
    user.role, user.locale = role, locale
    user.password_hash = generate_password_hash(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    user = session.exec(select(StaffUser).where(StaffUser.email == email.strip().lower())).first()
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def _hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(session: Session, name: str) -> str:
    """A new key `fbk_<8-char id>_<secret>`; returned once, stored only as a SHA-256 hash."""
    if not name.strip():
        raise StaffError("an API key needs a name (e.g. the system that will use it)")
    prefix = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    session.add(ApiKey(name=name.strip(), prefix=prefix, key_hash=_hash_key(secret)))
    session.flush()
    return secret


def check_api_key(session: Session, presented: str, now: datetime) -> ApiKey | None:
    """The live key matching `presented`, or None. Compared in constant time."""
    if not presented.startswith(KEY_PREFIX) or presented.count("_") < 2:
        return None
    prefix = presented[len(KEY_PREFIX):].split("_", 1)[0]
    digest = _hash_key(presented)
    for key in session.exec(select(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))):
        if hmac.compare_digest(key.key_hash, digest):
            return key
    return None
