"""Product recommendations for a buyer's institution, from the needs it stated (BuyingNeed).

Each stated condition of a need is a filter the database applies (category with its
sub-categories, search words, every required certification, one of the vendor kinds, the
maximum unit price, delivery to the district): a product that misses a condition the buyer
called required is not recommended. Each product comes with the reasons it matched; products
are ranked by how many conditions hold (over every need they meet), then by sales. Each need
costs one query however many products there are, and reads at most `limit` of them.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from ieum.core.search import matching_ids
from ieum.enterprises.choices import EnterpriseKind
from ieum.enterprises.models import Institution

from ..choices import ProductCertification, ProductStatus, VendorStatus
from ..models import BuyingNeed, Category, Product, ProductCertificate


@dataclass
class Recommendation:
    product: Product
    reasons: list[str] = field(default_factory=list)
    needs: list[BuyingNeed] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.reasons)


def certification_reason(code: str) -> str:
    """'친환경 인증 보유', '녹색인증 보유', 'HACCP 인증 보유'."""
    name = str(ProductCertification(code).label).split("(")[0]
    if name.endswith("인증"):
        return _("%(name)s 보유") % {"name": name}
    return _("%(name)s 인증 보유") % {"name": name}


def category_descendants(category_ids: set[int]) -> dict[int, set[int]]:
    """{category id: itself and every category below it}; one query for the whole tree."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    result = {}
    for root in category_ids:
        found, stack = set(), [root]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, ()))
        result[root] = found
    return result


def _selling() -> QuerySet[Product]:
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED
    )


def need_products(need: BuyingNeed, *, categories: set[int] | None, limit: int) -> QuerySet:
    """The products meeting every condition of `need`, best sellers first, at most `limit`."""
    products = _selling()
    if need.category_id is not None:
        products = products.filter(category_id__in=sorted(categories or {need.category_id}))
    if need.keywords:
        ids = matching_ids("mall.product", need.keywords)
        if ids is not None:
            products = products.filter(pk__in=ids)
    for code in need.certifications:
        products = products.filter(
            pk__in=ProductCertificate.objects.filter(kind=code).values("product_id")
        )
    if need.vendor_kinds:
        products = products.filter(vendor_kind__in=need.vendor_kinds)
    if need.max_unit_price_won:
        products = products.filter(price_won__lte=need.max_unit_price_won)
    if need.delivery_district:
        products = products.filter(
            Q(delivery_districts="") | Q(delivery_districts__contains=f",{need.delivery_district},")
        )
    return products.select_related("vendor__enterprise", "category").order_by("-sales_won", "-id")[
        :limit
    ]


def need_reasons(need: BuyingNeed, product: Product) -> list[str]:
    """Why `product` meets `need`, one phrase per stated condition."""
    reasons = []
    if need.category_id is not None and need.category is not None:
        reasons.append(_("'%(category)s' 분류") % {"category": need.category.name})
    if need.keywords:
        reasons.append(_("'%(words)s' 검색어 일치") % {"words": need.keywords})
    reasons.extend(certification_reason(code) for code in need.certifications)
    if need.vendor_kinds:
        reasons.append(
            _("%(kind)s 제품") % {"kind": EnterpriseKind(product.vendor_kind).label}
            if product.vendor_kind
            else _("사회적경제기업 제품")
        )
    if need.max_unit_price_won:
        reasons.append(
            _("단가 %(price)s원 ≤ 최대 %(max)s원")
            % {"price": f"{product.price_won:,}", "max": f"{need.max_unit_price_won:,}"}
        )
    if need.delivery_district:
        reasons.append(_("%(district)s 배송 가능") % {"district": need.delivery_district})
    return reasons


def recommendations(*, institution: Institution, limit: int = 20) -> list[Recommendation]:
    """Products for the institution's needs, each with its reasons, best match first."""
    needs = list(
        BuyingNeed.objects.filter(institution=institution)
        .select_related("category")
        .order_by("title", "id")
    )
    wanted = {need.category_id for need in needs if need.category_id is not None}
    trees = category_descendants(wanted) if wanted else {}
    found: dict[int, Recommendation] = {}
    for need in needs:
        for product in need_products(need, categories=trees.get(need.category_id), limit=limit):
            entry = found.setdefault(product.pk, Recommendation(product=product))
            entry.needs.append(need)
            for reason in need_reasons(need, product):
                if reason not in entry.reasons:
                    entry.reasons.append(reason)
    ranked = sorted(found.values(), key=lambda r: (-r.score, -r.product.sales_won, -r.product.pk))[
        :limit
    ]
    prefetch_related_objects([r.product for r in ranked], "images")
    return ranked
