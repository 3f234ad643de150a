"""bilingual journeys: journey content in Indonesian and English

Revision ID: 0013_bilingual_journeys
Revises: 0012_face_anchored_labels
"""

revision = "0013_bilingual_journeys"
down_revision = "0012_face_anchored_labels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
