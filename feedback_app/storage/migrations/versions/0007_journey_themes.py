"""journey themes: a journey's own pain-point and praise themes

Revision ID: 0007_journey_themes
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_journey_themes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("label_en", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("label_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("polarity", sa.Integer(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id", "key"),
    )
    with op.batch_alter_table("journey_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journey_theme_journey_id"), ["journey_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("journey_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_theme_journey_id"))
    op.drop_table("journey_theme")
