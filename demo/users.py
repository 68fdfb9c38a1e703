"""The demo users for every role (data/users.toml). Idempotent: keyed by login."""

from accounts.models import Role, User
from agencies.models import Agency
from demo.files import read


def password() -> str:
    """Every demo user's password: published in the README, never for real data."""
    return str(read("users")["password"])


def seed_users(agencies: dict[str, Agency]) -> list[User]:
    """Create or update the demo users, in the file's order; returns them."""
    data = read("users")
    users = []
    for entry in data["users"]:
        fields = dict(entry)
        login = fields.pop("login")
        fields["agency"] = agencies[fields["agency"]]
        fields["role"] = Role(fields["role"])
        user, _ = User.objects.update_or_create(username=login, defaults=fields)
        user.set_password(data["password"])
        user.save(update_fields=["password"])
        users.append(user)
    return users
