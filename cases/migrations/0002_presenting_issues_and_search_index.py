"""Default presenting issues, and a trigram index for searching young people.

Issues are data: councils add or rename them in the admin. The index serves
`search_key LIKE '%term%'` on PostgreSQL only (the SQLite demo needs none).
"""

from django.db import migrations

ISSUES = [
    "ひきこもり",
    "不登校",
    "若年無業（ニート）",
    "高校中退",
    "非行・触法",
    "家庭環境",
    "虐待・ヤングケアラー",
    "精神的な不調",
    "発達特性",
    "生活困窮",
    "就労の困難",
    "その他",
]


def add_issues(apps, schema_editor):
    PresentingIssue = apps.get_model("cases", "PresentingIssue")
    for order, name in enumerate(ISSUES, start=1):
        PresentingIssue.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_youngperson_search_trgm "
        "ON cases_youngperson USING gin (search_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_youngperson_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(add_issues, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
