"""Touchpoint events in and survey invitations out: the event API's use case (events), CSV import (csv_import), a
batch of events turned into stored events, customers and invitation rows by the trigger rules (planning, with
planned_event, rule_settings, batch_customers and batch_rows), recurring relationship surveys (recurring),
reminders (reminders) and the opt-out link (opt_out). Imports triggers, storage, models, common and config.
"""
