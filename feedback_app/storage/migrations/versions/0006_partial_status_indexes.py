"""partial status indexes: the invitation status indexes hold only the rows their passes look for

Answering a link changes its status to answered; with full indexes that moved an entry in both status
indexes (about 3 of the ~15 pages each answer's commit writes). The dispatch pass reads only scheduled and
sending rows, the reminder pass only sent ones.

Revision ID: 0006_partial_status_indexes
Revises: 0002_trigger_rules, 0003_delivery, 0004_map_editing, 0005_dashboards
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_partial_status_indexes"
down_revision = ("0002_trigger_rules", "0003_delivery", "0004_map_editing", "0005_dashboards")
branch_labels = None
depends_on = None

DUE = "status = 'scheduled' OR status = 'sending'"
REMINDER = "status = 'sent'"


def _partial(name: str, column: str, condition: str | None) -> None:
    op.drop_index(name, table_name="invitation")
    where = {} if condition is None else {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}
    op.create_index(name, "invitation", ["status", column], unique=False, **where)


def upgrade() -> None:
    _partial("ix_invitation_due", "next_attempt_at", DUE)
    _partial("ix_invitation_reminder", "reminder_due_at", REMINDER)


def downgrade() -> None:
    _partial("ix_invitation_due", "next_attempt_at", None)
    _partial("ix_invitation_reminder", "reminder_due_at", None)
