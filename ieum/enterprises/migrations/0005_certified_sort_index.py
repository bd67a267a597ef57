"""The index behind '최근 인증순': newest certification first, enterprises without one last.

SQLite sorts NULL lowest, so a DESC index already puts them last and accepts no NULLS LAST;
PostgreSQL needs NULLS LAST spelled out for the index to serve the query's order.
"""

from django.db import migrations

FORWARD = {
    "sqlite": "CREATE INDEX enterprises_certified ON enterprises_enterprise "
    "(latest_certified_on DESC, name, id)",
    "postgresql": "CREATE INDEX enterprises_certified ON enterprises_enterprise "
    "(latest_certified_on DESC NULLS LAST, name, id)",
}


def forward(apps, schema_editor):
    statement = FORWARD.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS enterprises_certified")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0004_fill_latest_certified_on")]

    operations = [migrations.RunPython(forward, backward)]
