"""Who sees which report: one place, as cases.access is for case data."""

from accounts.models import User


def can_see_statistics(user: User) -> bool:
    """The anonymised figures: every council role (they name no one)."""
    return bool(
        user.is_active and (user.is_coordinator or user.is_practitioner or user.is_representative)
    )


def can_see_collaboration_health(user: User) -> bool:
    """Per-agency and per-practitioner load and response times: the coordinating office."""
    return bool(user.is_active and user.is_coordinator)


def can_manage_unmet_needs(user: User) -> bool:
    """Grouping and moving needs along: the coordinating office."""
    return bool(user.is_active and user.is_coordinator)
