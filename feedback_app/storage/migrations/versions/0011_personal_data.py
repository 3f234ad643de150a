"""personal data: consent records, opt-outs by address, erasure records, retention runs; customers' phone,
latest consent and erasure time; answers' and events' anonymisation time; triggers that require consent; API keys allowed to read personal data

Revision ID: 0011_personal_data
Revises: 0010_login_security
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011_personal_data"
down_revision = "0010_login_security"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString
TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "consent_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("source", TEXT(length=200), nullable=False),
        sa.Column("given_at", TIME(), nullable=False),
        sa.Column("recorded_at", TIME(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["event_id"], ["touchpoint_event.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consent_record_customer_id", "consent_record", ["customer_id"])
    op.create_table(
        "opt_out_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", TEXT(length=64), nullable=False),
        sa.Column("kind", TEXT(length=8), nullable=False),
        sa.Column("opted_out_at", TIME(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_opt_out_address_digest", "opt_out_address", ["digest"], unique=True)
    op.create_table(
        "erasure_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erased_at", TIME(), nullable=False),
        sa.Column("erased_by", TEXT(length=320), nullable=False),
        sa.Column("reason", TEXT(length=16), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_erasure_record_erased_at", "erasure_record", ["erased_at"])
    op.create_table(
        "retention_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ran_at", TIME(), nullable=False),
        sa.Column("cutoff", TIME(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retention_run_ran_at", "retention_run", ["ran_at"])
    with op.batch_alter_table("customer") as batch_op:
        batch_op.add_column(sa.Column("phone", TEXT(length=32), nullable=True))
        batch_op.add_column(sa.Column("consent_given", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("erased_at", TIME(), nullable=True))
    for table in ("response", "touchpoint_event"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("anonymised_at", TIME(), nullable=True))
    with op.batch_alter_table("trigger") as batch_op:
        batch_op.add_column(sa.Column("require_consent", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("api_key") as batch_op:
        batch_op.add_column(sa.Column("can_access_personal_data", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("api_key") as batch_op:
        batch_op.drop_column("can_access_personal_data")
    with op.batch_alter_table("trigger") as batch_op:
        batch_op.drop_column("require_consent")
    for table in ("response", "touchpoint_event"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("customer") as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("consent_given")
        batch_op.drop_column("phone")
    for table in ("retention_run", "erasure_record", "opt_out_address", "consent_record"):
        op.drop_table(table)
