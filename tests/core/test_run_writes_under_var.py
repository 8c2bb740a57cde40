"""`make run` keeps everything it writes under var/ (issue 13): Celery's filesystem transport
wrote its exchange table to ./control at the top of the checkout by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PUBLISH = """
import django
django.setup()
from kombu import Exchange, Queue
from config.celery import app
from django.conf import settings
with app.connection_for_write() as connection:
    Queue("celery", Exchange("celery", "direct"), "celery")(connection.default_channel).declare()
print(settings.CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"])
"""


def test_the_embedded_broker_writes_its_control_table_under_var():
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    for folder in ("out", "processed"):  # as scripts/serve.sh makes them
        (ROOT / "var" / "celery" / folder).mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", PUBLISH], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    control = Path(result.stdout.strip().splitlines()[-1])
    assert control.is_relative_to(ROOT / "var"), control
    assert (control / "celery.exchange").is_file()
