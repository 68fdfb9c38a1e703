"""What the system tells people, and the reminders that will tell them.

A Reminder is a row with `due_at`: nothing waits in the broker. What it is
about is a reminder source that another app registered (notifications.registry). The beat
sweep claims due rows and turns each into Notifications (one per recipient)
in the same transaction, so an in-app notification exists exactly once. A
Notification's email goes out afterwards, claimed row by row, at least once
(see docs/operations.md for the guarantees).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.registry import kind_label


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    IMMEDIATE = "immediate", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in a daily digest email")


class Reminder(models.Model):
    """Something due in the future, resolved into recipients when it fires.

    `kind` names the reminder source (notifications.registry) and thereby the
    model `source_id` points at: one pending reminder per source row and kind.
    """

    kind = models.CharField(_("kind"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("source"))
    # What the reminder counts from (the source's basis: a task's due date, a
    # meeting's start): if the source's basis changed, the reminder is stale.
    basis = models.CharField(_("counted from"), max_length=40)
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dropped_reason = models.CharField(_("dropped because"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(fields=["due_at"], name="reminder_unsent_due", condition=Q(sent_at=None)),
            models.Index(fields=["source_id", "kind"], name="reminder_source"),
            # the delivery page's "not sent" table: recent drops only
            models.Index(
                fields=["sent_at"], name="reminder_dropped", condition=~Q(dropped_reason="")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id"],
                condition=Q(sent_at=None),
                name="one_pending_reminder_per_source_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.source_id} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class EmailOutbox(models.Model):
    """The sending state of a row that is an email outbox (notifications.email)."""

    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    # The claim of one sender; it renews the claim just before each message
    # and marks the row only while the token is still its own.
    email_claim = models.UUIDField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class Notification(EmailOutbox):
    class Email(models.TextChoices):
        NONE = "none", _("No email")
        PENDING = "pending", _("Waiting to be sent")
        DIGEST = "digest", _("Waiting for the daily digest")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # A notification holds no free text about a person: a title from its kind,
    # a case's anonymised label and a link; the page behind the link decides
    # what the reader may see now. The same three go into emails.
    title = models.CharField(_("title"), max_length=120)
    label = models.CharField(_("case"), max_length=80, blank=True)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Made by a sweep that ran long after the reminder was due (workers were
    # down): shown and emailed with a "sent late" mark.
    sent_late = models.BooleanField(_("sent late"), default=False)
    reminder = models.ForeignKey(
        Reminder, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    # One notification per reminder and recipient, whatever retries happen.
    idempotency_key = models.CharField(max_length=80, unique=True)
    email_status = models.CharField(
        _("email"), max_length=10, choices=Email.choices, default=Email.NONE
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # Each user's notifications, newest first (the notification centre).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=Q(read_at=None),
            ),
            models.Index(
                fields=["email_next_attempt_at"],
                name="notification_email_pending",
                condition=Q(email_status="pending"),
            ),
            models.Index(
                fields=["recipient"],
                name="notification_digest",
                condition=Q(email_status="digest"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    def get_absolute_url(self) -> str:
        """Where the notification leads (opening it in the app also marks it read)."""
        return self.url

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def subject(self) -> str:
        """The title, marked when the reminder went out late."""
        if self.sent_late:
            return str(_("[Sent late] %(title)s")) % {"title": self.title}
        return self.title


class Preference(models.Model):
    """How a user wants to hear about one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestRun(models.Model):
    """The daily digest of one user on one day: claimed once, sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class OutgoingEmail(EmailOutbox):
    """An email that is not a notification (password reset): the same outbox rules.

    It is sent by the same senders as notifications' emails (claimed, retried,
    a 5xx fails it at once) and a failure shows on the delivery page. The body
    holds a password-reset link, so it is erased as soon as the email is sent
    or has failed: only the address, the subject and the outcome stay.
    """

    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("recipient address"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    message_id = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    email_status = models.CharField(
        _("email"),
        max_length=10,
        choices=[
            (Notification.Email.PENDING, Notification.Email.PENDING.label),
            (Notification.Email.SENT, Notification.Email.SENT.label),
            (Notification.Email.FAILED, Notification.Email.FAILED.label),
        ],
        default=Notification.Email.PENDING,
    )

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["email_next_attempt_at"],
                name="outgoing_email_pending",
                condition=Q(email_status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"
