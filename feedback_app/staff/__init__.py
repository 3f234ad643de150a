"""Staff accounts and API keys: create, verify, roles and languages, the admin's use cases. Only password and key
hashes are stored. Imports models, common and config.
"""
