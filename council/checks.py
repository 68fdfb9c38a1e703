"""Deployment checks of our own (`manage.py check --deploy`, run before the web starts)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

NOT_DELIVERED = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Production must send mail: a console or file backend would print password-reset
    links and notifications into logs instead."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in NOT_DELIVERED:
        return []
    return [
        Error(
            "EMAIL_URL is not set to a real mail server: emails (password reset links "
            "included) would be written to the console or to files.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.jp:587.",
            id="tsunagu.E001",
        )
    ]
