"""Audit entries for sign-in security: lockouts and unlocks."""

from typing import Any

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.dispatch import receiver

from accounts.models import User


def _log(user: User | None, **data: Any) -> None:
    target = user or User.objects.filter(is_superuser=True).order_by("pk").first()
    if target is None:
        return
    LogEntry.objects.log_create(
        target, action=LogEntry.Action.ACCESS, force_log=True, additional_data=data
    )


def log_unlock(*, by: User, username: str, ip_address: str, attempts: int) -> None:
    """A coordinator unlocked an account or an address."""
    locked = User.objects.filter(username=username).first() if username else None
    _log(
        locked or by,
        security="unlock",
        username=username,
        ip_address=ip_address,
        attempts_cleared=attempts,
        unlocked_by=by.username,
    )


@receiver(user_locked_out)
def log_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    """Sign-ins were refused after repeated failures: recorded against the account."""
    _log(
        User.objects.filter(username=username).first(),
        security="locked_out",
        username=username,
        ip_address=ip_address,
    )
