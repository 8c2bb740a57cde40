#!/usr/bin/env bash
# Translation catalogues: one per app (<app>/locale/) so that each app owns its strings,
# and the project's own (locale/) for templates/ and config/. Then compile them all.
# Usage: scripts/messages.sh [app ...]   (no argument: every catalogue)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ADMIN="$ROOT/.venv/bin/django-admin"
APPS=(core accounts admissions notifications candidates payments jury apprenticeship)
targets=("$@")
((${#targets[@]})) || targets=(project "${APPS[@]}")
for target in "${targets[@]}"; do
  if [[ $target == project ]]; then
    ignores=(--ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=benchmarks)
    for app in "${APPS[@]}"; do ignores+=(--ignore="$app"); done
    (cd "$ROOT" && "$ADMIN" makemessages -l fr "${ignores[@]}" >/dev/null)
  else
    mkdir -p "$ROOT/$target/locale"
    (cd "$ROOT/$target" && "$ADMIN" makemessages -l fr --ignore=migrations >/dev/null)
  fi
done
(cd "$ROOT" && "$ADMIN" compilemessages --ignore=.venv --ignore=node_modules >/dev/null)
echo "Catalogues updated. Untranslated French entries:"
"$ROOT/.venv/bin/python" - <<'PY'
import pathlib, polib
for po_path in sorted(pathlib.Path(".").glob("**/locale/fr/LC_MESSAGES/django.po")):
    if ".venv" in po_path.parts:
        continue
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    print(f"  {po_path}: {len(missing)}")
PY
