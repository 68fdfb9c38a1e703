from django.urls import reverse
from django.utils import timezone

from notifications.models import Delivery, Notification, Preference
from notifications.registry import kinds


def _notification(user, n=1, **fields):
    defaults = {
        "recipient": user,
        "kind": "task_due",
        "title": f"通知{n}",
        "label": "A-2026-0001 / 17歳",
        "url": "/cases/",
        "idempotency_key": f"view-test:{user.pk}:{n}",
    }
    return Notification.objects.create(**{**defaults, **fields})


def test_badge_counts_unread_notifications(client, personas):
    for n in range(3):
        _notification(personas.practitioner_a, n)
    _notification(personas.practitioner_a, 9, read_at=timezone.now())
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 3
    assert "未読 3 件" in response.text


def test_opening_marks_read_and_goes_to_the_target(client, personas):
    notification = _notification(personas.practitioner_a, url="/cases/42/#task-7")
    client.force_login(personas.practitioner_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(client, personas):
    notification = _notification(personas.practitioner_a)
    client.force_login(personas.practitioner_b)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert (
        client.post(reverse("notifications:mark-read", args=[notification.pk])).status_code == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outside_link_is_never_followed(client, personas):
    notification = _notification(personas.practitioner_a, url="https://evil.example/")
    client.force_login(personas.practitioner_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:index")


def test_mark_one_with_htmx_and_mark_all(client, personas):
    first, second = (
        _notification(personas.practitioner_a, 1),
        _notification(personas.practitioner_a, 2),
    )
    client.force_login(personas.practitioner_a)
    response = client.post(
        reverse("notifications:mark-read", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.text
    assert Notification.objects.get(read_at__isnull=True) == second
    client.post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_saved_per_kind(client, personas):
    client.force_login(personas.practitioner_a)
    data = {kind.key: Delivery.IMMEDIATE for kind in kinds()} | {"task_due": Delivery.DIGEST}
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert Preference.objects.get(user=personas.practitioner_a, kind="task_due").delivery == (
        Delivery.DIGEST
    )


def test_delivery_page_shows_failures_to_coordinators_and_retries(client, personas):
    failed = _notification(
        personas.practitioner_a, email_status=Notification.Email.FAILED, email_error="SMTP 550"
    )
    client.force_login(personas.coordinator)
    response = client.get(reverse("notifications:delivery"))
    assert "SMTP 550" in response.text
    client.post(reverse("notifications:retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.email_status == Notification.Email.PENDING
    client.force_login(personas.practitioner_a)
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 403


def test_delivery_page_shows_reminders_that_were_dropped(client, personas):
    from notifications.models import Reminder

    now = timezone.now()
    for n, reason in enumerate(["too late", "too late", "task finished"]):
        Reminder.objects.create(
            kind="task_due",
            source_id=n,
            basis="2026-12-01",
            due_at=now,
            sent_at=now,
            dropped_reason=reason,
        )
    client.force_login(personas.coordinator)
    page = client.get(reverse("notifications:delivery")).text
    assert "送信されなかったリマインダー" in page
    assert "遅すぎて送信できませんでした" in page
    assert "タスクが完了しました" in page


def test_a_late_notification_is_marked_in_the_list(client, personas):
    _notification(personas.practitioner_a, sent_late=True)
    client.force_login(personas.practitioner_a)
    assert "遅れて送信" in client.get(reverse("notifications:index")).text
