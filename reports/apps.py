from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # the audit of the register, the home page's figures link, the case page's panel
        from reports import audit, home, panels  # noqa: F401
