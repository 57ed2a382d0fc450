"""The Celery app. Tasks live in workers/tasks.py and stay thin: ids in, one service call."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("pantau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["workers"])

app.conf.beat_schedule = {
    "schedule-verifications": {"task": "pantau.schedule_verifications", "schedule": 3600.0},
}
