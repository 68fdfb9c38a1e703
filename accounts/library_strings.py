"""Words of django-two-factor-auth that Tsunagu says its own way.

Our catalogue comes before the library's (LOCALE_PATHS), so listing a
library msgid here lets `make messages` pick it up and our Japanese wins:
「確認コード」 rather than the library's 「トークン」, in every screen.
"""

from django.utils.translation import gettext_noop

LIBRARY_MSGIDS = (
    gettext_noop("Token"),
    gettext_noop("Backup Tokens"),
    gettext_noop("Enable Two-Factor Authentication"),
    gettext_noop("Account Security"),
)
