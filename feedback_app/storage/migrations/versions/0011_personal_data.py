"""personal data: audit log, consent, erasures and opt-out by e-mail

Revision ID: 0011_personal_data
Revises: 0010_login_security
"""

revision = "0011_personal_data"
down_revision = "0010_login_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
