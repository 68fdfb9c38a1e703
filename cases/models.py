"""Young people, their cases, case teams, support plans and practitioners' notes.

Everything here is personal data (DOMAIN.md section 5): read it through
cases.selectors, change it through cases.services, never hard-delete it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat, TruncYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.retention import REDACTED, personal_data
from core.text import SearchKeyMixin


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def anonymised_label(number: str, date_of_birth: date, gender: str) -> str:
    """ "A-2026-0042 / 17歳 / 男性": a case as higher tiers and exports see it, no name."""
    parts = [f"{settings.CASE_LABEL_PREFIX}-{number}"]
    parts.append(gettext("%(age)d yrs") % {"age": age_on(date_of_birth, timezone.localdate())})
    if gender != Gender.UNRECORDED:
        parts.append(str(Gender(gender).label))
    return " / ".join(parts)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")
    UNRECORDED = "unrecorded", _("Not recorded")


class Disclosure(models.IntegerChoices):
    """How much of a case a user may see (the levels of cases.access)."""

    NONE = 0, _("Nothing")
    LABEL = 1, _("The anonymised label and what is shared")
    PERSONAL = 2, _("Personal data")
    MANAGE = 3, _("Personal data and management")


class DailyStatus(models.TextChoices):
    """What the young person does with their days (school or work status)."""

    IN_SCHOOL = "in_school", _("At school")
    NOT_ATTENDING = "not_attending", _("Not attending school")
    WORKING = "working", _("Working")
    NOT_WORKING = "not_working", _("Not in work or education")
    TRAINING = "training", _("In training or job seeking")
    OTHER = "other", _("Other")


@personal_data(
    person="",
    fields={
        "family_name": _("Anonymised"),
        "given_name": Concat(Value("#"), Cast("pk", output_field=CharField())),
        "family_name_kana": "",
        "given_name_kana": "",
        "date_of_birth": TruncYear("date_of_birth"),  # the year stays, for statistics
        "phone": "",
        "address": "",
        "school_or_workplace": "",
        "family_situation": "",
        "search_key": "",
    },
)
class YoungPerson(SearchKeyMixin, models.Model):
    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=60)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=60)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.UNRECORDED
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    daily_status = models.CharField(
        _("school or work status"), max_length=20, choices=DailyStatus.choices, blank=True
    )
    school_or_workplace = models.CharField(_("school or workplace"), max_length=120, blank=True)
    family_situation = models.TextField(_("family situation"), blank=True, max_length=4000)
    consent_to_share = models.BooleanField(
        _("consents to sharing information inside the council"), default=False
    )
    consent_date = models.DateField(_("date of consent"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # Names and kana folded by core.text.search_normalize, for duplicate
    # checks and search (trigram-indexed on PostgreSQL).
    search_key = models.CharField(max_length=300, editable=False, default="")
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # A duplicate record of the same person, merged: its cases moved to this one.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        editable=False,
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["family_name_kana", "given_name_kana"]
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        indexes = [models.Index(fields=["date_of_birth"], name="youngperson_dob")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("cases:person", kwargs={"pk": self.pk})

    def search_text(self) -> str:
        return f"{self.family_name}{self.given_name} {self.family_name_kana}{self.given_name_kana}"

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}"

    @property
    def age(self) -> int:
        return age_on(self.date_of_birth, timezone.localdate())


class PresentingIssue(models.Model):
    """A tag for what brought the case (ひきこもり, 不登校...): data, not code."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("presenting issue")
        verbose_name_plural = _("presenting issues")

    def __str__(self) -> str:
        return self.name


class CaseNumber(models.Model):
    """The last case number given out in a fiscal year.

    Numbers come from this row under a row lock, in the same transaction that
    creates the case: concurrent openings queue, and a rolled-back opening
    gives its number back, so numbers are unique and gap-free.
    """

    fiscal_year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last_number}"


@personal_data(
    person="young_person",
    fields={"summary": REDACTED, "closure_note": "", "referral_source_note": ""},
    safe=["number"],
)
class Case(models.Model):
    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ASSESSMENT = "assessment", _("Assessment")
        ACTIVE = "active", _("Active support")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Closed")

    class ClosureReason(models.TextChoices):
        GOAL_REACHED = "goal_reached", _("Goal reached")
        MOVED_AWAY = "moved_away", _("Moved away")
        TRANSFERRED = "transferred", _("Transferred to another body")
        NO_CONTACT = "no_contact", _("No contact")
        OTHER = "other", _("Other")

    class ReferralSource(models.TextChoices):
        SELF = "self", _("The young person")
        FAMILY = "family", _("Family")
        SCHOOL = "school", _("School")
        COMMUNITY = "community", _("Community (neighbours, welfare volunteers)")
        AGENCY = "agency", _("An agency")
        OTHER = "other", _("Other")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="cases", verbose_name=_("young person")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("case number"), max_length=12, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTAKE
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closure note"), blank=True, max_length=2000)
    presenting_issues = models.ManyToManyField(
        PresentingIssue, blank=True, related_name="cases", verbose_name=_("presenting issues")
    )
    referral_source = models.CharField(
        _("referral source"), max_length=20, choices=ReferralSource.choices
    )
    referral_source_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referring agency"),
    )
    referral_source_note = models.CharField(_("referral details"), max_length=200, blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=Risk.choices, default=Risk.LOW
    )
    summary = models.TextField(_("situation and problems confirmed"), blank=True, max_length=8000)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("lead agency"),
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_cases",
        verbose_name=_("key worker"),
    )
    last_reviewed_on = models.DateField(_("last review"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # Sort keys of the ledger, stored so that each sort is an index scan over
    # the open cases instead of a count grouped over all of them (issue 12).
    # The oldest open task's due date is kept by cases.services whenever a
    # task is added, moved or finished; the risk rank follows the risk level
    # in the database itself.
    oldest_open_task_due = models.DateField(null=True, blank=True, editable=False)
    risk_rank = models.GeneratedField(
        expression=models.Case(
            models.When(risk_level="high", then=models.Value(3)),
            models.When(risk_level="medium", then=models.Value(2)),
            default=models.Value(1),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Left by cases.access.case_for: the level of the user who loaded the case.
    disclosure: Disclosure

    class Meta:
        ordering = ["-fiscal_year", "-sequence"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "sequence"], name="case_number_unique"),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="closed_case_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="case_status"),
            # The ledger's sorts (cases.selectors.LEDGER_SORTS), open cases only;
            # with the id, a page is cut by an index-only scan, however deep.
            models.Index(
                fields=["next_review_on", "fiscal_year", "sequence"],
                name="ledger_by_review",
                condition=~Q(status="closed"),
                include=["id"],
            ),
            # The office's home: open cases past intake without a lead or key worker.
            models.Index(
                fields=["opened_on", "id"],
                name="case_unled",
                condition=~Q(status="closed")
                & ~Q(status="intake")
                & (Q(lead_agency__isnull=True) | Q(key_worker__isnull=True)),
            ),
            # The office's home: new intakes nobody has taken on yet, oldest first.
            models.Index(
                fields=["opened_on", "id"],
                name="case_intake_unassigned",
                condition=Q(status="intake", key_worker__isnull=True),
            ),
            models.Index(
                fields=["fiscal_year", "sequence"],
                name="ledger_by_number",
                condition=~Q(status="closed"),
                include=["id"],
            ),
            models.Index(
                fields=["oldest_open_task_due", "fiscal_year", "sequence"],
                name="ledger_by_oldest_task",
                condition=~Q(status="closed"),
                include=["id"],
            ),
            models.Index(
                fields=["-risk_rank", "next_review_on", "fiscal_year", "sequence"],
                name="ledger_by_risk",
                condition=~Q(status="closed"),
                include=["id"],
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"pk": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def is_due_for_review(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.is_open and self.next_review_on is not None and self.next_review_on <= day

    @property
    def anonymised_label(self) -> str:
        """The case as higher tiers see it: "A-2026-0042 / 17歳 / 男性", no name.

        Needs `young_person` loaded (select_related) but reveals only the age
        and the gender as recorded.
        """
        person = self.young_person
        return anonymised_label(self.number, person.date_of_birth, person.gender)


@personal_data(person="case__young_person", fields=["role_text", "consent_override_reason"])
class CaseTeamMember(models.Model):
    """An agency on a case's team, with its agreed role (役割分担).

    Removing an agency sets `removed_at` (history kept); its practitioners
    lose need-to-know access at once, since the access policy only counts
    current members.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="team")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="case_teams",
        verbose_name=_("agency"),
    )
    role_text = models.TextField(_("agreed role"), max_length=1000, blank=True)
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="case_memberships",
        verbose_name=_("named practitioners"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Joined although the young person had not consented to sharing: why, and
    # which coordinator decided it (DOMAIN.md section 5).
    consent_override_reason = models.TextField(
        _("reason for joining without consent"), max_length=1000, blank=True
    )
    consent_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("case team member")
        verbose_name_plural = _("case team")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=Q(removed_at__isnull=True),
                name="one_current_membership_per_agency",
            )
        ]
        indexes = [
            # A practitioner's visible cases: `pk IN (current team rows of the
            # agency)` reads only this agency's slice (cases.access).
            models.Index(
                fields=["agency", "case"],
                name="team_current_by_agency",
                condition=Q(removed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.agency}"

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id}


@personal_data(person="case__young_person", fields=["policy"])
class SupportPlan(models.Model):
    """The agreed plan of a case: the policy, its goals and who does what."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    policy = models.TextField(_("support policy"), blank=True, max_length=4000)
    review_on = models.DateField(_("plan review date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self) -> str:
        return gettext("Plan for %(case)s") % {"case": self.case_id}

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id}


@personal_data(person="plan__case__young_person", fields=["text"])
class PlanGoal(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.plan.case_id}


@personal_data(person="plan__case__young_person", fields=["description"])
class PlanTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="tasks")
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("goal"),
    )
    description = models.CharField(_("task"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_tasks",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(
                fields=["due_on"],
                name="plantask_open_due",
                condition=Q(status__in=["open", "in_progress"]),
            )
        ]

    def __str__(self) -> str:
        return self.description

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.plan.case_id}

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, on: date | None = None) -> bool:
        return self.is_open and self.due_on < (on or timezone.localdate())


@personal_data(person="case__young_person", fields=["text", "place", "amend_reason"])
class CaseNote(models.Model):
    """A practitioner's record of contact (経過記録).

    Never deleted or edited: a correction is a new note that `amends` the
    original, and the team sees both.
    """

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit / outreach")
        INTERVIEW = "interview", _("Interview")
        PHONE = "phone", _("Phone")
        FAMILY = "family", _("Family contact")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Met(models.TextChoices):
        """Who was actually met (an outreach visit often finds no one at the door)."""

        PERSON = "person", _("The young person")
        FAMILY_ONLY = "family_only", _("Family only")
        NOBODY = "nobody", _("Nobody (not at home)")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    contact_on = models.DateField(_("date of contact"))
    contact_time = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=100, blank=True)
    met = models.CharField(_("who was met"), max_length=20, choices=Met.choices, blank=True)
    text = models.TextField(_("record"), max_length=settings.CASE_NOTE_MAX_LENGTH)
    next_contact_on = models.DateField(_("next planned contact"), null=True, blank=True)
    amend_reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-contact_on", "-created_at"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        indexes = [
            models.Index(fields=["case", "-contact_on", "-created_at"], name="note_timeline")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="note_duration_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.contact_on} {self.get_kind_display()}"

    @property
    def latest_amendment(self) -> "CaseNote | None":
        """The newest correction (uses prefetched `amendments`, oldest first)."""
        amendments = list(self.amendments.all())
        return amendments[-1] if amendments else None

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id}


@personal_data(person="case__young_person", fields=[], safe=["scope"])
class CaseGrant(models.Model):
    """An explicit, audited opening of a case to someone outside its team.

    Apps above cases create grants for their own scope: a referral's
    receiving agency sees the anonymised label and what the sender shared
    until it accepts ("referral:12"); a case review meeting's invitees see
    the personal data on that meeting's pages ("meeting:5"). A grant counts
    only within its scope (cases.access), ends when its owner ends it, and
    may expire by itself.
    """

    LEVELS = [(d.value, d.label) for d in (Disclosure.LABEL, Disclosure.PERSONAL)]

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="grants")
    scope = models.CharField(_("scope"), max_length=60)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("case access grant")
        verbose_name_plural = _("case access grants")
        indexes = [
            models.Index(fields=["case", "scope"], name="casegrant_scope"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(user__isnull=False),
                name="casegrant_has_grantee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.scope}"

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id}


class LedgerExport(models.Model):
    """A ledger export too large to build during the request (issue 12).

    A Celery task (cases.tasks) writes the file and tells its owner; only the
    owner may fetch it, and it is removed after LEDGER_EXPORT_KEEP_HOURS. The
    row stays as a record (no hard delete); the cases it held are in the audit
    log, written when the file was built.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fmt = models.CharField(max_length=10)
    filters = models.JSONField(default=dict)
    with_names = models.BooleanField(default=False)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ledger export")
        verbose_name_plural = _("ledger exports")
        indexes = [
            models.Index(
                fields=["expires_at"], name="ledger_export_ready", condition=Q(status="ready")
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.fmt} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("cases:ledger-export-file", kwargs={"pk": self.pk})

    @property
    def download_name(self) -> str:
        return f"ledger-{timezone.localtime(self.created_at):%Y%m%d}.{self.fmt}"
