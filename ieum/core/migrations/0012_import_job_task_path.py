"""The import task moved with the import jobs (ieum.enterprises.tasks → ieum.core.imports):
jobs queued or recorded under the old path point at the new one, so a worker still runs them,
a retry still works and the jobs page still shows their label."""

from django.db import migrations

OLD = "ieum.enterprises.tasks.run_import_job"
NEW = "ieum.core.imports.run_import_job"


def repoint(old: str, new: str):
    def run(apps, schema_editor):
        results = apps.get_model("django_tasks_database", "DBTaskResult").objects
        results.filter(task_path=old).update(task_path=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_import_job_table"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(repoint(OLD, NEW), repoint(NEW, OLD))]
