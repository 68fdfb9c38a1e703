from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CouncilConfig(AppConfig):
    default = True
    name = "council"
    verbose_name = "Tsunagu"

    def ready(self) -> None:
        # the deployment checks; the weekly summary's notification kind
        from council import checks, notices  # noqa: F401


class CouncilAdminConfig(admin_apps.AdminConfig):
    """The admin site, opened to coordinators through the access policy."""

    default = False
    default_site = "council.admin_site.CouncilAdminSite"
