"""Customers' personal data under UU PDP 27/2022 (docs/privacy.md): one customer's data exported (export) or
erased everywhere while the map's counts stay (erasure, with scrub for the words quoted in stored JSON), old
answers and events anonymised by the retention job (retention), consent records (consent) and opt-outs that
follow a person's e-mail address or phone number across external ids (addresses).

Sits below invitations and delivery, which record consent and honour opt-outs through it, and above staff
(the audit log), triggers, storage, models, common and config, which are all it imports. It reads the maps'
stored data (snapshots, quotes) through the models, never through maps/.
"""
