#!/usr/bin/env bash
# Quick start: set up, create the SQLite database, load questionnaires and the demo journey,
# then serve the app with its scheduler. Prints the address and the demo login.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export FEEDBACK_SCHEDULER="${FEEDBACK_SCHEDULER:-1}"
PORT="${PORT:-5000}"
export FEEDBACK_BASE_URL="${FEEDBACK_BASE_URL:-http://127.0.0.1:$PORT}"
APP=.venv/bin/feedback-app
$APP init-db
$APP load-surveys
$APP seed-demo --history
DEMO_EMAIL="${DEMO_EMAIL:-demo@example.com}"
DEMO_PASSWORD="${DEMO_PASSWORD:-demo-password}"
$APP create-user "$DEMO_EMAIL" --role admin --password "$DEMO_PASSWORD" >/dev/null
KEY_FILE=instance/demo_api_key
if [ ! -s "$KEY_FILE" ]; then
  $APP create-api-key "demo" | tail -n 1 > "$KEY_FILE"
fi
# The hint's event happened two hours ago (the demo trigger's one-hour delay has passed: due at once), for a
# customer new to this database (the fatigue rule would skip one invited in the last 7 days).
OCCURRED_AT="$(.venv/bin/python -c 'import datetime as d; print((d.datetime.now(d.UTC) - d.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"))')"
CUSTOMER="newcomer-$(date +%s)"
cat <<MSG

  Journey feedback is starting at  http://127.0.0.1:$PORT
  Demo login:    $DEMO_EMAIL  /  $DEMO_PASSWORD   (the demo map holds three months of answers)
  Demo API key:  $(cat "$KEY_FILE")   (also in $KEY_FILE)
  Try the loop:  1. post an event (it happened two hours ago, so its invitation is due at once, unless it is
                    21:00-07:00 for the customer: the demo trigger's quiet hours; "Send now" sends it anyway):
    curl -X POST http://127.0.0.1:$PORT/api/v1/events -H "Authorization: Bearer \$(cat $KEY_FILE)" \\
      -H 'Content-Type: application/json' \\
      -d '{"touchpoint": "order_delivered", "occurred_at": "$OCCURRED_AT", "customer": {"external_id": "$CUSTOMER", "email": "rina@example.com", "name": "Rina", "locale": "en"}}'
                 2. open http://127.0.0.1:$PORT/invitations: the scheduler sends it within seconds ("Send now" does at once);
                    without FEEDBACK_SMTP_HOST mail is only logged, and the row shows the survey link
                 3. answer the survey, then watch http://127.0.0.1:$PORT/maps/katering-sehat change

MSG
exec $APP serve --host 127.0.0.1 --port "$PORT" --workers "${WORKERS:-2}"
