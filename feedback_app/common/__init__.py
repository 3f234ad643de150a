"""Small things every package uses: time in one convention (clock), texts for people that domain code writes but
cannot translate (texts), field-by-field errors (field_errors), and Jinja rendering outside a request (rendering).
Imports nothing of the app but config.
"""
