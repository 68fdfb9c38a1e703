import re
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import SearchKeyMixin, search_normalize


class Sector(models.Model):
    """A field of work (education, child welfare, police...): data, not code."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    COORDINATING = "coordinating", _("Coordinating body")
    DESIGNATED = "designated", _("Designated support body")
    MEMBER = "member", _("Member agency")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> "AgencyQuerySet":
        return self.filter(is_active=True)


class Agency(SearchKeyMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_kana = models.CharField(_("name (kana)"), max_length=200)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("sector")
    )
    council_role = models.CharField(
        _("council role"),
        max_length=20,
        choices=CouncilRole.choices,
        default=CouncilRole.MEMBER,
    )
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    roles_description = models.TextField(_("roles and responsibilities"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Name and kana folded by core.text.search_normalize; the directory
    # searches this column (trigram-indexed on PostgreSQL).
    search_key = models.CharField(max_length=400, editable=False, default="")
    # What the agency does, folded the same way: its roles and its active
    # services' names and descriptions (kept by save() here and on Service).
    content_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name_kana", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["council_role"],
                condition=Q(council_role="coordinating"),
                name="one_coordinating_body",
                violation_error_message=_("There can be only one coordinating body."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.content_key = search_normalize(self.content_text())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "content_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", kwargs={"pk": self.pk})

    def search_text(self) -> str:
        return f"{self.name}{self.name_kana}"

    def content_text(self) -> str:
        services = self.services.filter(is_active=True) if self.pk else []
        # a separator that no query holds, so that no match spans two texts
        return "｜".join(
            [self.roles_description, *(f"{s.name}｜{s.description}" for s in services)]
        )

    def refresh_content_key(self) -> None:
        """After a service changes: one UPDATE, no signals, no audit noise."""
        key = search_normalize(self.content_text())
        Agency.objects.filter(pk=self.pk).update(content_key=key)


class Approach(models.TextChoices):
    """The four approaches of support in the seed document."""

    FAMILY = "family", _("Family support")
    PERSON = "person", _("Approach to the person")
    GROUP = "group", _("Group adaptation")
    WORK_SCHOOL = "work_school", _("Employment and schooling")


class Service(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=120)
    approach = models.CharField(_("approach"), max_length=20, choices=Approach.choices)
    description = models.TextField(_("description"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligibility = models.CharField(_("other eligibility"), max_length=200, blank=True)
    access_walk_in = models.BooleanField(_("walk-in"), default=False)
    access_outreach = models.BooleanField(_("outreach visit"), default=False)
    access_phone = models.BooleanField(_("phone"), default=False)
    access_online = models.BooleanField(_("online"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency__name_kana", "approach", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="service_unique_per_agency"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="service_age_range_ordered",
                violation_error_message=_("The minimum age must not exceed the maximum age."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} / {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.agency.refresh_content_key()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        self.agency.refresh_content_key()
        return result

    @property
    def access_methods(self) -> list[str]:
        labels = [
            (self.access_walk_in, _("walk-in")),
            (self.access_outreach, _("outreach visit")),
            (self.access_phone, _("phone")),
            (self.access_online, _("online")),
        ]
        return [str(label) for on, label in labels if on]

    @property
    def age_range(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        low = "" if self.age_min is None else str(self.age_min)
        high = "" if self.age_max is None else str(self.age_max)
        return str(_("%(low)s–%(high)s years") % {"low": low, "high": high})


WORD_SEPARATORS = re.compile(r"[、,，/／\s]+")


class SearchSynonym(models.Model):
    """Words that mean the same in a directory search: サポステ、地域若者サポートステーション.

    Kept as data so that the office can add the local short names people use;
    a query term equal to any word of a group also finds the others.
    """

    words = models.CharField(
        _("words that mean the same"),
        max_length=300,
        unique=True,
        help_text=_(
            "Separate the words with 、 or commas, e.g. サポステ、地域若者サポートステーション."
        ),
    )

    class Meta:
        ordering = ["words"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return self.words

    def word_list(self) -> list[str]:
        return [word for word in WORD_SEPARATORS.split(self.words) if word]
