"""The database: engines and transaction scopes that know SQLite's and PostgreSQL's locking (database), SQLAlchemy
Core statements compiled once and run on the driver for the hot paths (driver_statements), the bulk insert of event
ingestion (bulk_insert), and the Alembic migrations (migrations/). Imports models (for the migrations' metadata),
common and config; no area.
"""
