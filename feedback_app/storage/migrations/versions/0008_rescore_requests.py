"""rescore requests: a journey's earlier answers to be read again by the scheduler

Revision ID: 0008_rescore_requests
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_rescore_requests"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rescore_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id"),
    )


def downgrade() -> None:
    op.drop_table("rescore_request")
