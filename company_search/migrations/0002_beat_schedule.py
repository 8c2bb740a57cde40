"""Register the hourly company-search tick with django_celery_beat (reminders the day
before a training day, places digests; see company_search/tasks.py for why a beat task)."""

from django.db import migrations

NAME = "company_search: reminders and places digests"
TASK = "company_search.tasks.company_search_tick"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.update_or_create(name=NAME, defaults={"task": TASK, "interval": every_hour, "enabled": True})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("company_search", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
