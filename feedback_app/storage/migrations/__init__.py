"""Alembic's environment and the schema's revisions, one linear history; `init-db` (storage.database.upgrade_schema)
upgrades any earlier database to the head.
"""
