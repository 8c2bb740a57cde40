import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts, load_session_2021
from apprenticeship.models import JobSheet
from candidates.models import Wish
from demo.dossiers import Clock, dossier_tell
from demo.phases import (
    PHASE_ORDER,
    DemoError,
    demo_candidate_story,
    history_stories,
    live_session,
    live_stories,
    staff,
    tell_all,
)
from english_test.models import Take
from interviews.models import Booking
from video_interview.models import Take as VideoTake


class Command(BaseCommand):
    help = (
        "Load the 2021 session exactly as the notice states it, with a synthetic history of its "
        "candidates, and a live session whose calendar puts today at the phase asked for, with "
        "candidates in progress; one demo account per role. Deterministic and safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--phase", choices=PHASE_ORDER, default="submissions", help="Where the live session stands today."
        )
        parser.add_argument("--candidates", type=int, default=150, help="Candidates of the live session.")
        parser.add_argument(
            "--history", type=int, default=300, help="Candidates of the 2021 session's history."
        )
        parser.add_argument("--no-accounts", action="store_true", help="Only the 2021 session's data.")

    def handle(self, *args, phase, candidates, history, no_accounts=False, **options):
        started = time.monotonic()
        campaign = load_session_2021()
        self.stdout.write(self.style.SUCCESS(f"{campaign.name}: loaded."))
        for intake in campaign.intakes.with_places().select_related("program"):
            level = intake.get_level_display()
            self.stdout.write(f"  {intake.program.code.upper():7} {level:12} {intake.total_places} places")
        if no_accounts:
            return
        accounts = load_demo_accounts()
        now = timezone.now()
        admin = staff("admin@demo.imt-mines-ales.fr")
        if history:
            tell_all(history_stories(history), campaign, now, progress="done")
        try:
            live = live_session(campaign, phase, admin, now)
        except DemoError as error:
            raise CommandError(str(error)) from error
        steps = tell_all(
            live_stories(phase, candidates, live, timezone.localdate(now)), live, now, progress=phase
        )
        if phase == "submissions":
            president = staff("president@demo.imt-mines-ales.fr")
            story = demo_candidate_story(live)
            if not live.applications.filter(candidate__email=story.person.email).exists():
                dossier_tell(story, Clock(campaign=live, today=now), jury_members=[], president=president)
        self.stdout.write(self.style.SUCCESS(f"\n{live.name}: the {phase} phase, today."))
        if steps:
            self.stdout.write("  Steps: " + ", ".join(f"{k} {v}" for k, v in steps.items()))
        for session in (campaign, live):
            states = Counter(Wish.objects.filter(intake__campaign=session).values_list("state", flat=True))
            self.stdout.write(
                f"  {session.name}: " + ", ".join(f"{s} {n}" for s, n in sorted(states.items()))
            )
            for label, queryset in (
                ("English tests", Take.objects.filter(application__campaign=session)),
                ("interview bookings", Booking.objects.filter(wish__intake__campaign=session)),
                ("video takes", VideoTake.objects.filter(wish__intake__campaign=session)),
                ("job sheets", JobSheet.objects.filter(intake__campaign=session)),
            ):
                by_state = Counter(queryset.values_list("state", flat=True))
                if by_state:
                    self.stdout.write(
                        f"    {label}: " + ", ".join(f"{s} {n}" for s, n in sorted(by_state.items()))
                    )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        for email, role in accounts:
            self.stdout.write(f"  {role:15} {email}")
        self.stdout.write(
            "\nStaff accounts ask for a two-factor code. Add this TOTP secret to an authenticator app:\n"
            f"  {DEMO_TOTP_SECRET}\n"
            "or print the current code with:  .venv/bin/python manage.py totp_code EMAIL"
        )
        self.stdout.write(f"\nLoaded in {time.monotonic() - started:.1f} s.")
