"""trigger rules: conditions, sampling, quiet hours, reminder, recurring schedule, soft delete

Revision ID: 0002_trigger_rules
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_trigger_rules"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trigger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conditions", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("sample_percent", sa.Integer(), nullable=False, server_default="100"))
        batch_op.add_column(sa.Column("quiet_start", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))
        batch_op.add_column(sa.Column("quiet_end", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))
        batch_op.add_column(sa.Column("reminder_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("schedule_cron", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column("schedule_timezone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_invitation_reminder", ["status", "reminder_due_at"], unique=False)
        batch_op.create_index("ix_invitation_trigger_created", ["trigger_id", "created_at"], unique=False)

    op.create_table(
        "recurring_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger_id", sa.Integer(), nullable=False),
        sa.Column("fire_time", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("suppressed", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["trigger_id"], ["trigger.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("trigger_id", "fire_time"),
    )
    with op.batch_alter_table("recurring_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recurring_run_trigger_id"), ["trigger_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recurring_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurring_run_trigger_id"))
    op.drop_table("recurring_run")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index("ix_invitation_trigger_created")
        batch_op.drop_index("ix_invitation_reminder")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("reminder_due_at")
    with op.batch_alter_table("trigger", schema=None) as batch_op:
        for name in (
            "deleted_at",
            "schedule_timezone",
            "schedule_cron",
            "reminder_days",
            "quiet_end",
            "quiet_start",
            "sample_percent",
            "conditions",
        ):
            batch_op.drop_column(name)
