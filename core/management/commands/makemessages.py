"""`makemessages` for the portal's one catalogue per language (locale/<lang>/), made so that
`make messages` can run again and again and leave the files unchanged when no string did:
- no fuzzy matching: msgmerge would guess a translation for a new msgid from a similar old
  one (in French a wrong text marked fuzzy, in English a "translation" of English). A new
  msgid arrives empty, and tests/core/test_language_and_translations.py names it;
- references name the file, not the line (moving code changes nothing), no obsolete
  entries, no creation date in the header;
- folders that hold no string of ours are always ignored (tests, benchmarks, installs).
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

ALWAYS_IGNORED = [".venv", "node_modules", "var", "static", "tests", "benchmarks", "build"]
_CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *ALWAYS_IGNORED]
        options["add_location"] = options.get("add_location") or "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        super().write_po_file(potfile, locale)
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        text = pofile.read_text(encoding="utf-8")
        pofile.write_text(_CREATION_DATE.sub("", text), encoding="utf-8")
