"""CSV/Excel import and export of the registry (django-import-export).

Rows are matched by natural keys (an agency by its name, a service by its
agency and name), so a file exported from one council imports into another.
Every row is validated with the model's own rules (`clean_model_instances`);
the admin refuses to import a file with any bad row, so nothing is half-imported.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from agencies.models import Agency, Approach, CouncilRole, Sector, Service


def _spellings(choice: TextChoices) -> set[str]:
    """A choice's stored value and its label in every language of the site."""
    names = {str(choice.value)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(choice.label))
    return names


class ChoiceWidget(widgets.Widget):
    """Accepts a choice by its stored value or its (Japanese or English) label."""

    def __init__(self, choices: type[TextChoices]) -> None:
        super().__init__()
        self.choices = choices

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        for choice in self.choices:
            if text in _spellings(choice):
                return str(choice.value)
        allowed = "、".join(str(c.label) for c in self.choices)
        raise ValueError(
            _("'%(value)s' is not one of: %(allowed)s") % {"value": text, "allowed": allowed}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(self.choices(value).label) if value else ""


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by name, with a clear message when the name is unknown."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if not value:
            raise ValueError(_("This column is required."))
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("'%(value)s' is not a registered %(model)s.")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None


class AgencyResource(resources.ModelResource):
    sector = fields.Field(
        attribute="sector", column_name="sector", widget=StrictForeignKeyWidget(Sector, "name")
    )
    council_role = fields.Field(
        attribute="council_role", column_name="council_role", widget=ChoiceWidget(CouncilRole)
    )

    class Meta:
        model = Agency
        import_id_fields = ("name",)
        fields = (
            "name",
            "name_kana",
            "sector",
            "council_role",
            "postal_code",
            "address",
            "phone",
            "email",
            "website",
            "roles_description",
            "is_active",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance: Agency, row: Any, **kwargs: Any) -> None:
        """The admin form's rule, on every import row: the coordinating body is handed
        over only with the admin action, never demoted, deactivated or doubled here."""
        before = Agency.objects.filter(pk=instance.pk).first() if instance.pk else None
        was_coordinating = bool(before and before.council_role == CouncilRole.COORDINATING)
        if was_coordinating and (
            instance.council_role != CouncilRole.COORDINATING or not instance.is_active
        ):
            raise ValidationError(
                _(
                    "%(agency)s is the coordinating body: it cannot be demoted or deactivated "
                    "by an import. Make another agency the coordinating body first."
                )
                % {"agency": instance.name}
            )
        another = Agency.objects.filter(council_role=CouncilRole.COORDINATING).exists()
        if instance.council_role == CouncilRole.COORDINATING and not was_coordinating and another:
            raise ValidationError(
                _(
                    "There is already a coordinating body. Use the action 'Make the "
                    "coordinating body' to hand the role over."
                )
            )

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        """Whatever the rows did, the council keeps one active coordinating body."""
        active = Agency.objects.filter(council_role=CouncilRole.COORDINATING, is_active=True)
        if not active.exists() and Agency.objects.exists():
            raise ValidationError(
                _("After this import the council would have no active coordinating body.")
            )


class ServiceResource(resources.ModelResource):
    agency = fields.Field(
        attribute="agency", column_name="agency", widget=StrictForeignKeyWidget(Agency, "name")
    )
    approach = fields.Field(
        attribute="approach", column_name="approach", widget=ChoiceWidget(Approach)
    )

    class Meta:
        model = Service
        import_id_fields = ("agency", "name")
        fields = (
            "agency",
            "name",
            "approach",
            "description",
            "age_min",
            "age_max",
            "eligibility",
            "access_walk_in",
            "access_outreach",
            "access_phone",
            "access_online",
            "is_active",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
