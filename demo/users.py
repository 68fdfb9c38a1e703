"""The demo users for every role (data/users.toml). Idempotent: keyed by login."""

import base64

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.policy import requires_second_factor
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
        if requires_second_factor(user):
            _second_factor(user, data["totp_secret"], data["backup_codes"])
        users.append(user)
    return users


def _second_factor(user: User, secret: str, codes: list[str]) -> None:
    """The published demo authenticator and backup codes (topped up on every run)."""
    key = base64.b32decode(secret).hex()
    # django-two-factor asks for a code only from the device named "default":
    # under any other name the login skips the code step and the second-factor
    # middleware then turns the user away.
    TOTPDevice.objects.filter(user=user, name="demo").update(name="default")
    TOTPDevice.objects.update_or_create(
        user=user, name="default", defaults={"key": key, "confirmed": True}
    )
    backup, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    for code in codes:
        backup.token_set.get_or_create(token=code)
