from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role in the council (DOMAIN.md section 1)."""

    COORDINATOR = "coordinator", _("Coordinator")
    PRACTITIONER = "practitioner", _("Practitioner")
    REPRESENTATIVE = "representative", _("Representative")


class User(AbstractUser):
    """A person who logs in. Belongs to one agency and has one council role.

    Site administrators are Django superusers; they may have no agency.
    Names are Japanese: family name first, with kana readings for sorting.
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=60, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("agency"),
    )
    role = models.CharField(
        _("council role"), max_length=20, choices=Role.choices, default=Role.PRACTITIONER
    )
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Raised by "log out everywhere": every session signed with the old value ends.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    REQUIRED_FIELDS = ["email", "family_name", "given_name"]

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("keep_registry", _("Can keep the registry of agencies and lists"))]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_session_auth_hash(self) -> str:
        """Django ends a session whose hash no longer matches: the password and the
        session generation both sign it, so "log out everywhere" ends them all."""
        key_salt = "accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    def name_with_agency(self) -> str:
        """「山田 花子（みどり保健所）」: how a person is offered for choosing."""
        return f"{self.get_full_name()}（{self.agency}）"

    def get_short_name(self) -> str:
        return self.family_name or self.username

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_practitioner(self) -> bool:
        return self.role == Role.PRACTITIONER

    @property
    def is_representative(self) -> bool:
        return self.role == Role.REPRESENTATIVE


@receiver(pre_delete, sender=User)
def _never_delete_users(sender: type[User], instance: User, **kwargs: object) -> None:
    """Users are deactivated, never deleted (DOMAIN.md section 5): deleting one would
    erase who viewed and changed cases from the audit log."""
    raise ProtectedError(gettext("Users are deactivated, never deleted."), {instance})
