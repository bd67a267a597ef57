"""No two confirmed bookings of one room overlap, said to PostgreSQL itself: an exclusion
constraint over (room, [starts_at, ends_at)). SQLite has no such constraint; there the booking
service checks inside an IMMEDIATE transaction, which serializes every writer."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE spaces_booking ADD CONSTRAINT spaces_booking_no_overlap
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status = 'confirmed');
"""
DROP = "ALTER TABLE spaces_booking DROP CONSTRAINT IF EXISTS spaces_booking_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
