"""The three statutory tiers (DOMAIN.md section 2); councils add their own kinds in the admin."""

from django.db import migrations

KINDS = [
    # name, tier, privacy, takes case items, order
    ("代表者会議", "representatives", "anonymised", False, 10),
    ("実務者会議", "practitioners", "anonymised", True, 20),
    ("個別ケース検討会議", "case_review", "personal", True, 30),
]


def seed(apps, schema_editor):
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for name, tier, privacy, cases, order in KINDS:
        MeetingKind.objects.get_or_create(
            name=name,
            defaults={
                "tier": tier,
                "privacy": privacy,
                "takes_case_items": cases,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
