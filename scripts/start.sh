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
$APP seed-demo
DEMO_EMAIL="${DEMO_EMAIL:-demo@example.com}"
DEMO_PASSWORD="${DEMO_PASSWORD:-demo-password}"
$APP create-user "$DEMO_EMAIL" --role admin --password "$DEMO_PASSWORD" >/dev/null
KEY_FILE=instance/demo_api_key
if [ ! -s "$KEY_FILE" ]; then
  $APP create-api-key "demo" | tail -n 1 > "$KEY_FILE"
fi
cat <<MSG

  Journey feedback is starting at  http://127.0.0.1:$PORT
  Demo login:    $DEMO_EMAIL  /  $DEMO_PASSWORD
  Demo API key:  $(cat "$KEY_FILE")   (also in $KEY_FILE)
  Try an event:  curl -X POST http://127.0.0.1:$PORT/api/v1/events -H "Authorization: Bearer \$(cat $KEY_FILE)" \\
                   -H 'Content-Type: application/json' \\
                   -d '{"touchpoint": "order_delivered", "customer": {"external_id": "c-42", "email": "rina@example.com", "locale": "id"}}'
  Invitations are logged (not mailed) unless FEEDBACK_SMTP_HOST is set.

MSG
exec $APP serve --host 127.0.0.1 --port "$PORT" --workers "${WORKERS:-2}"
