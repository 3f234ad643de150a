"""face-anchored labels: the text's own sentiment kept beside the answer's label

Revision ID: 0012_face_anchored_labels
Revises: 0011_personal_data
"""

revision = "0012_face_anchored_labels"
down_revision = "0011_personal_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
