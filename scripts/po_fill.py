"""Fill French translations into the catalogues from a Python file holding a dict `FR`
(msgid -> French text). Usage: .venv/bin/python scripts/po_fill.py translations.py
Only empty or fuzzy entries are filled; the catalogues are then compiled."""

import pathlib
import runpy
import subprocess
import sys

import polib

root = pathlib.Path(__file__).resolve().parent.parent
translations = runpy.run_path(sys.argv[1])["FR"]
for po_path in sorted(root.glob("**/locale/fr/LC_MESSAGES/django.po")):
    if ".venv" in po_path.parts or "node_modules" in po_path.parts:
        continue
    po = polib.pofile(str(po_path))
    changed = 0
    for entry in po:
        if (not entry.msgstr or entry.fuzzy) and entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            changed += 1
    if changed:
        po.save()
    left = len(po.untranslated_entries()) + len(po.fuzzy_entries())
    print(f"{po_path.relative_to(root)}: {changed} filled, {left} left")
subprocess.run(
    [str(root / ".venv/bin/django-admin"), "compilemessages", "--ignore=.venv", "--ignore=node_modules"],
    cwd=root,
    check=True,
    capture_output=True,
)
