"""face-anchored labels: the text's own sentiment kept beside the answer's label, and a flag for answers whose
text clearly disagrees with the face the customer chose

The label of an answer with a face follows the face (1-2 negative, 4-5 positive, 3 the text); `text_polarity`
and `text_label` keep what the text alone reads, `text_contradicts_face` marks the answers the response browser
shows as "face: disappointed · text reads positive"; `stage_rollup.flagged` counts them per stage for the map. Existing answers get them from `feedback-app rescore` (the
scorer version changed), which also brings their labels, themes and rollups in line.

Revision ID: 0012_face_anchored_labels
Revises: 0011_personal_data
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012_face_anchored_labels"
down_revision = "0011_personal_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response") as batch_op:
        batch_op.add_column(sa.Column("text_polarity", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("text_label", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column("text_contradicts_face", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("stage_rollup") as batch_op:
        batch_op.add_column(sa.Column("flagged", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("stage_rollup") as batch_op:
        batch_op.drop_column("flagged")
    with op.batch_alter_table("response") as batch_op:
        batch_op.drop_column("text_contradicts_face")
        batch_op.drop_column("text_label")
        batch_op.drop_column("text_polarity")
