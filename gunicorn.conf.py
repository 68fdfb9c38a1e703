"""gunicorn's settings file, read from the directory gunicorn starts in.

Only a hook: bind, workers and the rest stay on the command line
(Dockerfile, docker-compose.yml, docs/operations.md).
"""

from typing import Any


def post_worker_init(worker: Any) -> None:
    # In the worker, after it has loaded the application (Django is set up).
    from council.celery import warm_up

    warm_up()
