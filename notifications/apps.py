from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts import outbox
        from notifications import home  # noqa: F401 - the failed-email item of the home page
        from notifications.email import mail_enqueue

        outbox.register(mail_enqueue)
