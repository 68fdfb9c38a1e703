"""The register of missing local resources (社会資源の開発).

Case work shows what the area lacks ("北地区に居場所がない"); the coordinating
office groups those needs and follows them until a resource is created or
the council decides not to. The text describes the gap, never the person:
the form refuses the young person's name.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Approach
from core.retention import personal_data


# The register outlives the case: when the young person is anonymised, the need
# stays (it describes the area, and the form refuses names) but loses its link.
@personal_data(
    person="case__young_person",
    fields={"case": None, "note": None, "meeting_item": None},
    safe=["text", "area", "outcome"],
)
class UnmetNeed(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Recorded")
        DISCUSSING = "discussing", _("Under discussion")
        CREATED = "created", _("Resource created")
        DROPPED = "dropped", _("Not pursued")

    text = models.CharField(_("what is missing"), max_length=300)
    approach = models.CharField(
        _("support approach"), max_length=20, choices=Approach.choices, blank=True
    )
    area = models.CharField(_("area"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("what was done"), max_length=2000, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unmet_needs",
        verbose_name=_("case"),
    )
    note = models.ForeignKey(
        "cases.CaseNote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case note"),
    )
    # Where it was seen: a case item of a meeting (the case's discussion there)...
    meeting_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting case item"),
    )
    # ...and where the council takes it up: a topic on a representatives' agenda.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unmet_needs",
        verbose_name=_("on the agenda of"),
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("unmet need")
        verbose_name_plural = _("unmet needs")
        indexes = [models.Index(fields=["status", "approach"], name="unmetneed_status")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("reports:needs") + f"#need-{self.pk}"
