"""delivery: a webhook address and signing secret per trigger

Revision ID: 0003_delivery
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_delivery"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trigger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("webhook_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column("webhook_secret", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trigger", schema=None) as batch_op:
        batch_op.drop_column("webhook_secret")
        batch_op.drop_column("webhook_url")
