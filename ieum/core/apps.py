from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **kwargs) -> None:
    """The database cache's table (CACHES without Redis) is made by every `migrate`, so set-up
    stays one command; it does nothing when the table exists or another backend is used."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "ieum.core"
    verbose_name = "공통"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="ieum-cache-table")
