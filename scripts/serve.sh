#!/usr/bin/env bash
# Serve the portal with a Celery worker and beat beside it; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
# The one address of the portal in every e-mail (web, worker and beat read it from here): where
# this script serves it, unless SITE_URL is given (behind a proxy, or HOST=0.0.0.0 reached by
# another name).
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
mkdir -p var/celery/out var/celery/processed var/mail var/log

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO >var/log/beat.log 2>&1 &
pids+=($!)

echo "Celery worker and beat started (logs in var/log/). E-mails are written to var/mail/."
echo "Portal: http://$HOST:$PORT/ (links in e-mails: $SITE_URL)"
if [[ "${DJANGO_SETTINGS_MODULE:-config.settings.local}" == *production* ]]; then
  .venv/bin/gunicorn config.wsgi --bind "$HOST:$PORT" --workers 3
else
  $PY manage.py runserver "$HOST:$PORT" --noreload
fi
