"""The import jobs' table and its check constraint take core's names (core_importjob)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_import_job_from_enterprises"),
        ("enterprises", "0009_import_job_to_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="importjob", table=None),
        migrations.RemoveConstraint(
            model_name="importjob", name="enterprises_importjob_processed_within_total"
        ),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("processed__lte", models.F("total"))),
                name="core_importjob_processed_within_total",
            ),
        ),
    ]
