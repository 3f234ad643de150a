"""login security: session versions on staff users and login throttling

Revision ID: 0010_login_security
Revises: 0009_linear_history
"""

revision = "0010_login_security"
down_revision = "0009_linear_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
