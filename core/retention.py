"""Retention by declaration: each model says which of its fields are personal data.

A model that holds data about a young person declares it where it is
defined:

    @personal_data(person="case__young_person", fields=["text"])
    class CaseNote(models.Model): ...

`person` is the lookup from the model to the young person it is about ("" for
the young person's own row); `fields` the fields to blank when that person is
anonymised (a list takes the default for each field, a mapping gives the
replacement: a value or a query expression); `safe` the text fields that hold
nothing about a person (choices fields are safe by nature). The retention
walker (cases.retention) anonymises every declared model, and a test fails
when a model related to a young person or a case has a text field that is
declared neither personal nor safe, so a new model cannot be forgotten.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

REDACTED = _("(anonymised after the retention period)")

ModelClass = TypeVar("ModelClass", bound=type[models.Model])


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    person: str
    fields: Mapping[str, Any]
    safe: frozenset[str] = field(default_factory=frozenset)

    def replacements(self) -> dict[str, Any]:
        """Field -> what it becomes when the person is anonymised (for QuerySet.update)."""
        return {
            name: (
                default_replacement(self.model._meta.get_field(name)) if value is DEFAULT else value
            )
            for name, value in self.fields.items()
        }

    def rows_of(self, people: Iterable[int]) -> "models.QuerySet[Any]":
        lookup = f"{self.person}__in" if self.person else "pk__in"
        return self.model._default_manager.filter(**{lookup: list(people)})


DEFAULT = object()
_declared: dict[type[models.Model], PersonalData] = {}


def default_replacement(model_field: Any) -> Any:
    """Free text becomes a note that it was removed; short optional text becomes empty."""
    if isinstance(model_field, models.TextField):
        return str(REDACTED)
    if isinstance(model_field, models.CharField):
        return "" if model_field.blank else str(REDACTED)[: model_field.max_length]
    if model_field.null:
        return None
    raise ValueError(f"give a replacement for {model_field} in its declaration")


def personal_data(
    *,
    person: str,
    fields: Iterable[str] | Mapping[str, Any],
    safe: Iterable[str] = (),
) -> Callable[[ModelClass], ModelClass]:
    """Class decorator: declare a model's personal fields (see the module docstring)."""

    def declare(model: ModelClass) -> ModelClass:
        mapping = dict(fields) if isinstance(fields, Mapping) else dict.fromkeys(fields, DEFAULT)
        _declared[model] = PersonalData(model, person, mapping, frozenset(safe))
        return model

    return declare


def declared() -> list[PersonalData]:
    return list(_declared.values())


def declaration_of(model: type[models.Model]) -> PersonalData | None:
    return _declared.get(model)


def undeclared_text_fields(model: type[models.Model]) -> list[str]:
    """Text fields of `model` declared neither personal nor safe (choices are safe)."""
    declaration = _declared.get(model)
    known = set(declaration.fields) | declaration.safe if declaration else set()
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in known
    ]
