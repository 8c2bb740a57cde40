import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a staff account (local and demo use only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Only available with DEBUG on (the embedded demo).")
        user = User.objects.filter(email=email.lower()).first()
        authenticator = user and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if not authenticator:
            raise CommandError("No such account with two-factor set up.")
        secret = decrypt(authenticator.data["secret"])
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
