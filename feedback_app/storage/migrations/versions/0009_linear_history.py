"""linear history: one head from here on, joining the journey themes and rescore requests branches

Earlier versions upgraded to "heads", so databases carry any of 0006, 0007 and 0008 as separate heads;
this revision joins them and changes no schema. Every later migration revises the one head.

Revision ID: 0009_linear_history
Revises: 0006_partial_status_indexes, 0007_journey_themes, 0008_rescore_requests
"""

revision = "0009_linear_history"
down_revision = ("0006_partial_status_indexes", "0007_journey_themes", "0008_rescore_requests")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
