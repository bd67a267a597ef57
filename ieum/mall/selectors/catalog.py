"""The catalog's reads: Korean product search with facets, product and vendor pages, the
category tree. Written for 150,000 products: every facet is one grouped query on the
denormalised Product columns, and nothing loops over product rows in Python.

Facets count the current results, each one ignoring its own selection (so ticking 친환경
still shows how many 녹색인증 products there are), except the category facet, which drills
down: it counts the children of the selected category (or the top-level categories when none
is selected) within the current results.
"""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, Prefetch, Q, QuerySet
from django.db.models.lookups import GreaterThan, In
from django.utils.translation import gettext_noop

from ieum.core import search
from ieum.core.districts import DISTRICT_NAMES
from ieum.enterprises.choices import EnterpriseKind

from ..choices import (
    PRICE_BAND_BOUNDS,
    PriceBand,
    ProductCertification,
    ProductStatus,
    VendorStatus,
)
from ..models import Category, Product, Vendor
from ..services.catalog import CATALOG_VERSION_KEY, CERTIFICATION_BITS, PRODUCT_KIND
from ..services.vendors import KIND_PRIORITY

PER_PAGE = 24
SORTS = {
    "relevance": gettext_noop("정확도순"),
    "newest": gettext_noop("최신순"),
    "price_asc": gettext_noop("낮은 가격순"),
    "price_desc": gettext_noop("높은 가격순"),
    "sales": gettext_noop("판매 많은 순"),
}
_ORDER = {
    "newest": ["-published_at", "-id"],
    "price_asc": ["price_won", "id"],
    "price_desc": ["-price_won", "-id"],
    "sales": ["-sales_won", "-id"],
}
# Counting facets over the whole catalog costs tens of milliseconds; the counts of a given
# search are kept this long (and dropped at once when the catalog changes, services.catalog).
FACET_CACHE_SECONDS = 60
# Above this many results, SQLite reads a page of a word search along the sort's index.
DENSE_MATCHES = 1000


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class CategoryNode:
    id: int
    name: str
    parent_id: int | None
    children: list["CategoryNode"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id


@dataclass
class CategoryTree:
    """The whole category tree from one query: roots in order, and every node by id."""

    roots: list[CategoryNode]
    nodes: dict[int, CategoryNode]

    def path(self, category_id: int) -> list[CategoryNode]:
        """From the root down to the category."""
        path = []
        node = self.nodes.get(category_id)
        while node is not None:
            path.append(node)
            node = self.nodes.get(node.parent_id)
        return path[::-1]

    def descendant_ids(self, category_id: int) -> list[int]:
        ids, todo = [], [self.nodes[category_id]]
        while todo:
            node = todo.pop()
            ids.append(node.id)
            todo.extend(node.children)
        return ids


@dataclass
class ProductSearchResult:
    products: list[Product]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict[str, list[Facet]]
    sort: str
    category: CategoryNode | None = None
    category_path: list[CategoryNode] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def category_index() -> CategoryTree:
    """The whole category tree from one query, with every node by id."""
    nodes = {
        pk: CategoryNode(pk, name, parent_id)
        for pk, name, parent_id in Category.objects.order_by("sort_order", "name").values_list(
            "pk", "name", "parent_id"
        )
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        (parent.children if parent else roots).append(node)
    return CategoryTree(roots, nodes)


def category_tree() -> list[CategoryNode]:
    """The top-level categories, each with its `children` (one query)."""
    return category_index().roots


def _hidden_vendor_ids() -> list[int]:
    return list(
        Vendor.objects.exclude(status=VendorStatus.APPROVED).order_by().values_list("pk", flat=True)
    )


def listed_products() -> QuerySet[Product]:
    """Products on sale: published, of an approved vendor.

    The few vendors that are not approved are read first and excluded by id, which lets
    both databases answer from the product table's own indexes without a join per row.
    """
    queryset = Product.objects.filter(status=ProductStatus.PUBLISHED)
    hidden = _hidden_vendor_ids()
    return queryset.exclude(vendor_id__in=hidden) if hidden else queryset


def _labels(choices) -> dict[str, str]:
    return {value: label for value, label in choices}


def _id(value) -> int | None:
    if isinstance(value, Category | CategoryNode):
        return value.pk
    if isinstance(value, int):
        return value
    text = str(value or "")
    return int(text) if text.isdigit() else None


def product_search(
    *,
    q: str = "",
    category=None,
    certifications=(),
    vendor_kinds=(),
    districts=(),
    price_band: str = "",
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    vendor: Vendor | None = None,
) -> ProductSearchResult:
    """Listed products matching the query (Korean morphemes, see ieum.core.search) and the
    filters, one page in the chosen order, with facet counts.

    Within a facet the selected values are alternatives (친환경 or 녹색인증); facets combine
    with AND. `relevance` puts the products whose name holds every query word first, then
    the newest; without a query it is the newest first.
    """
    tree = category_index()
    category_id = _id(category)
    selected_category = tree.nodes.get(category_id) if category_id else None
    certifications = [c for c in certifications if c in ProductCertification.values]
    vendor_kinds = [k for k in vendor_kinds if k in EnterpriseKind.values]
    districts = [d for d in districts if d in DISTRICT_NAMES]
    price_band = price_band if price_band in PriceBand.values else ""
    sort = sort if sort in SORTS else "relevance"

    # Each filter as a Q over Product, keyed by the facet it belongs to.
    filters: dict[str, Q] = {}
    tokens = search.query_tokens(q) if q.strip() else []
    matching = search.matching_ids(PRODUCT_KIND, q) if tokens else None
    if tokens:
        filters["q"] = Q(pk__in=matching)
    if vendor is not None:
        filters["vendor"] = Q(vendor_id=vendor.pk)
    if selected_category is not None:
        filters["category"] = Q(category_id__in=tree.descendant_ids(selected_category.id))
    if certifications:
        filters["certification"] = _flags_condition(certifications)
    if vendor_kinds:
        filters["vendor_kind"] = Q(vendor_kind__in=vendor_kinds)
    if districts:
        filters["district"] = Q(district__in=districts)
    if price_band:
        filters["price_band"] = _band_condition(price_band)

    hidden = _hidden_vendor_ids()

    def results(ignoring: str = "", scope: str = "listed") -> QuerySet[Product]:
        """The published products matching every filter but `ignoring`'s: of approved
        vendors ("listed"), of every vendor ("all") or of the hidden vendors only."""
        queryset = Product.objects.filter(status=ProductStatus.PUBLISHED)
        if scope == "listed" and hidden:
            queryset = queryset.exclude(vendor_id__in=hidden)
        elif scope == "hidden":
            queryset = queryset.filter(vendor_id__in=hidden)
        for key, condition in filters.items():
            if key != ignoring:
                queryset = queryset.filter(condition)
        return queryset

    key = _cache_key(
        q=" ".join(tokens),
        category=selected_category.id if selected_category else None,
        certifications=sorted(certifications),
        vendor_kinds=sorted(vendor_kinds),
        districts=sorted(districts),
        price_band=price_band,
        vendor=vendor.pk if vendor else None,
    )
    counted = cache.get(key)
    if counted is None:
        counted = _count(results, set(filters), bool(hidden), tree, selected_category)
        cache.set(key, counted, timeout=FACET_CACHE_SECONDS)
    band_counts, category_counts, certification_counts, kind_counts, district_counts = counted
    total = band_counts[price_band] if price_band else sum(band_counts.values())
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)

    offset = (page - 1) * per_page
    listing = results()
    if tokens and total > DENSE_MATCHES and connection.vendor == "sqlite":
        # Many matches: walk the sort's own index and test each row against the matches,
        # rather than fetch every matching row and sort them all (10× faster at 20,000).
        listing = results(ignoring="q").filter(In(_Unindexed(F("pk")), matching))
    # Vendors prefetched, not joined: a join makes SQLite sort every result.
    listing = listing.prefetch_related("vendor__enterprise", *_CARD_PREFETCH).defer("description")
    if not total:
        products = []
    elif sort == "relevance" and tokens:
        in_name = Q(*[Q(name__icontains=token) for token in tokens])
        name_count = None if page == 1 else _name_count(key, results().filter(in_name))
        products = _name_matches_first(listing, in_name, name_count, offset, per_page)
    else:
        order = _ORDER.get(sort, _ORDER["newest"])
        products = list(listing.order_by(*order)[offset : offset + per_page])

    band_labels = _labels(PriceBand.choices)
    certification_labels = _labels(ProductCertification.choices)
    kind_labels = _labels(EnterpriseKind.choices)
    shown_categories = selected_category.children if selected_category else tree.roots
    facets = {
        "category": [
            Facet(str(node.id), node.name, category_counts[node.id], False)
            for node in shown_categories
            if category_counts.get(node.id)
        ],
        "certification": _facet(
            ProductCertification.values, certification_labels, certification_counts, certifications
        ),
        "vendor_kind": _facet(
            [str(kind) for kind in KIND_PRIORITY], kind_labels, kind_counts, vendor_kinds
        ),
        "district": _facet(
            DISTRICT_NAMES, {name: name for name in DISTRICT_NAMES}, district_counts, districts
        ),
        "price_band": _facet(PriceBand.values, band_labels, band_counts, [price_band]),
    }
    return ProductSearchResult(
        products=products,
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        facets=facets,
        sort=sort,
        category=selected_category,
        category_path=tree.path(selected_category.id) if selected_category else [],
    )


# A product card's photos and certificates, as plain lists (`image_list`, `certificate_list`).
_CARD_PREFETCH = (
    Prefetch("images", to_attr="image_list"),
    Prefetch("certificates", to_attr="certificate_list"),
)


class _Unindexed(Func):
    """`+column`: the same value, but SQLite no longer looks rows up by it."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def _name_count(key: str, queryset: QuerySet[Product]) -> int:
    """How many results hold every query word in their name (cached with the counts)."""
    count = cache.get(f"{key}:names")
    if count is None:
        count = queryset.count()
        cache.set(f"{key}:names", count, timeout=FACET_CACHE_SECONDS)
    return count


def _name_matches_first(
    listing: QuerySet[Product], in_name: Q, name_count: int | None, offset: int, per_page: int
) -> list[Product]:
    """The page of the results in relevance order: those with every query word in their name,
    newest first, then the others, newest first. Each part is read in the newest index's
    order; `name_count` (the first part's size) is needed past the first page only."""
    newest = _ORDER["newest"]
    first: list[Product] = []
    if name_count is None or offset < name_count:
        first = list(listing.filter(in_name).order_by(*newest)[offset : offset + per_page])
    if len(first) == per_page:
        return first
    if name_count is None:  # the first page, and the name matches ran out on it
        name_count = len(first)
    start = max(offset, name_count) - name_count
    rest = listing.exclude(in_name).order_by(*newest)[start : start + per_page - len(first)]
    return first + list(rest)


def _cache_key(**normalized) -> str:
    version = cache.get(CATALOG_VERSION_KEY, 0)
    digest = hashlib.sha256(repr(sorted(normalized.items())).encode()).hexdigest()[:32]
    return f"mall:search:{version}:{digest}"


def _count(
    results, active: set[str], any_hidden: bool, tree: CategoryTree, selected: CategoryNode | None
) -> tuple:
    """Every count the search page shows, as plain dicts (cached): products per price band,
    per shown category (rolled up), per certification, per vendor kind and per district.

    One grouped query over (vendor kind, district), carrying the price band and
    certification counts as conditional aggregates, answers every facet whose own filter is
    not in use; each facet whose filter is in use gets its own query without that filter.
    The products of vendors that are not approved are few: every count is taken over all
    published products and theirs are subtracted (through the vendor index), which spares
    the big scans a per-row check of the vendor.
    """
    bands = {f"band_{band}": Count("pk", filter=_band_condition(band)) for band in PriceBand}
    flags = {
        f"cert_{kind}": Count("pk", filter=_flags_condition([kind]))
        for kind in ProductCertification.values
    }

    def net(measure) -> Counter:
        counts = measure("all")
        if any_hidden:
            counts.subtract(measure("hidden"))
        return +counts

    def cube(scope: str) -> Counter:
        cells: Counter = Counter()
        rows = (
            results(scope=scope)
            .order_by()
            .values("vendor_kind", "district")
            .annotate(n=Count("pk"), **bands, **flags)
        )
        for row in rows:
            kind, district = row.pop("vendor_kind"), row.pop("district")
            cells.update({(name, kind, district): count for name, count in row.items()})
        return cells

    cells = net(cube)

    def summed(prefix: str) -> dict[str, int]:
        totals: Counter = Counter()
        for (name, _kind, _district), count in cells.items():
            if name.startswith(prefix):
                totals[name.removeprefix(prefix)] += count
        return totals

    def alone(facet: str, aggregates: dict, prefix: str) -> Counter:
        def measure(scope: str) -> Counter:
            counts = results(ignoring=facet, scope=scope).aggregate(**aggregates)
            return Counter({name.removeprefix(prefix): n for name, n in counts.items()})

        return net(measure)

    def grouped(facet: str) -> dict[str, int]:
        if facet in active:
            return net(lambda scope: Counter(_grouped(results(ignoring=facet, scope=scope), facet)))
        position = 1 if facet == "vendor_kind" else 2
        totals: Counter = Counter()
        for cell, count in cells.items():
            if cell[0] == "n":
                totals[cell[position]] += count
        return totals

    band_counts = alone("price_band", bands, "band_") if "price_band" in active else summed("band_")
    certification_counts = (
        alone("certification", flags, "cert_") if "certification" in active else summed("cert_")
    )
    shown = selected.children if selected is not None else tree.roots
    owner = {pk: node.id for node in shown for pk in tree.descendant_ids(node.id)}
    category_counts: Counter = Counter()
    if shown:
        per_category = net(lambda scope: Counter(_grouped(results(scope=scope), "category_id")))
        for category_id, count in per_category.items():
            if category_id in owner:
                category_counts[owner[category_id]] += count
    return (
        {band: band_counts.get(band, 0) for band in PriceBand.values},
        dict(category_counts),
        dict(certification_counts),
        dict(grouped("vendor_kind")),
        dict(grouped("district")),
    )


def _flags_condition(certifications: list[str]) -> Q:
    mask = sum(CERTIFICATION_BITS[kind] for kind in certifications)
    return Q(GreaterThan(F("certification_flags").bitand(mask), 0))


def _band_condition(band: str) -> Q:
    low, high = PRICE_BAND_BOUNDS[PriceBand(band)]
    condition = Q(price_won__gte=low)
    return condition & Q(price_won__lt=high) if high else condition


def _grouped(queryset: QuerySet, column: str) -> dict:
    return dict(queryset.order_by().values_list(column).annotate(n=Count("pk")))


def _facet(order, labels: dict, counts: dict, selected: list[str]) -> list[Facet]:
    return [
        Facet(value, str(labels.get(value, value)), counts.get(value, 0), value in selected)
        for value in order
        if counts.get(value) or value in selected
    ]


def _grouped(queryset: QuerySet, column: str) -> dict:
    return dict(queryset.order_by().values_list(column).annotate(n=Count("pk")))


def _facet(order, labels: dict, counts: dict, selected: list[str]) -> list[Facet]:
    return [
        Facet(value, str(labels.get(value, value)), counts.get(value, 0), value in selected)
        for value in order
        if counts.get(value) or value in selected
    ]


def _price_band_counts(queryset: QuerySet[Product]) -> dict[str, int]:
    """Products per price band, in one pass (the bands cover every price above 0)."""
    counts = queryset.aggregate(
        **{str(band): Count("pk", filter=_band_condition(band)) for band in PRICE_BAND_BOUNDS}
    )
    return {band: counts[band] or 0 for band in counts}


def product_detail(product_id: int) -> Product:
    """A listed product with its vendor, enterprise, category, certificates and images;
    `category_path` holds the categories from the root down. Raises Product.DoesNotExist."""
    product = (
        listed_products()
        .select_related("vendor__enterprise", "category")
        .prefetch_related("certificates", "images")
        .get(pk=product_id)
    )
    product.category_path = category_index().path(product.category_id)
    return product


def category_exists(pk: int) -> bool:
    return Category.objects.filter(pk=pk).exists()


def product_get(pk: int, *, published: bool = False) -> Product | None:
    """One product in any state (or only a published one), nothing joined: what a cart
    line is changed or removed by."""
    products = Product.objects.filter(pk=pk)
    if published:
        products = products.filter(status=ProductStatus.PUBLISHED)
    return products.first()


def product_map(ids) -> dict[int, Product]:
    """The products of these ids by id; unknown ids are missing."""
    return {product.pk: product for product in Product.objects.filter(pk__in=ids)}


def vendor_profile(vendor_id: int) -> Vendor:
    """An approved vendor with its enterprise. Raises Vendor.DoesNotExist."""
    return Vendor.objects.select_related("enterprise").get(
        pk=vendor_id, status=VendorStatus.APPROVED
    )


def newest_products(limit: int = 12) -> list[Product]:
    return list(
        listed_products()
        .prefetch_related("vendor__enterprise", *_CARD_PREFETCH)
        .defer("description")
        .order_by("-published_at", "-id")[:limit]
    )


def vendor_products(vendor: Vendor) -> QuerySet[Product]:
    """Every product of a vendor, whatever its state, for the vendor's own portal."""
    return (
        Product.objects.filter(vendor=vendor)
        .select_related("category")
        .prefetch_related("images")
        .defer("description")
        .order_by("-updated_at", "-id")
    )


def vendor_review_list(status: str = "") -> QuerySet[Vendor]:
    """Vendors for staff review, oldest application first; filtered by status if given."""
    queryset = Vendor.objects.select_related("enterprise").annotate(
        product_count=Count("products", filter=Q(products__status=ProductStatus.PUBLISHED))
    )
    if status in VendorStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("applied_at", "id")


def vendor_review(vendor_id: int) -> Vendor:
    """A vendor with its documents, history and enterprise, for the staff review page."""
    return (
        Vendor.objects.select_related("enterprise", "applied_by", "decided_by")
        .prefetch_related("documents", "events__actor")
        .get(pk=vendor_id)
    )
