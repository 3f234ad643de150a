"""Staff who log in (admin, cx_manager, marketer) and the API keys business systems use."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow

ROLES = ("admin", "cx_manager", "marketer")


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=320)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)
    locale: str = Field(default="en", max_length=8)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Part of the login id in every session and remember cookie: raising it (logout, new password,
    # deactivation) makes every cookie issued before stop loading the user.
    session_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    # Flask-Login's user protocol, without importing Flask here.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class LoginThrottle(SQLModel, table=True):
    """Failed logins counted per account or per client address (`key`, e.g. "account:a@b.id"), in a window
    that starts with the first failure; at the limit the key is locked until `locked_until`. Kept in the
    database so every server process sees the same counts."""

    __tablename__ = "login_throttle"
    key: str = Field(primary_key=True, max_length=400)
    failures: int = 0
    window_started_at: datetime = Field(index=True)
    locked_until: datetime | None = None


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    prefix: str = Field(index=True, max_length=16)
    key_hash: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    # May read and erase one customer's personal data (/api/v1/customers/...); set only at creation.
    can_access_personal_data: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
