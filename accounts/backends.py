"""Sign-in and permissions: permissions follow from a user's council role.

Roles are the app's (DOMAIN.md section 1): there are no Groups or per-user
permission rows to keep in step, and no query to read them on each request.
Site administrators (superusers) hold every permission, as in Django.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.models import Role

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # The coordinating office keeps the registry of agencies, services and the
    # lists kept as data (sectors, presenting issues, meeting kinds).
    Role.COORDINATOR: frozenset({"accounts.keep_registry"}),
}


class RoleBackend(ModelBackend):
    """Django's username/password sign-in; permissions from the council role."""

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of each request, with their agency: every page's
        navigation bar names it, and most views read it (one query, not two)."""
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("agency").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None or not getattr(user_obj, "is_active", False):
            return set()
        return set(ROLE_PERMISSIONS.get(getattr(user_obj, "role", ""), frozenset()))

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return self.get_user_permissions(user_obj, obj)


def attempted_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """The login ID a sign-in tried, for django-axes: from authenticate()'s credentials,
    else from the sign-in wizard's first step ("auth-username")."""
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    data = getattr(request, "POST", None) or {}
    return data.get("auth-username") or data.get("username")
