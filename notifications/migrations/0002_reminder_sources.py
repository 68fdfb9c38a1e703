"""Reminders point at their source by kind and id, not one foreign key per source.

notifications no longer knows the domain apps: a reminder's kind names the
reminder source an app registered, and `source_id` the row it follows (a
task for the task kinds, a case for the review kinds); `basis` (was
`source_date`) what it counts from. Notifications lose
`body`: a notification about a case carries no free text about the person.
"""

from django.db import migrations, models
from django.db.models import F, Q


def copy_sources(apps, schema_editor):
    Reminder = apps.get_model("notifications", "Reminder")
    Reminder.objects.filter(task__isnull=False).update(source_id=F("task_id"))
    Reminder.objects.filter(task__isnull=True).update(source_id=F("case_id"))
    for reminder in Reminder.objects.all().iterator():
        reminder.basis = reminder.source_date.isoformat()
        reminder.save(update_fields=["basis"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="source_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="basis",
            field=models.CharField(default="", max_length=40, verbose_name="counted from"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_sources, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="reminder", name="one_pending_reminder_per_task_kind"),
        migrations.RemoveConstraint(model_name="reminder", name="one_pending_reminder_per_case_kind"),
        migrations.RemoveField(model_name="reminder", name="case"),
        migrations.RemoveField(model_name="reminder", name="task"),
        migrations.RemoveField(model_name="reminder", name="source_date"),
        migrations.AlterField(
            model_name="reminder",
            name="source_id",
            field=models.PositiveBigIntegerField(verbose_name="source"),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=Q(sent_at=None),
                fields=("kind", "source_id"),
                name="one_pending_reminder_per_source_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(fields=["source_id", "kind"], name="reminder_source"),
        ),
        migrations.RemoveField(model_name="notification", name="body"),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="preference",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
    ]
