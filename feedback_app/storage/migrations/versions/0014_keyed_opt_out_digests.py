"""keyed opt-out digests: which address key an opt-out was recorded under

Opt-outs by address are now recorded as HMAC-SHA256 digests with the deployment's address key instead of a plain
SHA-256 of the address. `key_id` names the key (a digest of it, not the key); existing rows keep NULL: they are
plain SHA-256 digests, still matched, and re-keyed when their address opts out again.

Revision ID: 0014_keyed_opt_out_digests
Revises: 0013_bilingual_journeys
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014_keyed_opt_out_digests"
down_revision = "0013_bilingual_journeys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opt_out_address") as batch_op:
        batch_op.add_column(sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opt_out_address") as batch_op:
        batch_op.drop_column("key_id")
