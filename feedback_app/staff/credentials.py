"""What a staff address and password must be, in one place for every way in (login form, admin pages, CLI).

An address is accepted by the same rules at login and at creation, so every account that can be created can
log in. Test domains (`example.test`, RFC 2606) are accepted: the demo and the tests use them. A password
has at least 12 characters and is not on a list of common passwords (data/common_passwords.txt).
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from werkzeug.security import generate_password_hash

from feedback_app.common.texts import N_, TextError

MIN_PASSWORD = 12
MAX_PASSWORD = 200
MAX_EMAIL = 320
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


class StaffError(TextError):
    """An account or API-key change refused (an address, a password, a role...), with the field it is about."""


def staff_email(text: str) -> str:
    """The address as stored (lower case), or StaffError: the login form and account creation both use it."""
    candidate = text.strip()
    try:
        if len(candidate) > MAX_EMAIL:
            raise EmailNotValidError
        validate_email(candidate, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise StaffError(N_("'%(email)s' is not an e-mail address."), "email", email=candidate[:100]) from None
    return candidate.lower()


def check_password(password: str) -> None:
    """Raises StaffError unless the password is long enough, not too long and not a common one."""
    if len(password) < MIN_PASSWORD:
        raise StaffError(N_("The password needs at least %(min)d characters."), "password", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise StaffError(N_("The password may have at most %(max)d characters."), "password", max=MAX_PASSWORD)
    if password.lower() in common_passwords():
        raise StaffError(N_("This password is one of the most common ones: choose another."), "password")


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(line.strip() for line in COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines())


@cache
def dummy_password_hash() -> str:
    """A hash no password matches, made like real ones: checked for unknown addresses, so an attempt costs the
    same whether or not the account exists."""
    return generate_password_hash(secrets.token_urlsafe(32))
