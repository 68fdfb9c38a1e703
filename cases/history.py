"""The case history as people read it: 「主担当者：佐藤 → 中村」, not field names and ids.

The audit log keeps raw values (field names, primary keys, ISO dates, choice
codes). This module turns one page of entries into rows with the models'
Japanese field names, before → after values, and the kind of each read: a
page, a list that named the young person, or an export (出力) with its file
kind. Related objects are looked up once per model for the whole page, so the
page stays a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

TRUNCATE = 60  # free text is shown as a start, not in full: the record itself holds it

# Bookkeeping and the parent record (the page is the case's): not worth a line.
SKIPPED = {
    "id",
    "search_key",
    "sequence",
    "sort_order",
    "session_generation",
    "created_at",
    "updated_at",
    "anonymised_at",
    "case",
    "plan",
    "referral",
}


def _label(model_field: models.Field[Any, Any]) -> str:
    """The field's Japanese name; fields the models leave unnamed get one here."""
    fallback = {
        "created_by": _("Created by"),
        "added_by": _("Added by"),
        "removed_by": _("Removed by"),
        "updated_by": _("Updated by"),
        "consent_overridden_by": _("Added without consent by"),
        "author": _("Recorded by"),
        "agency": _("Agency"),
        "amends": _("Corrects the record of"),
        "by": _("Done by"),
        "help_answered_at": _("Answered"),
    }
    auto = model_field.name.replace("_", " ")
    if str(model_field.verbose_name) == auto and model_field.name in fallback:
        return fallback[model_field.name]
    return str(model_field.verbose_name)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: LogEntry
    action: str  # viewed, listed, exported, denied, created, changed, deleted
    action_label: str
    record: str
    detail: str = ""
    changes: list[Change] = field(default_factory=list)


EXPORT_KINDS = {"xlsx": "Excel", "csv": "CSV"}


def _export(what: str) -> tuple[str, str, str]:
    """(action, label, detail) of an entry that a list or an export left."""
    if what.startswith("ledger."):
        fmt = what.split(".", 1)[1].split(" ", 1)[0]
        detail = _("Progress ledger (%(kind)s)") % {"kind": EXPORT_KINDS.get(fmt, fmt)}
        if "(names)" in what:
            detail += _(", with names")
        return "exported", _("Exported"), detail
    lists = {
        "home": _("Dashboard"),
        "my tasks": _("My tasks"),
    }
    if what in lists:
        return "listed", _("Shown in a list"), lists[what]
    if what.startswith("case list"):
        search = what.removeprefix("case list q=").strip("'\"")
        detail = _("Case list") + (_("（search: %(q)s）") % {"q": search} if search else "")
        return "listed", _("Shown in a list"), detail
    return "exported", _("Exported"), what


def _action(entry: LogEntry) -> tuple[str, str, str]:
    data = entry.additional_data or {}
    if entry.action == LogEntry.Action.ACCESS:
        if "denied" in data:
            return "denied", _("Refused"), _("Status %(code)s") % {"code": data["denied"]}
        if "export" in data:
            return _export(str(data["export"]))
        if data.get("printed") == "letter":
            return "viewed", _("Viewed"), _("Printed the referral letter")
        return "viewed", _("Viewed"), ""
    if entry.action == LogEntry.Action.CREATE:
        return "created", _("Created"), ""
    if entry.action == LogEntry.Action.DELETE:
        return "deleted", _("Deleted"), ""
    return "changed", _("Changed"), ""


def _parse(value: Any) -> Any:
    return None if value in (None, "None", "") else value


def _shorten(text: str) -> str:
    return text if len(text) <= TRUNCATE else text[:TRUNCATE] + "…"


def _display(model_field: models.Field[Any, Any], value: Any, related: dict[Any, Any]) -> str:
    value = _parse(value)
    if value is None:
        return "—"
    if isinstance(value, dict) and value.get("type") == "m2m":
        names = "、".join(str(o) for o in value.get("objects", []))
        return (
            _("added: %(names)s") if value.get("operation") == "add" else _("removed: %(names)s")
        ) % {"names": names}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        found = related.get((model_field.related_model, str(value)))
        return str(found) if found is not None else _("(no longer exists)")
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if str(value) == "True" else _("No")
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        try:
            return date_format(date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
        except ValueError:
            return str(value)
    return _shorten(str(value))


def history_rows(entries: Iterable[LogEntry]) -> list[HistoryRow]:
    entries = list(entries)
    # every related object any entry names, fetched once per model
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    fields: dict[tuple[int, str], models.Field[Any, Any] | None] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes_dict.items():
            model_field = _field(model, name)
            fields[(entry.content_type_id, name)] = model_field
            if isinstance(model_field, models.ForeignKey) and isinstance(values, list):
                wanted[model_field.related_model].update(  # type: ignore[index]
                    str(v) for v in values if _parse(v) is not None
                )
    related: dict[Any, Any] = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():
            related[(model, str(pk))] = obj

    rows = []
    for entry in entries:
        action, label, detail = _action(entry)
        model = entry.content_type.model_class()
        changes = []
        created = entry.action == LogEntry.Action.CREATE
        for name, values in entry.changes_dict.items():
            model_field = fields.get((entry.content_type_id, name))
            if model_field is None or name in SKIPPED:
                continue
            if not isinstance(values, list):  # an m2m change: one description
                after = _display(model_field, values, related)
                changes.append(Change(_label(model_field), "", after))
                continue
            before, after = [*values, None, None][:2]
            if created and _parse(after) is None:
                continue  # a new record: only what was filled in
            changes.append(
                Change(
                    _label(model_field),
                    "" if created else _display(model_field, before, related),
                    _display(model_field, after, related),
                )
            )
        record = str(model._meta.verbose_name) if model else entry.content_type.model
        rows.append(HistoryRow(entry, action, label, record, detail, changes))
    return rows


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: not shown rather than guessed
        return None
    return found if isinstance(found, models.Field) else None
