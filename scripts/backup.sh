#!/usr/bin/env bash
# Back up the portal: the database (pg_dump, custom format) and the private files (the S3
# bucket, or the media folder of the embedded portal), into one dated folder.
#
#   DATABASE_URL=postgres://… [AWS_STORAGE_BUCKET_NAME=… AWS_S3_ENDPOINT_URL=…] \
#     scripts/backup.sh /backups/2021-03-09T2300
#
# Files are copied AFTER the dump: a file uploaded between the two is extra (harmless), never
# missing for a row of the dump. Restore with scripts/restore.sh (README, "Backup and restore").
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:?usage: scripts/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL is required}"
mkdir -p "$DEST"
pg_dump --format=custom --no-owner --file="$DEST/database.dump" "$DATABASE_URL"
.venv/bin/python scripts/storage_copy.py backup "$DEST/files"
echo "backup: $(du -sh "$DEST" | cut -f1) in $DEST"
