"""dashboards: theme and rating rollups, stage owners and the notification outbox

Revision ID: 0005_dashboards
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_dashboards"
down_revision = "0001"
branch_labels = None
depends_on = None


def _rollup_columns() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("persona_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
    ]


def _theme_columns() -> list:
    return [
        *_rollup_columns(),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
    ]


def upgrade() -> None:
    op.create_table("theme_rollup", *_theme_columns())
    with op.batch_alter_table("theme_rollup", schema=None) as batch_op:
        batch_op.create_index(
            "ux_theme_rollup_key", ["stage_id", "touchpoint_id", "persona_id", "day", "theme"], unique=True
        )
        batch_op.create_index("ix_theme_rollup_journey_day", ["journey_id", "day"], unique=False)

    op.create_table("theme_month_rollup", *_theme_columns())
    with op.batch_alter_table("theme_month_rollup", schema=None) as batch_op:
        batch_op.create_index(
            "ux_theme_month_rollup_key", ["stage_id", "touchpoint_id", "persona_id", "day", "theme"], unique=True
        )

    op.create_table(
        "rating_rollup",
        *_rollup_columns(),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("top", sa.Integer(), nullable=False),
        sa.Column("bottom", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rating_rollup", schema=None) as batch_op:
        batch_op.create_index(
            "ux_rating_rollup_key", ["stage_id", "touchpoint_id", "persona_id", "day", "kind"], unique=True
        )
        batch_op.create_index("ix_rating_rollup_journey_day", ["journey_id", "day"], unique=False)

    op.create_table(
        "stage_owner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("webhook_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("emotion_at_most", sa.Float(), nullable=True),
        sa.Column("csat_at_most", sa.Integer(), nullable=True),
        sa.Column("ces_at_most", sa.Integer(), nullable=True),
        sa.Column("nps_at_most", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stage_id"),
    )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lease_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "channel", "target"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index("ix_notification_due", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_table("notification")
    op.drop_table("stage_owner")
    op.drop_table("rating_rollup")
    op.drop_table("theme_month_rollup")
    op.drop_table("theme_rollup")
