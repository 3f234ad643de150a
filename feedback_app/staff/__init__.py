"""Staff accounts and API keys: create, verify, roles and languages, the admin's use cases (accounts.py); the
audit log of staff actions (audit.py); session versions that end old cookies (sessions.py). Only password and
key hashes are stored. Imports models, common and config.
"""
