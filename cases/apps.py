from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cases import (
            audit,  # noqa: F401 - registers models with auditlog
            home,  # noqa: F401 - the home page's case items
            reminders,  # noqa: F401 - registers reminder sources and kinds
        )
