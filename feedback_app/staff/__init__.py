"""Staff accounts and API keys: create, verify, roles and languages, the admin's use cases (accounts.py); what an
address and a password must be (credentials.py); logging in and out (login.py) with throttling per account and
per address (login_throttle.py); session versions that end old cookies (sessions.py); the audit log of staff
actions, written (audit.py) and read (audit_log.py). Only password and key hashes are stored. Imports models,
common and config.
"""
