from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Enterprise = apps.get_model("enterprises", "Enterprise")
    Certification = apps.get_model("enterprises", "Certification")
    latest = (
        Certification.objects.filter(enterprise=OuterRef("pk"), certified_on__isnull=False)
        .order_by("-certified_on")
        .values("certified_on")[:1]
    )
    Enterprise.objects.update(latest_certified_on=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_add_latest_certified_on")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
