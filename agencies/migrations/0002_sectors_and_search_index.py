"""Default sectors (DOMAIN.md section 1) and a trigram index for directory search.

Sectors are data: councils rename, add or reorder them in the admin. The
index serves `search_key LIKE '%term%'` and exists only on PostgreSQL (the
SQLite demo database has few agencies and needs none).
"""

from django.db import migrations

SECTORS = [
    "教育",
    "児童福祉",
    "生活保護",
    "保健",
    "医療",
    "警察",
    "矯正・更生保護",
    "雇用・就労支援",
    "社会福祉協議会",
    "NPO・民間団体",
    "民生委員・児童委員",
    "行政",
    "その他",
]


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("agencies", "Sector")
    for order, name in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS agencies_agency_search_trgm "
        "ON agencies_agency USING gin (search_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS agencies_agency_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [
        migrations.RunPython(add_sectors, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
