"""ImportJob now belongs to core (core's 0010 took over its table): enterprises forgets the
model and leaves the table and its rows alone."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0008_import_job_kind"),
        ("core", "0010_import_job_from_enterprises"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportJob")],
            database_operations=[],
        ),
    ]
