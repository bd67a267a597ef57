"""Every write of the mall, one module per area. Importing the package registers the catalog's
search kind (`ieum search_reindex` finds it through `autodiscover_modules("services")`)."""

from . import catalog, institutions, orders, promotions, vendors  # noqa: F401
