"""The auditor's check of the complementary lists' draws (DESIGN.md, Replayable draws): each
draw's frozen inputs still have their digest, and replaying them gives the recorded list.
Exits with status 1 when one draw fails."""

import sys

from django.core.management.base import BaseCommand

from apprenticeship import selectors, services


class Command(BaseCommand):
    help = "Replay the complementary lists' draws from their frozen inputs and compare."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only the draws of this session.")

    def handle(self, *args, year=None, **options):
        failed = 0
        draws = selectors.draws_to_check(year=year)
        for record in draws:
            check = services.draw_check(record)
            verdict = "OK" if check.ok else "MISMATCH"
            failed += not check.ok
            digest = "ok" if check.digest_ok else "changed"
            self.stdout.write(
                f"{verdict} draw {record.pk} {record.intake}: digest {digest}, "
                f"recorded {check.listed}, entries {check.entries}, replayed {check.replayed}"
            )
        self.stdout.write(f"{len(draws)} draw(s) checked, {failed} mismatch(es).")
        if failed:
            sys.exit(1)
