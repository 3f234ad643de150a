"""bilingual channels: a journey's channel names in Indonesian and English

Channels ("Courier", "Instagram & TikTok ads") get the same `translations` JSON column as journeys, personas,
touchpoints and lane cells (0013): {"id": {"name": text}, "en": {"name": text}}. Pages show the reader's language
and fall back to the name as it was written, so existing maps read as before.

Revision ID: 0015_bilingual_channels
Revises: 0014_keyed_opt_out_digests
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_bilingual_channels"
down_revision = "0014_keyed_opt_out_digests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel") as batch_op:
        batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("channel") as batch_op:
        batch_op.drop_column("translations")
