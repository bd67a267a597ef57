"""함께누리 API (/api/mall/): the public catalog, a buyer's quotes and orders, a vendor's
products, orders and quote answers, one module per area, with the schemas in `schemas`.

The catalog is public (`auth=None`); everything else takes the personal bearer token. Who may
do what is the services' and `access`'s business, as on the pages: a buyer must be an approved
member (else 403), a vendor an approved one (else 403), and another party's order or quote is
not found (404). A service's ValidationError is a 422 with its Korean messages by field (see
ieum/api.py).

Each operation names its `operation_id`: the ids stay those the API had when it was one module
(`ieum_mall_api_<function>`), so clients generated from the OpenAPI document keep their names.
"""

from ninja import Router

from . import buyers, catalog, vendors

router = Router(tags=["함께누리"])
router.add_router("", catalog.router)
router.add_router("", buyers.router)
router.add_router("", vendors.router)
