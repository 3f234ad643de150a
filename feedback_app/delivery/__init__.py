"""Where invitations are sent: the channels (e-mail over SMTP, signed webhooks) and how an invitation becomes a
message (channels, email, webhook, outgoing; outgoing_http POSTs to the address common.address_policy vetted,
never following a redirect), the one outbox engine that claims due rows under a lease, renews it
and records each outcome with backoff (outbox; close the loop's notifications use it too), the invitations' pass on
it (dispatch), the marketers' view of the outbox (outbox_listing) and the preview of what a customer will receive
(preview). Imports triggers, storage, models, common and config.
"""
