from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Register with the apps below: audit, notification kinds and reminder
        # sources, the case and agency pages' panels and the home page's items.
        from meetings import audit, home, notices, panels, reminders  # noqa: F401
