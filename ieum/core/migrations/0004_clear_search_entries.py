"""Entries made before ids encoded their kind cannot be found any more: remove them.
`ieum search_reindex` writes them again (a fresh database has none to lose)."""

from django.db import migrations


def clear(apps, schema_editor):
    apps.get_model("core", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_entry_id_encodes_kind")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
