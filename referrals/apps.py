from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Register with the apps below: audit, reminder sources and kinds, the
        # ledger's referral columns, the case page's panel and the home page's items.
        from referrals import audit, home, ledger, panels, reminders  # noqa: F401
