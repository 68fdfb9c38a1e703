from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Register with the apps below: audit, reminder sources and kinds,
        # the ledger's referral columns and the case page's referral panel.
        from referrals import audit, ledger, panels, reminders  # noqa: F401
