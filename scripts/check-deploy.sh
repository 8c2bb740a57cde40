#!/usr/bin/env bash
# `check --deploy` with the production settings and a production-like environment.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_SETTINGS_MODULE=config.settings.production \
DJANGO_SECRET_KEY="check-deploy-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
DJANGO_ALLOWED_HOSTS=admissions.example.org \
SITE_URL=https://admissions.example.org \
DATABASE_URL=${DATABASE_URL:-sqlite:///tmp/check-deploy.sqlite3} \
CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
CACHE_URL=locmemcache:// \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
if command -v docker-compose >/dev/null 2>&1; then
  # Validate with the example environment, in a scratch copy (the real .env is private).
  scratch=$(mktemp -d)
  cp docker-compose.yml Dockerfile "$scratch/" && cp .env.example "$scratch/.env"
  (cd "$scratch" && docker-compose config -q) && echo "docker-compose.yml: valid"
  rm -rf "$scratch"
fi
