"""Where invitations are sent: the channels (e-mail over SMTP, signed webhooks) and how an invitation becomes a
message (channels, email, webhook, outgoing), the outbox pass that claims due invitations under a lease, sends and
records each outcome (dispatch), the marketers' view of the outbox (outbox_listing) and the preview of what a
customer will receive (preview). Imports triggers, storage, models, common and config.
"""
