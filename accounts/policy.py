"""The access policy for what is not case data: who may do what.

Case data has its own policy in cases.access (need to know); this module
answers the questions about the registry and the admin site, so that views
and admin classes ask one place instead of checking roles by hand.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from core.admin import KEEP_REGISTRY

AnyUser = User | AnonymousUser


def can_manage_registry(user: AnyUser) -> bool:
    """Coordinating-office staff and site administrators keep the agency registry.

    The permission comes from the role (accounts.backends); superusers hold every one.
    """
    return bool(user.is_authenticated and user.is_active and user.has_perm(KEEP_REGISTRY))


def can_use_admin(user: AnyUser) -> bool:
    """The admin site is open to registry keepers (and Django staff)."""
    return can_manage_registry(user) or bool(user.is_authenticated and user.is_staff)


def can_watch_delivery(user: AnyUser) -> bool:
    """The notification delivery status (and resending failed emails) is the office's."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or getattr(user, "is_coordinator", False))


def requires_second_factor(user: AnyUser) -> bool:
    """Coordinators and site administrators sign in with a second factor; a setting
    (TWO_FACTOR_FOR_EVERYONE) extends it to every user."""
    if not user.is_authenticated:
        return False
    if settings.TWO_FACTOR_FOR_EVERYONE:
        return True
    return bool(user.is_superuser or getattr(user, "is_coordinator", False))


def can_unlock_accounts(user: AnyUser) -> bool:
    """The coordinating office unlocks accounts locked after failed sign-ins."""
    return can_watch_delivery(user)
