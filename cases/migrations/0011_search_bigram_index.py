"""A bigram index for two-character name searches (佐藤, 田中) on PostgreSQL.

pg_trgm finds no trigram in a two-character term, so such a search read
every young person. `tsunagu_bigrams(text)` lists a key's two-character
pieces; a GIN index over it answers `tsunagu_bigrams(search_key) @> '{佐藤}'`.
The index follows `search_key` by itself: erasing a name erases its pieces.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION tsunagu_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}'::text[])
  FROM generate_series(1, char_length(t) - 1) AS i
$$
"""


def add_bigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_youngperson_search_bigram "
        "ON cases_youngperson USING gin (tsunagu_bigrams(search_key))"
    )


def drop_bigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_youngperson_search_bigram")
        schema_editor.execute("DROP FUNCTION IF EXISTS tsunagu_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_case_unled_index")]

    operations = [migrations.RunPython(add_bigram_index, drop_bigram_index)]
