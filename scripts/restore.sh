#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and storage (a new
# database created with createdb, an empty bucket or media folder): the portal's processes
# stopped, then started again on the restored copy.
#
#   DATABASE_URL=postgres://…/portal_restored [AWS_STORAGE_BUCKET_NAME=…] \
#     scripts/restore.sh /backups/2021-03-09T2300
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:?usage: scripts/restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL is required}"
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$SRC/database.dump"
.venv/bin/python scripts/storage_copy.py restore "$SRC/files"
echo "restored $SRC"
