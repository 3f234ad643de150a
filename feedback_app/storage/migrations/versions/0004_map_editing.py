"""map editing: stage targets and hiding, map snapshots, opportunity decisions, emotion-label rollups

Revision ID: 0004_map_editing
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_map_editing"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_emotion", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("hidden_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    op.create_table(
        "map_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("taken_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("taken_by", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("map_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_map_snapshot_journey_id"), ["journey_id"], unique=False)

    op.create_table(
        "opportunity_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.ForeignKeyConstraint(["stage_id"], ["stage.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stage_id", "theme"),
    )
    with op.batch_alter_table("opportunity_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opportunity_decision_journey_id"), ["journey_id"], unique=False)


def downgrade() -> None:
    op.drop_table("opportunity_decision")
    op.drop_table("map_snapshot")
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.drop_column("hidden_at")
        batch_op.drop_column("target_emotion")
