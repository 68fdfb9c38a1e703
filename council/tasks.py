"""Celery tasks of the project: thin adapters over the services."""

from celery import shared_task
from django.utils import timezone

from council.notices import tell_office_about_the_week


@shared_task(ignore_result=True)
def weekly_access_summary() -> int:
    """Mondays (beat): tell the coordinators the past week's access summary is ready."""
    return tell_office_about_the_week(today=timezone.localdate())
