"""The Celery application: one per process, configured from Django settings."""

import logging
import os

from celery import Celery
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")

logger = logging.getLogger(__name__)

# Every task records its changes in the audit log as done by "system:task <name>".
app = Celery("council", task_cls="core.audit:AuditedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def warm_up(celery: Celery = app) -> None:
    """Ready a web process to hand work to the worker before its first request.

    Otherwise the first request that queues a task in each web process (a
    large export, an email) finalises this app, imports its result backend
    and connects to the broker: about 90 ms of that one request. Called per
    process after the fork (gunicorn.conf.py), never before it: a connection
    opened in gunicorn's master would be shared by its workers. A broker
    that is down, or anything else that fails here, is logged, not raised:
    pages that queue nothing still work.
    """
    try:
        celery.finalize(auto=True)
        celery.backend  # noqa: B018 - imports the backend module the first send would
        with celery.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=1)
    except (OSError, OperationalError) as error:
        logger.warning("The broker is not reachable yet (%s): tasks will connect when sent.", error)
    except Exception:
        # gunicorn stops every worker when one fails to boot: a broken task
        # module or broker setting must cost only the requests that queue a task
        logger.exception("Could not prepare Celery in this web process.")
