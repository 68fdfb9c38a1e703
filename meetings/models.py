"""The council's three-tier meetings (DOMAIN.md section 2): kinds, meetings,
invitations, attendance, agendas, minutes, case review records and action items.

Meeting kinds are data: the three statutory tiers are seeded by a migration and
local kinds (ケース会議, 検証会議) are added in the admin. A kind's `privacy` says
what its case items show: only the anonymised label and the text the
coordinator prepared (representatives', practitioners', mixed meetings), or the
case's personal data to those who may see it (case review).

Everything written about a case item is personal data and declared for
retention (core.retention); nothing is hard-deleted.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.retention import personal_data


class Privacy(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymised labels only")
    PERSONAL = "personal", _("Personal data for those who may see the case")


class Tier(models.TextChoices):
    REPRESENTATIVES = "representatives", _("Representatives' meeting")
    PRACTITIONERS = "practitioners", _("Practitioners' meeting")
    CASE_REVIEW = "case_review", _("Case review meeting")
    LOCAL = "local", _("Local meeting")


class MeetingKind(models.Model):
    """A kind of meeting: a statutory tier or a council's own (added in the admin)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.LOCAL)
    privacy = models.CharField(
        _("privacy of case items"),
        max_length=12,
        choices=Privacy.choices,
        default=Privacy.ANONYMISED,
    )
    takes_case_items = models.BooleanField(_("discusses cases"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")

    def __str__(self) -> str:
        return self.name

    @property
    def is_personal(self) -> bool:
        return self.privacy == Privacy.PERSONAL


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


class Meeting(models.Model):
    """A meeting of one kind. Its title, place and reason never name a young person:
    they go into calendars, emails and notifications (the forms say so)."""

    title = models.CharField(_("title"), max_length=120)
    kind = models.ForeignKey(
        MeetingKind, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("kind")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("organiser"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_confirmed_at = models.DateTimeField(_("minutes confirmed"), null=True, blank=True)
    minutes_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped on every change of time or place: calendar apps replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def scope(self) -> str:
        """The scope of this meeting's case grants (cases.access)."""
        return f"meeting:{self.pk}"

    @property
    def day(self) -> date:
        return timezone.localdate(self.starts_at)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def minutes_confirmed(self) -> bool:
        return self.minutes_status == MinutesStatus.CONFIRMED


class Invitation(models.Model):
    """An agency invited, or one named person of it (the agency is always kept, so
    that participation can be counted per agency)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agency__name_kana", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                condition=Q(user__isnull=True),
                name="one_agency_invitation_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_person_invitation_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user or self.agency}"


class Attendance(models.Model):
    """Who came, recorded once the meeting has started (one row per invitation)."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        DEPUTY = "deputy", _("Sent a deputy")

    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, related_name="attendance"
    )
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)
    deputy_name = models.CharField(_("deputy's name"), max_length=60, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.presence}"

    @property
    def attended(self) -> bool:
        return self.presence in (self.Presence.PRESENT, self.Presence.DEPUTY)


@personal_data(
    person="case__young_person",
    fields=["prepared_text", "discussion", "decisions", "title"],
    safe=["label"],
)
class AgendaItem(models.Model):
    """One item of the agenda, with its minutes (discussion and decisions).

    A case item keeps the anonymised label as it was when the agenda was
    prepared (ages change; the minutes should not) and the text the organiser
    prepared for it: in an anonymised meeting that is all anyone sees of it.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        REPORT = "report", _("Report")
        CASE = "case", _("Case")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("title"), max_length=200, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("case"),
    )
    label = models.CharField(_("anonymised label"), max_length=80, blank=True)
    prepared_text = models.TextField(_("prepared information"), max_length=4000, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"), null=True, blank=True)
    discussion = models.TextField(_("discussion"), max_length=8000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="case", case__isnull=False)
                | (~Q(kind="case") & Q(case__isnull=True)),
                name="agenda_case_item_has_case",
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__isnull=True) | Q(planned_minutes__lte=600),
                name="agenda_planned_minutes_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.label if self.kind == self.Kind.CASE else self.title

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id} if self.case_id else {}

    @property
    def heading(self) -> str:
        """What every reader sees: the label for a case, the title otherwise."""
        return self.label or self.title


@personal_data(person="item__case__young_person", fields=[])
class MeetingCaseNote(models.Model):
    """A case-meeting note: the case note (kind "meeting") an attending practitioner
    logged from a case item. The text lives in the case's notes (cases)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="case_notes")
    note = models.OneToOneField(
        "cases.CaseNote", on_delete=models.PROTECT, related_name="meeting_note"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("case-meeting note")
        verbose_name_plural = _("case-meeting notes")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.note_id}"


@personal_data(
    person="item__case__young_person",
    fields=["situation", "progress", "policy", "plan_text"],
)
class CaseReviewRecord(models.Model):
    """The case review record (個別ケース検討会議 会議録, DOMAIN.md section 9).

    1 situation and problems; 2 progress, evaluation, new information; 3 policy
    and each agency's role (`roles`); 4 lead agency and main supporter;
    5 concrete methods and plan; plus the next review date. Confirming the
    minutes applies 3-5 to the case through cases.services.
    """

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="record")
    situation = models.TextField(
        _("the young person's situation and the problems confirmed"), max_length=4000, blank=True
    )
    progress = models.TextField(
        _("progress report, its evaluation and new information"), max_length=4000, blank=True
    )
    policy = models.TextField(_("support policy"), max_length=4000, blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead agency"),
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main supporter"),
    )
    plan_text = models.TextField(
        _("concrete support methods and plan"), max_length=4000, blank=True
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied to the case"), null=True, blank=True)

    class Meta:
        verbose_name = _("case review record")
        verbose_name_plural = _("case review records")

    def __str__(self) -> str:
        return str(self.item)


@personal_data(person="record__item__case__young_person", fields=["role_text"])
class RecordRole(models.Model):
    """One agency's agreed role in a case review record (役割分担)."""

    record = models.ForeignKey(CaseReviewRecord, on_delete=models.PROTECT, related_name="roles")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    role_text = models.TextField(_("agreed role"), max_length=1000)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agreed role")
        verbose_name_plural = _("agreed roles")
        constraints = [
            models.UniqueConstraint(fields=["record", "agency"], name="one_role_per_record_agency")
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.agency_id}"


@personal_data(person="case__young_person", fields=["what"])
class ActionItem(models.Model):
    """What the meeting decided someone does by when (who: an agency or a person)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due date"))
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("case"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(fields=["due_on"], name="action_open_due", condition=Q(done_on=None))
        ]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#action-{self.pk}"

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id} if self.case_id else {}

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    def is_overdue(self, on: date | None = None) -> bool:
        return self.is_open and self.due_on < (on or timezone.localdate())


@personal_data(person="item__case__young_person", fields=["text", "reason"])
class MinutesAmendment(models.Model):
    """A correction to confirmed minutes: the confirmed text stays as it was."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    text = models.TextField(_("correction"), max_length=4000)
    reason = models.CharField(_("reason for the correction"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("minutes amendment")
        verbose_name_plural = _("minutes amendments")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.at:%Y-%m-%d}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed: the secret in its address is the only key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    reset_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)

    def reset(self) -> None:
        self.token = _new_token()
        self.save(update_fields=["token", "reset_at"])
