from django.core.management.base import BaseCommand

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts, load_session_2021


class Command(BaseCommand):
    help = "Load the 2021 session as the notice states it, and one demo account per role. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Only the session data.")

    def handle(self, *args, no_accounts=False, **options):
        campaign = load_session_2021()
        self.stdout.write(self.style.SUCCESS(f"{campaign.name}: loaded."))
        for intake in campaign.intakes.with_places().select_related("program"):
            level = intake.get_level_display()
            self.stdout.write(f"  {intake.program.code.upper():7} {level:12} {intake.total_places} places")
        if no_accounts:
            return
        accounts = load_demo_accounts()
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
        for email, role in accounts:
            self.stdout.write(f"  {role:15} {email}")
        self.stdout.write(
            "\nStaff accounts ask for a two-factor code. Add this TOTP secret to an authenticator app:\n"
            f"  {DEMO_TOTP_SECRET}\n"
            "or print the current code with:  .venv/bin/python manage.py totp_code EMAIL"
        )
