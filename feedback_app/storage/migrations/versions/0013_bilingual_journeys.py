"""bilingual journeys: journey content in Indonesian and English

Journeys (name, goal), personas (name, description), touchpoints (name) and authored lane cells (content) get a
`translations` JSON column: {"id": {field: text}, "en": {field: text}}. Pages and the map JSON show the reader's
language and fall back to the column as it was written, so existing maps read as before until someone adds the
other language in the map editor. Stages already have both (name, name_id).

Revision ID: 0013_bilingual_journeys
Revises: 0012_face_anchored_labels
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_bilingual_journeys"
down_revision = "0012_face_anchored_labels"
branch_labels = None
depends_on = None

TABLES = ("journey", "persona", "touchpoint", "lanecell")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("translations")
