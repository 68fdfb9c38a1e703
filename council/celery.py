"""The Celery application: one per process, configured from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")

# Every task records its changes in the audit log as done by "system:task <name>".
app = Celery("council", task_cls="core.audit:AuditedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
