"""Settings of benchmarks/video_takes.py: production-like (DEBUG off, PostgreSQL from
DATABASE_URL), its own media folder; the assembly task is queued to an in-memory broker and
run by the benchmark itself, as a Celery worker would, so that it is measured apart."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/tmp/portal_bench_video_media"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
