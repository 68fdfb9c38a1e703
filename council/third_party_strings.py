"""Strings that third-party templates show, translated in our catalogue.

django-import-export's Japanese catalogue lacks some of its newer strings (and
translates one as importing when it exports); makemessages keeps these msgids
in locale/ja because they are marked here, and our catalogue takes precedence
(LOCALE_PATHS). Nothing imports this module.
"""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Resource"),
)
