"""What people can be notified about, registered by the apps that own it.

notifications imports no domain app. An app declares its notification kinds
(events it announces with `notify()`) and its reminder sources (things that
fall due) in a module of its own, e.g. `cases/reminders.py`, imported from its
AppConfig.ready(). Adding a source is one module in its own app.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification: users choose how they hear about each one."""

    key: str
    label: Promise | str


@dataclass(frozen=True)
class Message:
    """What a notification says. It goes into emails: a title from the kind, the
    anonymised label of the case (never a name or free text), and a link."""

    title: str
    url: str
    label: str = ""


BUSINESS_DAYS = "business"
CALENDAR_DAYS = "calendar"


class ReminderSource(ABC):
    """Something that falls due, followed through reminder rows.

    A subclass names its `kind` (the key of its reminder rows and of the
    user's preference), a `label` for the settings page and the `model` whose
    rows it follows; `reminder_source` registers an instance. The sweep calls
    `load` once per batch and kind, so the stale check and the recipients
    cost the same number of queries whatever the batch holds.

    `counts` states how its offsets count: BUSINESS_DAYS (weekends, public
    holidays and the New Year closure skipped, core.business_days) or
    CALENDAR_DAYS. Whichever it counts, a reminder whose moment falls on a
    closed day fires on the next business day at the same time
    (notifications.scheduling), unless `fires_on_closed_days` is set.
    """

    kind: ClassVar[str]
    label: ClassVar[Promise | str]
    model: ClassVar[type[models.Model]]
    counts: ClassVar[str] = CALENDAR_DAYS
    fires_on_closed_days: ClassVar[bool] = False

    @abstractmethod
    def load(self, ids: Collection[int]) -> Mapping[int, Any]:
        """The rows with these ids, with what the other methods need (a few queries)."""

    @abstractmethod
    def live(self) -> "models.QuerySet[Any]":
        """Every row that may want a reminder now (for `sync_reminders`)."""

    @abstractmethod
    def basis(self, row: Any) -> str:
        """What the reminder counts from, e.g. a task's due date ("2026-12-01").

        When it changes, a pending reminder is stale ("date moved"); a reminder
        already sent for the same basis is never made again.
        """

    @abstractmethod
    def due_at(self, row: Any) -> datetime | None:
        """When the reminder of `row` should fire, as `row` is now; None for no date."""

    def not_wanted_because(self, row: Any) -> str:
        """Why `row` wants no reminder any more ("" if it does): "task finished"..."""
        return ""

    @abstractmethod
    def recipients(self, rows: Mapping[int, Any]) -> dict[int, list[int]]:
        """User ids per row id, resolved through the disclosure policy when it fires."""

    @abstractmethod
    def message(self, row: Any) -> Message:
        """The notification's title, label and link (no free text about a person)."""


_kinds: dict[str, NotificationKind] = {}
_sources: dict[str, ReminderSource] = {}


def register_kind(key: str, label: Promise | str) -> str:
    """Declare a kind of event notification; returns its key for `notify()`."""
    existing = _kinds.get(key)
    if existing is not None and existing.label != label:
        raise ValueError(f"notification kind {key!r} is registered twice")
    _kinds[key] = NotificationKind(key, label)
    return key


SourceClass = TypeVar("SourceClass", bound=type[ReminderSource])


def reminder_source(cls: SourceClass) -> SourceClass:
    """Class decorator: register a reminder source (and its kind)."""
    if cls.counts not in (BUSINESS_DAYS, CALENDAR_DAYS):
        raise ValueError(f"reminder source {cls.kind!r}: counts must be business or calendar days")
    register_kind(cls.kind, cls.label)
    _sources[cls.kind] = cls()
    return cls


def kinds() -> list[NotificationKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key


def source(kind: str) -> ReminderSource | None:
    return _sources.get(kind)


def sources_for(model: type[models.Model]) -> list[ReminderSource]:
    """The sources that follow rows of `model` (a task has "due soon" and "overdue")."""
    return [s for s in _sources.values() if s.model is model]


def all_sources() -> list[ReminderSource]:
    return list(_sources.values())


@dataclass(frozen=True)
class Attachment:
    """A file an email carries (e.g. a meeting's .ics)."""

    filename: str
    content: bytes
    mimetype: str


# Built when the email is sent, from the notification's link: the file shows the
# state of the thing at that moment (a meeting moved since is sent as it is now).
AttachmentBuilder = Callable[[str], Sequence[Attachment]]
_attachments: dict[str, AttachmentBuilder] = {}


def register_attachments(kind: str, build: AttachmentBuilder) -> None:
    """Emails of `kind` carry the files `build(url)` returns (none when it returns [])."""
    _attachments[kind] = build


def attachments_for(kind: str, url: str) -> Sequence[Attachment]:
    build = _attachments.get(kind)
    return build(url) if build is not None else ()
