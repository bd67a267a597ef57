"""The public catalog (`auth=None`): product search with facets, and a product's page."""

from django.utils.translation import gettext as _
from ninja import Query, Router

from ieum.core.api import Id

from ..selectors import catalog as catalog_selectors
from .common import found, with_category_paths
from .schemas import ProductDetailOut, ProductSearchOut, ProductSearchQuery

router = Router()


@router.get(
    "/products",
    response=ProductSearchOut,
    auth=None,
    summary="상품 검색",
    operation_id="ieum_mall_api_product_search",
)
def product_search(request, params: Query[ProductSearchQuery]):
    """Korean search over name, description, vendor and category (spacing and particles do
    not matter), with filters, a sort, a page and the facet counts of the results."""
    result = catalog_selectors.product_search(**params.dict())
    with_category_paths(result.products)
    return result


@router.get(
    "/products/{product_id}",
    response=ProductDetailOut,
    auth=None,
    summary="상품 정보",
    operation_id="ieum_mall_api_product_detail",
)
def product_detail(request, product_id: Id):
    with found(_("판매 중인 상품이 아닙니다.")):
        return catalog_selectors.product_detail(product_id)
