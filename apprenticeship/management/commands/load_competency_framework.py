from django.core.management.base import BaseCommand

from apprenticeship.demo import load_competency_frameworks


class Command(BaseCommand):
    help = "Load a starting competency framework for the demo programs (BAT, INFRES, MKX). Safe to rerun."

    def handle(self, *args, **options):
        created = load_competency_frameworks()
        self.stdout.write(self.style.SUCCESS(f"{created} competency blocks created."))
