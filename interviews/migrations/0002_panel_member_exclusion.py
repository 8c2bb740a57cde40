"""No panel member in two overlapping slots, by the database: an exclusion constraint on
PostgreSQL (btree_gist lets one GiST index mix `member_id =` with the range overlap `&&`).
SQLite has no such constraint: there the service's check (under SQLite's single writer)
is the guard."""

from django.db import migrations

TABLE = "interviews_slotmember"
NAME = "slot_member_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(member_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
