"""Who did it: the actor of every change in the audit log (django-auditlog).

In a request, auditlog's middleware names the signed-in user. Services name
the person they act for (`audited_as("by")`), so a change made from a
command or a Celery task on someone's behalf carries that person too; work
no person asked for (a sweep, the retention command) is marked with the
process that did it (`AuditedTask`, `AuditedCommand`).

auditlog's own context managers replace the context and do not restore it
when they end, so they cannot nest; `acting` restores the surrounding one.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from auditlog.context import auditlog_value, set_extra_data
from celery import Task
from django.core.management.base import BaseCommand

P = ParamSpec("P")
R = TypeVar("R")

SYSTEM_PREFIX = "system:"


@contextmanager
def acting(*, actor: Any = None, process: str = "") -> Iterator[None]:
    """Changes inside are recorded with `actor` (a user) or as done by `process`.

    The client address of the surrounding request, if any, is kept.
    """
    try:
        outer: dict[str, Any] | None = auditlog_value.get()
    except LookupError:
        outer = None
    data = {k: v for k, v in (outer or {}).items() if k in ("remote_addr", "remote_port")}
    if actor is not None:
        data["actor"] = actor
    elif process:
        data["actor_email"] = f"{SYSTEM_PREFIX}{process}"[:254]
    with set_extra_data(context_data=data):
        yield
    if outer is not None:
        auditlog_value.set(outer)


def audited_as(argument: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a service: its keyword `argument` (the user it acts for) is the actor."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with acting(actor=kwargs.get(argument)):
                return func(*args, **kwargs)

        return wrapper

    return decorate


class AuditedTask(Task):  # type: ignore[misc]
    """Every Celery task records its changes as done by "system:<task name>"."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with acting(process=f"task {self.name}"):
            return super().__call__(*args, **kwargs)


class AuditedCommand(BaseCommand):
    """A management command whose changes are recorded as done by "system:<command>"."""

    def execute(self, *args: Any, **options: Any) -> Any:
        name = type(self).__module__.rsplit(".", 1)[-1]
        with acting(process=f"command {name}"):
            return super().execute(*args, **options)
