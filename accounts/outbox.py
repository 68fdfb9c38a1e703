"""Where accounts hands the mail it sends (password reset) to be delivered.

accounts sits below notifications and cannot import it, so notifications
registers its outbox here at start-up (AppConfig.ready), as higher apps
register into lower apps' registries. The outbox retries, fails a 5xx at
once and shows failures to the coordinators; without one registered (a
project without notifications) the message is sent directly.
"""

from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives

Handler = Callable[[EmailMultiAlternatives, str], object]

_handler: list[Handler] = []


def register(handler: Handler) -> None:
    """Make `handler(message, kind)` the way account emails are delivered."""
    _handler[:] = [handler]


def deliver(message: EmailMultiAlternatives, *, kind: str) -> None:
    if _handler:
        _handler[0](message, kind)
    else:
        message.send()
