"""Small things every package uses: time in one convention (clock), texts for people that domain code writes but
cannot translate (texts), field-by-field errors (field_errors), Jinja rendering outside a request (rendering),
and where outgoing requests may go (address_policy: public addresses, or hosts in FEEDBACK_WEBHOOK_ALLOWED_HOSTS;
checked at save and at send).
Imports nothing of the app but config.
"""
