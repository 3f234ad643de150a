"""Where an event is decided: the trigger rules (delay, expiry, fatigue, quiet hours, sampling, reminder, backoff) as
pure functions (rules), the and/or conditions on the customer (conditions), cron schedules (cron), what marketers
do with triggers (editing), the triggers page's list (listing) and a trigger's funnel (funnel). Imports models, common and config.
"""
