"""The public catalog: the mall's home, search with facets, product, vendor and category pages.
Public on purpose: anyone may browse the mall; buying needs an approved buyer account."""

from django.http import Http404, QueryDict
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..access import is_approved_buyer
from ..choices import TaxType
from ..models import Product, Vendor
from ..selectors import catalog as selectors
from ..selectors.promotions import current_promotions

# Facet → query parameter, and whether several values may be chosen at once.
FACET_PARAMS = {
    "certification": ("cert", True),
    "vendor_kind": ("kind", True),
    "district": ("district", True),
    "price_band": ("price", False),
}


def _page(params: QueryDict) -> int:
    page = params.get("page", "1")
    return int(page) if page.isdigit() else 1


def search_arguments(params: QueryDict) -> dict:
    """product_search's keyword arguments from a query string (unknown values are ignored
    by the selector)."""
    return {
        "q": params.get("q", "").strip()[:100],
        "category": params.get("category", ""),
        "certifications": params.getlist("cert"),
        "vendor_kinds": params.getlist("kind"),
        "districts": params.getlist("district"),
        "price_band": params.get("price", ""),
        "sort": params.get("sort", "relevance"),
        "page": _page(params),
    }


def _toggled(params: QueryDict, name: str, value: str, multiple: bool) -> str:
    """The query string with `value` of `name` switched on or off, back on the first page."""
    query = params.copy()
    query.pop("page", None)
    values = query.getlist(name)
    if value in values:
        values.remove(value)
    elif multiple:
        values.append(value)
    else:
        values = [value]
    query.setlist(name, values)
    return "?" + query.urlencode()


def _without(params: QueryDict, *names: str) -> str:
    query = params.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def facet_links(params: QueryDict, facets: dict) -> list[dict]:
    """Each facet with its entries and, for each entry, the link that toggles it; a category
    links to its own page, keeping the other filters."""
    titles = {
        "category": _("카테고리"),
        "certification": _("상품 인증"),
        "vendor_kind": _("기업 유형"),
        "district": _("기업 소재지"),
        "price_band": _("가격대"),
    }
    groups = []
    others = _without(params, "category")
    for key, entries in facets.items():
        if not entries:
            continue
        if key == "category":
            links = [
                f"{reverse('mall:category-detail', args=[facet.value])}?{others}"
                for facet in entries
            ]
        else:
            name, multiple = FACET_PARAMS[key]
            links = [_toggled(params, name, facet.value, multiple) for facet in entries]
        groups.append(
            {
                "key": key,
                "title": titles[key],
                "entries": [
                    {"facet": facet, "url": url} for facet, url in zip(entries, links, strict=True)
                ],
            }
        )
    return groups


def active_filters(params: QueryDict) -> list[tuple[str, str]]:
    """(name, value) of the chosen filters, kept as hidden inputs of the search form."""
    names = ["category", *(name for name, _multiple in FACET_PARAMS.values())]
    return [(name, value) for name in names for value in params.getlist(name) if value]


class SearchPageMixin:
    """Search results with facets; htmx requests get only the results."""

    results_template = "mall/catalog/_search_results.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return [self.results_template]
        return [self.template_name]

    def search_context(self, params: QueryDict, **overrides) -> dict:
        arguments = {**search_arguments(params), **overrides}
        result = selectors.product_search(**arguments)
        everywhere = _without(params, "category")
        return {
            "result": result,
            "q": arguments["q"],
            "all_categories_url": f"{reverse('mall:product-search')}?{everywhere}",
            "facet_groups": facet_links(params, result.facets),
            "hidden_filters": active_filters(params),
            "sorts": list(selectors.SORTS.items()),
        }


class MallHomeView(TemplateView):
    """Categories, the search box, the running promotions and the newest products (public)."""

    template_name = "mall/catalog/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "categories": selectors.category_tree(),
            "products": selectors.newest_products(12),
            "promotions": current_promotions(timezone.localdate()),
        }


class ProductSearchView(SearchPageMixin, TemplateView):
    template_name = "mall/catalog/search.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **self.search_context(self.request.GET),
            "search_url": self.request.path,
        }


class CategoryDetailView(SearchPageMixin, TemplateView):
    """A category's page: the search, filtered to the category and everything under it."""

    template_name = "mall/catalog/search.html"

    def get_context_data(self, **kwargs):
        if not selectors.category_exists(kwargs["pk"]):
            raise Http404(_("카테고리를 찾을 수 없습니다."))
        context = self.search_context(self.request.GET, category=kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            **context,
            "search_url": self.request.path,
        }


class ProductDetailView(TemplateView):
    template_name = "mall/catalog/product_detail.html"

    def get_context_data(self, **kwargs):
        try:
            product = selectors.product_detail(kwargs["pk"])
        except Product.DoesNotExist:
            raise Http404(_("판매 중인 상품이 아닙니다.")) from None
        return {
            **super().get_context_data(**kwargs),
            "product": product,
            "is_exempt": product.tax_type == TaxType.EXEMPT,
            "can_buy": is_approved_buyer(self.request.user),
        }


class VendorDetailView(TemplateView):
    """A vendor's public profile and its products on sale."""

    template_name = "mall/catalog/vendor_detail.html"

    def get_context_data(self, **kwargs):
        try:
            vendor = selectors.vendor_profile(kwargs["pk"])
        except Vendor.DoesNotExist:
            raise Http404(_("입점기업을 찾을 수 없습니다.")) from None
        result = selectors.product_search(
            vendor=vendor, sort="newest", page=_page(self.request.GET)
        )
        return {**super().get_context_data(**kwargs), "vendor": vendor, "result": result}


urlpatterns = [
    path("", MallHomeView.as_view(), name="home"),
    path("search/", ProductSearchView.as_view(), name="product-search"),
    path("products/<int:pk>/", ProductDetailView.as_view(), name="product-detail"),
    path("vendors/<int:pk>/", VendorDetailView.as_view(), name="vendor-detail"),
    path("categories/<int:pk>/", CategoryDetailView.as_view(), name="category-detail"),
]
