"""Demo data of the 함께누리 mall, generated so that its computed figures as of 2022-09-30 are
the seed's: 690 vendors, 14,101 products, 2,728 members, 9,249 orders and 1,888백만원 of sales
in 2022, and a 추석 기획전 that sold 35,069천원 against 20,679천원 the year before.

Vendors are the registry's sample enterprises (the `enterprise` demo login's among them, with
products, orders and quote requests), buyers belong to about 150 plausible public institutions
(the `buyer` demo login is 은평구청's). Everything comes from one seeded random stream, is built
in memory and written with bulk inserts; the two totals are hit exactly by scaling quantities
and letting one quoted line of each take the remainder, as a negotiated price would.

Loading again changes nothing: the history is written once, when the sample vendors have no
products yet; the demo logins' links (the buyer's membership, the member's vendor) are checked
every time.
"""

import bisect
import datetime as dt
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F

from ieum.accounts.models import User
from ieum.core.choices import Role
from ieum.core.districts import DISTRICT_NAMES
from ieum.core.permissions import system_actor
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Enterprise, Institution

from .choices import (
    MembershipStatus,
    OrderStatus,
    ProductStatus,
    PromotionSeries,
    QuoteRequestStatus,
    StockStatus,
    TargetKind,
    TaxType,
    VendorStatus,
)
from .models import (
    CartItem,
    Category,
    Membership,
    Order,
    OrderDayCounter,
    OrderEvent,
    OrderLine,
    Product,
    ProductCertificate,
    Promotion,
    PromotionProduct,
    Quote,
    QuoteItem,
    QuoteRequest,
    QuoteRequestItem,
    Vendor,
    VendorEvent,
)
from .services import catalog as catalog_services
from .services import institutions as institution_services
from .services import vendors as vendor_services

SEED = 2022
SEOUL = ZoneInfo("Asia/Seoul")
AS_OF = dt.date(2022, 9, 30)

# The seed's figures as of AS_OF.
VENDORS = 690
PRODUCTS = 14_101
MEMBERS = 2_728
ORDERS_2022 = 9_249
SALES_2022_WON = 1_888_000_000
CHUSEOK_2022_WON = 35_069_000
CHUSEOK_2021_WON = 20_679_000

ORDERS_2021 = 3_400
APPLIED_VENDORS = 7  # the staff's review queue; the other sample enterprises are rejected
PENDING_MEMBERS = 6
REJECTED_MEMBERS = 2
CANCELLED_ORDERS = 24
RETURNED_ORDERS = 4

CHUSEOK_2021 = ("2021 추석 기획전", dt.date(2021, 8, 1), dt.date(2021, 9, 2))
CHUSEOK_2022 = ("2022 추석 기획전", dt.date(2022, 8, 1), dt.date(2022, 9, 2))
ZERO_WASTE = ("제로웨이스트 기획전", dt.date(2022, 11, 1), dt.date(2022, 11, 30))

MEMBER_LOGIN = "enterprise"
BUYER_LOGIN = "buyer"
STAFF_LOGIN = "staff"
BUYER_INSTITUTION = "은평구청"

# The literal data (the catalog's vocabulary, institutions, names, reasons, holidays) is in
# data/demo.json; the code below turns it into the records.
DATA = json.loads((Path(__file__).parent / "data" / "demo.json").read_text(encoding="utf-8"))


def _tuples(value):
    """JSON lists back into the tuples the plan draws from."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


# Korean public holidays on weekdays: no orders are placed on them.
HOLIDAYS = frozenset(dt.date.fromisoformat(day) for day in DATA["holidays"])
# The share of orders in a 추석 기획전 that are for its gifts.
GIFT_SHARE = {2021: 0.3, 2022: 0.04}
# Services are ordered far less often than goods, but for much more.
SERVICE_SHARE = 0.03
# Public buyers order little in January and most at the end of the year.
MONTH_WEIGHTS = (0.55, 0.7, 1.0, 1.05, 1.05, 1.15, 1.05, 1.2, 1.2, 1.1, 1.25, 1.45)


# ---------------------------------------------------------------------------------------------
# The catalog's vocabulary


@dataclass(frozen=True)
class Leaf:
    """A second-level category and how its products are named, priced and sold."""

    name: str
    code: str  # the first 8 digits of the 물품분류번호; the product adds 2
    unit: str
    price: tuple[int, int]  # won, drawn log-uniformly
    items: tuple[str, ...]
    variants: tuple[str, ...]
    certifications: tuple[tuple[str, float], ...] = ()
    min_quantity: tuple[int, ...] = (1,)
    lead: tuple[int, int] = (2, 5)
    service: bool = False  # bought as one job (1식) from a quote, at the quoted price
    exempt: bool = False  # VAT exempt (unprocessed food, education, care)
    local: bool = False  # delivered or performed only in some districts
    made_to_order: bool = False
    gift: bool = False  # a 추석 gift: curated in the 추석 기획전
    line_won: int = 15_000  # the median amount of one order line


@dataclass(frozen=True)
class Top:
    name: str
    pitch: tuple[str, ...]
    leaves: tuple[Leaf, ...]


CATALOG = tuple(
    Top(
        top["name"],
        _tuples(top["pitch"]),
        tuple(
            Leaf(**{key: _tuples(value) for key, value in leaf.items()}) for leaf in top["leaves"]
        ),
    )
    for top in DATA["catalog"]
)

# Which top categories an enterprise of each registry industry sells in, with weights.
INDUSTRY_TOPS = DATA["industry_tops"]
ANY_TOPS = DATA["any_tops"]

BRAND_PREFIXES = _tuples(DATA["brand_prefixes"])

KIND_PITCH = DATA["kind_pitch"]

# ---------------------------------------------------------------------------------------------
# Institutions: (name, kind, district, buyer-account weight): each district's office and its
# facilities corporation, then the others listed in the data file.

_DISTRICT_AGENCIES = DATA["district_agencies"]
INSTITUTIONS = (
    *((f"{d}청", InstitutionKind.DISTRICT, d, 50 if d == "은평구" else 34) for d in DISTRICT_NAMES),
    *(
        (
            f"{d}{_DISTRICT_AGENCIES.get(d, '시설관리공단')}",
            InstitutionKind.PUBLIC_CORPORATION,
            d,
            8,
        )
        for d in DISTRICT_NAMES
    ),
    *(
        (name, InstitutionKind(kind), district, weight)
        for name, kind, district, weight in DATA["institutions"]
    ),
)
# Institutions that bought nothing in 2022 (the seed's 무실적 outreach); they have members.
NO_ORDERS_2022 = frozenset(DATA["no_orders_2022"])

DEPARTMENTS = {kind: _tuples(names) for kind, names in DATA["departments"].items()}
SURNAMES = DATA["surnames"]
GIVEN = DATA["given_names"]

CANCEL_REASONS = _tuples(DATA["cancel_reasons"])
RETURN_REASONS = _tuples(DATA["return_reasons"])
DECLINE_REASONS = _tuples(DATA["decline_reasons"])
REJECT_REASONS = _tuples(DATA["reject_reasons"])
ORDER_NOTES = _tuples(DATA["order_notes"])


# ---------------------------------------------------------------------------------------------
# The plan: everything is drawn in memory first


@dataclass
class VendorPlan:
    vendor: Vendor
    brand: str
    tops: list[Top]
    popularity: float
    products: list[Product] = field(default_factory=list)
    leaves: list[Leaf] = field(default_factory=list)  # each product's leaf, same order
    days: list[dt.date] = field(default_factory=list)  # each product's publication day
    weights: list[float] = field(default_factory=list)

    @property
    def order_weight(self) -> float:
        """How often the vendor is ordered from: its appeal times its catalog's."""
        return self.popularity * sum(self.weights) ** 0.7


@dataclass
class Line:
    product: Product
    leaf: Leaf
    quantity: int
    unit_price_won: int

    @property
    def amount_won(self) -> int:
        return self.quantity * self.unit_price_won


@dataclass
class OrderPlan:
    placed_at: dt.datetime
    institution: Institution
    buyer: User | None
    plan: VendorPlan
    lines: list[Line]
    status_override: str = ""  # cancelled / returned; otherwise the timeline decides
    quoted: bool = False
    fixed: bool = False  # the line that takes a remainder: not scaled
    waiting: bool = False  # left for the vendor to confirm: the demo journey's next step

    @property
    def day(self) -> dt.date:
        return self.placed_at.astimezone(SEOUL).date()

    @property
    def total_won(self) -> int:
        return sum(line.amount_won for line in self.lines)


def load(stdout) -> None:
    staff = User.objects.filter(username=STAFF_LOGIN).first()
    member = User.objects.filter(username=MEMBER_LOGIN, role=Role.ENTERPRISE).first()
    if not Product.objects.filter(vendor__enterprise__is_sample=True).exists():
        figures = _Builder(staff=staff, member=member).build()
        stdout.write(
            "함께누리: 입점기업 {vendors}곳, 상품 {products}개, 구매 회원 {members}명, "
            "주문 {orders}건(2022년 9월말까지 {orders_2022}건, {sales:,}원)을 넣었습니다.".format(
                **figures
            )
        )
    linked = _link_demo_logins(staff=staff, member=member)
    stdout.write(f"함께누리: 데모 계정 연결 {linked}건을 확인했습니다.")


def _link_demo_logins(*, staff: User | None, member: User | None) -> int:
    """The `buyer` login buys for 은평구청 and the `enterprise` login's enterprise sells."""
    linked = 0
    buyer = User.objects.filter(username=BUYER_LOGIN, role=Role.BUYER).first()
    if buyer is not None and buyer.institution_id:
        membership = Membership.objects.filter(user=buyer).first() or Membership(
            user=buyer, applied_at=_at(dt.date(2021, 2, 26), 10)
        )
        if membership.status != MembershipStatus.APPROVED or membership.pk is None:
            membership.institution_id = buyer.institution_id
            membership.status = MembershipStatus.APPROVED
            membership.approved_on = dt.date(2021, 3, 2)
            membership.decided_by = staff
            membership.save()
        linked += 1
    if member is not None and member.enterprise_id:
        vendor = Vendor.objects.filter(enterprise_id=member.enterprise_id).first()
        if vendor is not None and vendor.status != VendorStatus.APPROVED:
            vendor.status = VendorStatus.APPROVED
            vendor.approved_on = vendor.approved_on or dt.date(2019, 5, 2)
            vendor.save(update_fields=["status", "approved_on", "updated_at"])
        linked += vendor is not None
    return linked


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def _business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _allocate(total: int, weights: list[float], *, minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), each at least `minimum`."""
    spare = total - minimum * len(weights)
    scale = spare / sum(weights)
    shares = [w * scale for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in order[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _brand(name: str) -> str:
    for form in ("주식회사 ", " 주식회사", "(주)", " 유한회사", "(유)", " 사회적협동조합",
                 " 협동조합", "(사)", "사단법인 "):  # fmt: skip
        name = name.replace(form, "")
    return name.strip()


class _Builder:
    """Draws the whole history from one random stream, then writes it."""

    def __init__(self, *, staff: User | None, member: User | None) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (a reproducible demo, not a secret)
        self.staff = staff
        self.member = member
        self.categories: dict[str, Category] = {}
        self.plans: list[VendorPlan] = []
        self.members: dict[int, list[tuple[dt.date, User]]] = {}
        self.member_days: dict[int, list[dt.date]] = {}
        self.orders: list[OrderPlan] = []

    # -- orchestration ---------------------------------------------------------------------

    def build(self) -> dict:
        institutions = self._institutions()
        self._categories()
        self._vendors()
        self._products()
        users = self._members(institutions)
        self._orders(institutions)
        promotions = self._promotion_products()
        self._fix_totals(promotions)
        self._write_products()
        self._write_orders()
        self._promotions(promotions)
        self._open_quotes(institutions)
        self._targets_and_needs(institutions)
        catalog_services.product_reindex([p.pk for plan in self.plans for p in plan.products])
        counted = [o for o in self.orders if not o.status_override and o.day.year == 2022]
        return {
            "vendors": len(self.plans),
            "products": sum(len(plan.products) for plan in self.plans),
            "members": users,
            "orders": len(self.orders),
            "orders_2022": len(counted),
            "sales": sum(o.total_won for o in counted),
        }

    # -- institutions and categories -------------------------------------------------------

    def _institutions(self) -> list[tuple[Institution, int]]:
        existing = {i.name: i for i in Institution.objects.all()}
        new = [
            Institution(name=name, kind=kind, district=district)
            for name, kind, district, _weight in INSTITUTIONS
            if name not in existing
        ]
        Institution.objects.bulk_create(new)
        existing.update({i.name: i for i in new})
        return [(existing[name], weight) for name, _kind, _district, weight in INSTITUTIONS]

    def _categories(self) -> None:
        for top in CATALOG:
            for leaf in top.leaves:
                self.categories[leaf.name] = catalog_services.category_ensure(
                    path=[top.name, leaf.name], actor=system_actor()
                )

    # -- vendors and products --------------------------------------------------------------

    def _vendors(self) -> None:
        rng = self.rng
        samples = list(Enterprise.objects.filter(is_sample=True).order_by("brn"))
        taken = set(Vendor.objects.values_list("enterprise_id", flat=True))
        member_enterprise = self.member.enterprise_id if self.member else samples[0].pk
        # The second sample by brn took part in the 2022 추석 기획전 (its support record).
        self.featured = samples[2].pk if len(samples) > 2 else None
        others = [e for e in samples if e.pk not in (member_enterprise, self.featured)]
        queue = set(e.pk for e in rng.sample(others, len(samples) - VENDORS))
        applied = set(list(sorted(queue))[:APPLIED_VENDORS])
        vendors, events = [], []
        for enterprise in samples:
            if enterprise.pk in taken:
                continue
            kind = vendor_services.vendor_main_kind(enterprise)
            vendor = Vendor(
                enterprise=enterprise,
                kind=kind,
                district=enterprise.district,
                introduction=enterprise.business_description,
                applied_by=self.member if enterprise.pk == member_enterprise else None,
            )
            if enterprise.pk in applied:
                vendor.status = VendorStatus.APPLIED
                vendor.applied_at = _at(AS_OF - dt.timedelta(days=rng.randint(0, 20)), 14)
            elif enterprise.pk in queue:
                vendor.status = VendorStatus.REJECTED
                vendor.applied_at = _at(dt.date(2022, rng.randint(3, 8), 10), 11)
                vendor.decided_at = vendor.applied_at + dt.timedelta(days=6, hours=3)
                vendor.decided_by = self.staff
                vendor.decision_reason = rng.choice(REJECT_REASONS)
            else:
                approved = self._approval_day(enterprise.pk == member_enterprise)
                vendor.status = VendorStatus.APPROVED
                vendor.approved_on = approved
                vendor.applied_at = _at(approved - dt.timedelta(days=rng.randint(5, 20)), 10)
                vendor.decided_at = _at(approved, 15)
                vendor.decided_by = self.staff
            vendors.append(vendor)
            events.append(
                VendorEvent(
                    vendor=vendor,
                    status=vendor.status,
                    actor=self.staff if vendor.status != VendorStatus.APPLIED else None,
                    reason=vendor.decision_reason,
                )
            )
        Vendor.objects.bulk_create(vendors, batch_size=500)
        VendorEvent.objects.bulk_create(events, batch_size=500)
        Vendor.objects.filter(pk__in=[v.pk for v in vendors]).update(created_at=F("applied_at"))
        tops = {top.name: top for top in CATALOG}
        for vendor in vendors:
            if vendor.status != VendorStatus.APPROVED:
                continue
            enterprise = vendor.enterprise
            weights = INDUSTRY_TOPS.get(enterprise.industry, ANY_TOPS)
            names = list(weights)
            main = rng.choices(names, weights=list(weights.values()))[0]
            chosen = [tops[main]]
            if len(names) > 1 and rng.random() < 0.5:
                chosen.append(tops[rng.choice([n for n in names if n != main])])
            popularity = rng.lognormvariate(0, 0.9)
            if enterprise.pk == member_enterprise:
                chosen, popularity = [tops["업사이클 가방"], tops["생활용품"]], 6.0
            self.plans.append(VendorPlan(vendor, _brand(enterprise.name), chosen, popularity))
        self.member_plan = next(
            (p for p in self.plans if p.vendor.enterprise_id == member_enterprise), None
        )

    def _approval_day(self, is_member: bool) -> dt.date:
        if is_member:
            return dt.date(2019, 5, 2)
        rng = self.rng
        year = rng.choices((2016, 2017, 2018, 2019, 2020, 2021, 2022), (6, 8, 10, 12, 14, 16, 9))[0]
        last = dt.date(2022, 9, 20) if year == 2022 else dt.date(year, 12, 31)
        first = dt.date(year, 1, 2)
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))

    def _products(self) -> None:
        rng = self.rng
        weights = [rng.lognormvariate(0, 1.0) for _ in self.plans]
        fixed = {id(self.member_plan): 24} if self.member_plan else {}
        spare = PRODUCTS - sum(fixed.values())
        free = [i for i, plan in enumerate(self.plans) if id(plan) not in fixed]
        counts = dict(
            zip(free, _allocate(spare, [weights[i] for i in free], minimum=1), strict=True)
        )
        for index, plan in enumerate(self.plans):
            count = fixed.get(id(plan), counts.get(index, 0))
            names: set[str] = set()
            start = max(plan.vendor.approved_on, dt.date(2016, 3, 2))
            span = (AS_OF - start).days
            for _ in range(count):
                top = rng.choice(plan.tops)
                leaf = rng.choice(top.leaves)
                name = self._product_name(plan, leaf, names)
                # Most of a vendor's products were listed soon after it joined.
                day = start + dt.timedelta(days=int(span * rng.random() ** 2.2))
                product = self._product(plan, top, leaf, name, day)
                plan.products.append(product)
                plan.leaves.append(leaf)
                plan.days.append(day)
                share = SERVICE_SHARE if leaf.service else 1.0
                plan.weights.append(rng.lognormvariate(0, 1.0) * share)
                product.demo_certifications = [
                    kind for kind, chance in leaf.certifications if rng.random() < chance
                ]
            # Listed in order of publication, so the products on sale at a date are a prefix.
            order = sorted(range(len(plan.products)), key=lambda i: plan.days[i])
            for attr in ("products", "leaves", "days", "weights"):
                values = getattr(plan, attr)
                setattr(plan, attr, [values[i] for i in order])

    def _write_products(self) -> None:
        """Products with their sales (counted from the planned orders) and certificates."""
        sales: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for order in self.orders:
            if not order.status_override:
                for line in order.lines:
                    totals = sales[id(line.product)]
                    totals[0] += line.amount_won
                    totals[1] += 1
        products = [product for plan in self.plans for product in plan.products]
        for product in products:
            product.sales_won, product.order_count = sales.get(id(product), (0, 0))
        Product.objects.bulk_create(products, batch_size=1000)
        ProductCertificate.objects.bulk_create(
            [
                ProductCertificate(product=product, kind=kind)
                for product in products
                for kind in product.demo_certifications
            ],
            batch_size=1000,
        )
        Product.objects.filter(pk__in=[p.pk for p in products]).update(created_at=F("published_at"))

    def _product_name(self, plan: VendorPlan, leaf: Leaf, taken: set[str]) -> str:
        rng = self.rng
        for attempt in range(8):
            parts = [rng.choice(leaf.items), rng.choice(leaf.variants)]
            if attempt > 2 or rng.random() < 0.3:
                parts.insert(0, plan.brand if rng.random() < 0.6 else rng.choice(BRAND_PREFIXES))
            name = " ".join(parts)
            if name not in taken:
                break
        else:
            name = f"{name} {len(taken) + 1}호"
        taken.add(name)
        return name

    def _product(self, plan: VendorPlan, top: Top, leaf: Leaf, name: str, day: dt.date):
        rng = self.rng
        low, high = leaf.price
        raw = math.exp(rng.uniform(math.log(low), math.log(high)))
        step = 100 if high <= 100_000 else 1_000 if high <= 1_000_000 else 10_000
        price = max(step, round(raw / step) * step)
        vendor = plan.vendor
        if leaf.service or leaf.made_to_order:
            stock = StockStatus.MADE_TO_ORDER
        else:
            stock = rng.choices(
                (StockStatus.IN_STOCK, StockStatus.LOW, StockStatus.OUT_OF_STOCK), (90, 6, 4)
            )[0]
        districts = ""
        if leaf.local and rng.random() < 0.8:
            nearby = {vendor.district, *rng.sample(DISTRICT_NAMES, rng.randint(2, 6))}
            districts = "," + ",".join(d for d in DISTRICT_NAMES if d in nearby) + ","
        sentences = [rng.choice(top.pitch), KIND_PITCH.get(vendor.kind, rng.choice(top.pitch))]
        return Product(
            vendor=vendor,
            name=name,
            category=self.categories[leaf.name],
            price_won=price,
            tax_type=TaxType.EXEMPT if leaf.exempt else TaxType.TAXABLE,
            unit=leaf.unit,
            min_order_quantity=rng.choice(leaf.min_quantity),
            lead_time_days=rng.randint(*leaf.lead),
            stock_status=stock,
            description=" ".join(sentences),
            classification_number=f"{leaf.code}{rng.randint(1, 40):02d}",
            delivery_districts=districts,
            status=ProductStatus.PUBLISHED,
            published_at=_at(day, rng.randint(9, 17), rng.randint(0, 59)),
            vendor_kind=vendor.kind,
            district=vendor.district,
        )

    # -- members ---------------------------------------------------------------------------

    def _members(self, institutions: list[tuple[Institution, int]]) -> int:
        rng = self.rng
        taken = set(User.objects.values_list("username", flat=True))
        buyer = User.objects.filter(username=BUYER_LOGIN, role=Role.BUYER).first()
        login = buyer if buyer and buyer.institution_id else None
        counts = _allocate(MEMBERS - (1 if login else 0), [w for _i, w in institutions], minimum=1)
        users, memberships = [], []
        serial = 0

        def new_user(institution: Institution) -> User:
            nonlocal serial
            while True:
                serial += 1
                username = f"mall-buyer-{serial:05d}"
                if username not in taken:
                    break
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            user = User(
                username=username,
                password=UNUSABLE_PASSWORD_PREFIX + f"{rng.getrandbits(128):032x}",
                role=Role.BUYER,
                display_name=name,
                institution=institution,
                is_active=True,
            )
            users.append(user)
            return user

        for (institution, _weight), count in zip(institutions, counts, strict=True):
            joined = []
            for index in range(count):
                user = new_user(institution)
                # Each institution's first member joined early, so it could order in 2021.
                approved = self._join_day(early=index == 0)
                memberships.append(self._membership(user, institution, approved))
                joined.append((approved, user))
            if login is not None and login.institution_id == institution.pk:
                joined.append((dt.date(2021, 3, 2), login))
            self.members[institution.pk] = sorted(joined, key=lambda pair: pair[0])
            self.member_days[institution.pk] = [day for day, _user in self.members[institution.pk]]
        waiting = rng.sample(institutions, PENDING_MEMBERS + REJECTED_MEMBERS)
        for index, (institution, _weight) in enumerate(waiting):
            user = new_user(institution)
            membership = Membership(
                user=user,
                institution=institution,
                applied_at=_at(AS_OF - dt.timedelta(days=rng.randint(0, 25)), 11),
            )
            if index >= PENDING_MEMBERS:
                membership.status = MembershipStatus.REJECTED
                membership.decided_by = self.staff
                membership.reason = (
                    "소속 기관을 확인할 수 없습니다. 기관 이메일로 다시 신청해 주세요."
                )
            memberships.append(membership)
        # Django's password check treats a password starting with "!" as unusable.
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(memberships, batch_size=1000)
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(
            created_at=F("applied_at")
        )
        if login is not None:
            Membership.objects.update_or_create(
                user=login,
                defaults={
                    "institution_id": login.institution_id,
                    "status": MembershipStatus.APPROVED,
                    "applied_at": _at(dt.date(2021, 2, 26), 10),
                    "approved_on": dt.date(2021, 3, 2),
                    "decided_by": self.staff,
                },
            )
        self.login = login
        return Membership.objects.filter(status=MembershipStatus.APPROVED).count()

    def _join_day(self, *, early: bool) -> dt.date:
        rng = self.rng
        if early:
            first, last = dt.date(2016, 3, 2), dt.date(2020, 12, 31)
        else:
            first, last = dt.date(2016, 3, 2), AS_OF
        # Membership grew over the years: later days are likelier.
        offset = int((last - first).days * rng.random() ** 0.6)
        return first + dt.timedelta(days=offset)

    def _membership(self, user: User, institution: Institution, approved: dt.date) -> Membership:
        return Membership(
            user=user,
            institution=institution,
            status=MembershipStatus.APPROVED,
            applied_at=_at(approved - dt.timedelta(days=self.rng.randint(1, 4)), 10),
            approved_on=approved,
            decided_by=self.staff,
        )

    # -- orders ----------------------------------------------------------------------------

    def _orders(self, institutions: list[tuple[Institution, int]]) -> None:
        rng = self.rng
        buyers = [(i, w) for i, w in institutions if self.members.get(i.pk)]
        self.by_district: dict[str, list[VendorPlan]] = defaultdict(list)
        for plan in self.plans:
            self.by_district[plan.vendor.district].append(plan)
        self.plans_by_approval = sorted(self.plans, key=lambda p: p.vendor.approved_on)
        self.approval_days = [p.vendor.approved_on for p in self.plans_by_approval]
        cumulative, total = [], 0.0
        for plan in self.plans_by_approval:
            total += plan.order_weight
            cumulative.append(total)
        self.cumulative = cumulative
        self.gift_plans = [plan for plan in self.plans if any(leaf.gift for leaf in plan.leaves)]
        for year, count, end in (
            (2021, ORDERS_2021, dt.date(2021, 12, 30)),
            (2022, ORDERS_2022, AS_OF),
        ):
            pool = [(i, w) for i, w in buyers if not (year == 2022 and i.name in NO_ORDERS_2022)]
            days = _business_days(dt.date(year, 1, 3), end)
            weights = [MONTH_WEIGHTS[d.month - 1] * (1.3 if _in_chuseok(d) else 1.0) for d in days]
            scripted = self._scripted(year, pool)
            for day, institution, plan in scripted:
                order = self._order(day, institution, plan)
                order.waiting = day >= AS_OF - dt.timedelta(days=1)
                self.orders.append(order)
            picked = rng.choices(days, weights=weights, k=count - len(scripted))
            chosen = rng.choices(pool, weights=[w for _i, w in pool], k=len(picked))
            for day, (institution, _weight) in zip(picked, chosen, strict=True):
                self.orders.append(self._order(day, institution, None))
            extra = CANCELLED_ORDERS + RETURNED_ORDERS if year == 2022 else 6
            for index in range(extra):
                day = rng.choice(days[:-10])
                institution = rng.choices(pool, weights=[w for _i, w in pool])[0][0]
                order = self._order(day, institution, None, allow_gifts=False)
                returned = year == 2022 and index >= CANCELLED_ORDERS
                order.status_override = OrderStatus.RETURNED if returned else OrderStatus.CANCELLED
                self.orders.append(order)
        self.orders.sort(key=lambda o: o.placed_at)

    def _scripted(self, year: int, pool) -> list[tuple[dt.date, Institution, VendorPlan]]:
        """Orders that make the demo logins' pages tell a story: 은평구청 buying from the
        member's vendor, a few of them still waiting for the vendor at the end of September."""
        if year != 2022 or self.member_plan is None:
            return []
        home = next((i for i, _w in pool if i.name == BUYER_INSTITUTION), None)
        if home is None:
            return []
        days = [dt.date(2022, m, d) for m, d in ((3, 15), (5, 10), (6, 21), (8, 23), (9, 5))]
        days += [dt.date(2022, 9, 22), dt.date(2022, 9, 27), dt.date(2022, 9, 29), AS_OF]
        return [(day, home, self.member_plan) for day in days]

    def _order(
        self,
        day: dt.date,
        institution: Institution,
        plan: VendorPlan | None,
        *,
        allow_gifts: bool = True,
    ) -> OrderPlan:
        rng = self.rng
        placed_at = _at(day, rng.randint(9, 17), rng.randint(0, 59))
        buyer = self._buyer(institution, day)
        gift = (
            allow_gifts
            and plan is None
            and _in_chuseok(day)
            and rng.random() < GIFT_SHARE[day.year]
        )
        indexes: list[int] = []
        attempt = 0
        while not indexes:
            # A gift vendor may have listed no gift yet; after a few tries, buy anything.
            gift = gift and attempt < 10
            chosen = plan or self._vendor_for(day, institution, gift=gift)
            available = bisect.bisect_right(chosen.days, day)
            indexes = [i for i in range(available) if not gift or chosen.leaves[i].gift]
            attempt += 1
        lines = self._lines(chosen, indexes)
        return OrderPlan(placed_at, institution, buyer, chosen, lines)

    def _buyer(self, institution: Institution, day: dt.date) -> User | None:
        joined = self.members[institution.pk]
        available = bisect.bisect_right(self.member_days[institution.pk], day) or 1
        if (
            self.login is not None
            and self.login.institution_id == institution.pk
            and day >= dt.date(2021, 3, 2)
            and self.rng.random() < 0.35
        ):
            return self.login
        return self.rng.choice(joined[:available])[1]

    def _vendor_for(self, day: dt.date, institution: Institution, *, gift: bool) -> VendorPlan:
        rng = self.rng
        if gift:
            return rng.choice(self.gift_plans)
        if institution.district and rng.random() < 0.3:
            local = [
                p for p in self.by_district[institution.district] if p.vendor.approved_on <= day
            ]
            if local:
                return rng.choices(local, weights=[p.order_weight for p in local])[0]
        available = bisect.bisect_right(self.approval_days, day)
        point = rng.random() * self.cumulative[available - 1]
        return self.plans_by_approval[bisect.bisect_left(self.cumulative, point, hi=available)]

    def _lines(self, plan: VendorPlan, indexes: list[int]) -> list[Line]:
        """One service (a job is ordered alone), or one to five goods."""
        rng = self.rng
        first = rng.choices(indexes, weights=[plan.weights[i] for i in indexes])[0]
        picked = {first}
        if not plan.leaves[first].service:
            goods = [i for i in indexes if not plan.leaves[i].service]
            count = min(len(goods), rng.choices((1, 2, 3, 4, 5), (50, 28, 12, 6, 4))[0])
            weights = [plan.weights[i] for i in goods]
            while len(picked) < count:
                picked.add(rng.choices(goods, weights=weights)[0])
        lines = []
        for i in sorted(picked):
            product, leaf = plan.products[i], plan.leaves[i]
            if leaf.service:
                quantity = 1
            else:
                target = rng.lognormvariate(math.log(leaf.line_won), 0.7)
                quantity = max(product.min_order_quantity, round(target / product.price_won))
            lines.append(Line(product, leaf, quantity, product.price_won))
        return lines

    # -- promotions and exact totals -------------------------------------------------------

    def _promotion_products(self) -> dict[str, list[Product]]:
        """The curated products of each 추석 기획전: gifts listed before it began, plus the
        featured sample enterprise's products in 2022."""
        rng = self.rng
        curated = {}
        for (title, starts, _ends), size in ((CHUSEOK_2021, 80), (CHUSEOK_2022, 120)):
            cutoff = starts - dt.timedelta(days=7)
            gifts = [
                product
                for plan in self.gift_plans
                for product, leaf, day in zip(plan.products, plan.leaves, plan.days, strict=True)
                if leaf.gift and day <= cutoff
            ]
            # Products that sold in the period are the ones a curator would have picked.
            sold = {
                id(line.product)
                for order in self.orders
                if starts <= order.day <= _ends
                for line in order.lines
            }
            ranked = sorted(gifts, key=lambda p: (id(p) not in sold, rng.random()))
            chosen = ranked[:size]
            if title == CHUSEOK_2022[0] and self.featured is not None:
                featured = next(
                    (p for p in self.plans if p.vendor.enterprise_id == self.featured), None
                )
                if featured is not None:
                    chosen += [p for p in featured.products[:3] if p not in chosen]
            curated[title] = chosen
        zero_waste = [
            product
            for plan in self.plans
            for product, leaf in zip(plan.products, plan.leaves, strict=True)
            if leaf.name in ("친환경 세제", "대나무 칫솔", "샴푸바·고체비누", "다회용기·텀블러",
                             "현수막 가방", "폐플라스틱 소품")
        ]  # fmt: skip
        curated[ZERO_WASTE[0]] = rng.sample(zero_waste, min(60, len(zero_waste)))
        return curated

    def _fix_totals(self, curated: dict[str, list[Product]]) -> None:
        """Scale quantities so that each exact figure is reached, the last won by a quoted
        line: the 추석 promotions' sales first, then 2022's total sales."""
        for (title, starts, ends), target in (
            (CHUSEOK_2021, CHUSEOK_2021_WON),
            (CHUSEOK_2022, CHUSEOK_2022_WON),
        ):
            chosen = {id(p) for p in curated[title]}
            in_period = [
                o for o in self.orders if starts <= o.day <= ends and not o.status_override
            ]
            lines = [line for o in in_period for line in o.lines if id(line.product) in chosen]
            self._hit(lines, self._adjuster(in_period, chosen=chosen), target)
        counted = [o for o in self.orders if o.day.year == 2022 and not o.status_override]
        promoted = {id(p) for p in curated[CHUSEOK_2022[0]]}
        starts, ends = CHUSEOK_2022[1], CHUSEOK_2022[2]
        frozen = {
            id(line)
            for o in counted
            if starts <= o.day <= ends
            for line in o.lines
            if id(line.product) in promoted
        }
        fixed = sum(line.amount_won for o in counted for line in o.lines if id(line) in frozen)
        free = [line for o in counted if not o.fixed for line in o.lines if id(line) not in frozen]
        september = [o for o in counted if o.day.month == 9]
        self._hit(free, self._adjuster(september, avoid=promoted), SALES_2022_WON - fixed)

    @staticmethod
    def _adjuster(orders: list[OrderPlan], *, chosen=None, avoid=frozenset()) -> Line:
        """The quoted line that takes a remainder: a bulk order of a curated gift late in the
        promotion, or September's biggest service contract."""
        if chosen is not None:
            candidates = [
                o
                for o in reversed(orders)
                if len(o.lines) == 1 and id(o.lines[0].product) in chosen
            ]
        else:
            candidates = sorted(
                (
                    o
                    for o in orders
                    if len(o.lines) == 1
                    and o.lines[0].leaf.service
                    and id(o.lines[0].product) not in avoid
                ),
                key=lambda o: -o.lines[0].amount_won,
            )
        order = next(o for o in candidates if not o.fixed)
        order.fixed = order.quoted = True
        line = order.lines[0]
        if not line.leaf.service:
            line.quantity = 50
        return line

    def _hit(self, lines: list[Line], adjuster: Line, target: int) -> None:
        """Make the lines and the adjuster sum to `target` exactly, the adjuster keeping its
        quantity and a price within a fifth of the catalog's."""
        rng = self.rng
        lines = [line for line in lines if line is not adjuster]
        reserve = adjuster.amount_won
        goal = target - reserve
        for _round in range(3):
            factor = goal / sum(line.amount_won for line in lines)
            for line in lines:
                if not line.leaf.service:
                    scaled = max(line.product.min_order_quantity, round(line.quantity * factor))
                    line.quantity = scaled
        # Nudge single units until what is left is close to the adjuster's catalog amount.
        scalable = [line for line in lines if not line.leaf.service]
        gap = goal - sum(line.amount_won for line in lines)
        for _step in range(1_000_000):
            if abs(gap) <= reserve // 5:
                break
            line = rng.choice(scalable)
            if gap > 0 and line.unit_price_won <= gap:
                line.quantity += 1
                gap -= line.unit_price_won
            elif gap < 0 and line.quantity > line.product.min_order_quantity:
                line.quantity -= 1
                gap += line.unit_price_won
        remainder = target - sum(line.amount_won for line in lines)
        if remainder % adjuster.quantity or abs(remainder - reserve) > reserve // 5:
            raise RuntimeError(f"demo totals: {remainder:,} won left for {adjuster.product}")
        adjuster.unit_price_won = remainder // adjuster.quantity

    # -- writing orders --------------------------------------------------------------------

    def _write_orders(self) -> None:
        rng = self.rng
        orders, lines, events, requests, request_items, quotes, quote_items = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        counters: dict[dt.date, int] = defaultdict(int)
        member_user = {self.member_plan.vendor.pk: self.member} if self.member_plan else {}
        for plan in self.orders:
            day = plan.day
            counters[day] += 1
            sequence = counters[day]
            vendor = plan.plan.vendor
            departments = DEPARTMENTS.get(plan.institution.kind, DEPARTMENTS[InstitutionKind.OTHER])
            order = Order(
                number=f"{day:%Y%m%d}-{sequence:04d}",
                order_date=day,
                sequence=sequence,
                placed_at=plan.placed_at,
                institution=plan.institution,
                buyer=plan.buyer,
                vendor=vendor,
                vendor_kind=vendor.kind,
                total_won=plan.total_won,
                delivery_address=f"{plan.institution.name} {rng.choice(departments)}",
                note=rng.choice(ORDER_NOTES) if rng.random() < 0.15 else "",
            )
            if (
                plan.quoted
                or any(line.leaf.service for line in plan.lines)
                or (plan.total_won >= 3_000_000 and rng.random() < 0.5)
            ):
                order.quote = self._quote(plan, requests, request_items, quotes, quote_items)
            orders.append(order)
            for line in plan.lines:
                lines.append(
                    OrderLine(
                        order=order,
                        product=line.product,
                        product_name=line.product.name,
                        unit=line.product.unit,
                        quantity=line.quantity,
                        unit_price_won=line.unit_price_won,
                        amount_won=line.amount_won,
                        tax_type=line.product.tax_type,
                    )
                )
            events.extend(self._timeline(plan, order, member_user.get(vendor.pk)))
        QuoteRequest.objects.bulk_create(requests, batch_size=1000)
        QuoteRequestItem.objects.bulk_create(request_items, batch_size=1000)
        Quote.objects.bulk_create(quotes, batch_size=1000)
        QuoteItem.objects.bulk_create(quote_items, batch_size=1000)
        self._backdate(requests, quotes)
        Order.objects.bulk_create(orders, batch_size=1000)
        OrderLine.objects.bulk_create(lines, batch_size=2000)
        OrderEvent.objects.bulk_create(events, batch_size=2000)
        Order.objects.filter(pk__in=[o.pk for o in orders]).update(
            created_at=F("placed_at"), updated_at=F("placed_at")
        )
        existing = set(OrderDayCounter.objects.values_list("day", flat=True))
        OrderDayCounter.objects.bulk_create(
            [OrderDayCounter(day=d, last=n) for d, n in counters.items() if d not in existing],
            batch_size=1000,
        )

    def _quote(self, plan: OrderPlan, requests, request_items, quotes, quote_items) -> Quote:
        rng = self.rng
        requested_at = plan.placed_at - dt.timedelta(
            days=rng.randint(4, 12), hours=rng.randint(0, 3)
        )
        request = QuoteRequest(
            institution=plan.institution,
            requested_by=plan.buyer,
            vendor=plan.plan.vendor,
            status=QuoteRequestStatus.ORDERED,
            message="견적서를 보내 주시면 검토 후 주문하겠습니다.",
            needed_by=plan.day + dt.timedelta(days=rng.randint(10, 30)),
            delivery_address=plan.institution.name,
        )
        request._demo_at = requested_at
        quoted_at = requested_at + dt.timedelta(days=rng.randint(1, 3))
        quote = Quote(
            request=request,
            valid_until=quoted_at.date() + dt.timedelta(days=30),
            total_won=plan.total_won,
            note="부가세 포함 금액입니다.",
        )
        quote._demo_at = quoted_at
        requests.append(request)
        quotes.append(quote)
        for line in plan.lines:
            request_items.append(
                QuoteRequestItem(request=request, product=line.product, quantity=line.quantity)
            )
            quote_items.append(
                QuoteItem(
                    quote=quote,
                    product=line.product,
                    name=line.product.name,
                    unit=line.product.unit,
                    quantity=line.quantity,
                    unit_price_won=line.unit_price_won,
                    amount_won=line.amount_won,
                )
            )
        return quote

    @staticmethod
    def _backdate(*groups) -> None:
        """bulk_create stamps created_at with now; put back the days the history happened."""
        for objects in groups:
            if not objects:
                continue
            for obj in objects:
                obj.created_at = obj.updated_at = obj._demo_at
            type(objects[0]).objects.bulk_update(
                objects, ["created_at", "updated_at"], batch_size=500
            )

    def _timeline(self, plan: OrderPlan, order: Order, vendor_user: User | None):
        """The order's steps up to AS_OF: confirmed, shipped, delivered (with the tax invoice),
        accepted and paid, at plausible intervals; the status is where the steps stop."""
        rng = self.rng
        buyer = plan.buyer
        at = plan.placed_at
        events = [OrderEvent(order=order, from_status="", to_status=OrderStatus.PLACED,
                             actor=buyer, at=at)]  # fmt: skip
        status = OrderStatus.PLACED
        limit = _at(AS_OF, 23, 59)

        def step(to_status, days, actor, note=""):
            nonlocal at, status
            # Steps happen in office hours, later than the one before.
            day = at.astimezone(SEOUL).date() + dt.timedelta(days=days)
            at = max(_at(day, rng.randint(9, 17), rng.randint(0, 59)), at + dt.timedelta(hours=1))
            if at > limit:
                return False
            events.append(OrderEvent(order=order, from_status=status, to_status=to_status,
                                     actor=actor, at=at, note=note))  # fmt: skip
            status = to_status
            return True

        if plan.waiting:
            return events
        # A returned order went quickly, so that it is back before AS_OF and counts nowhere.
        lead = 2 if plan.status_override else max(1, plan.lines[0].product.lead_time_days)
        if plan.status_override == OrderStatus.CANCELLED:
            by_vendor = rng.random() < 0.3
            reason = CANCEL_REASONS[3] if by_vendor else rng.choice(CANCEL_REASONS[:3])
            step(
                OrderStatus.CANCELLED,
                rng.randint(0, 2),
                vendor_user if by_vendor else buyer,
                reason,
            )
            order.status = status
            return events
        done = (
            step(OrderStatus.CONFIRMED, rng.randint(0, 1), vendor_user)
            and step(OrderStatus.SHIPPED, rng.randint(1, lead), vendor_user)
            and step(OrderStatus.DELIVERED, rng.randint(1, 2), vendor_user)
        )
        if done:
            issued = at.astimezone(SEOUL).date()
            order.tax_invoice_number = (
                f"{issued:%Y%m%d}-41000{rng.randint(0, 999):03d}-{rng.randint(0, 10**8 - 1):08d}"
            )
            order.tax_invoice_date = issued
            events.append(
                OrderEvent(
                    order=order,
                    from_status=status,
                    to_status=status,
                    actor=vendor_user,
                    at=at + dt.timedelta(minutes=30),
                    note=f"세금계산서 {order.tax_invoice_number} 발행 ({issued.isoformat()})",
                )
            )
            if plan.status_override == OrderStatus.RETURNED:
                step(OrderStatus.RETURN_REQUESTED, 1, buyer, rng.choice(RETURN_REASONS))
                step(OrderStatus.RETURNED, rng.randint(1, 3), vendor_user)
            elif step(OrderStatus.ACCEPTED, rng.randint(1, 4), buyer) and step(
                OrderStatus.COMPLETED, rng.randint(3, 20), buyer
            ):
                order.paid_on = at.astimezone(SEOUL).date()
        order.status = status
        return events

    def _promotions(self, curated: dict[str, list[Product]]) -> None:
        specs = (
            (CHUSEOK_2021, PromotionSeries.CHUSEOK, "추석 명절 선물", True,
             "사회적경제기업이 만든 추석 선물을 한자리에 모았습니다."),
            (CHUSEOK_2022, PromotionSeries.CHUSEOK, "추석 명절 선물", True,
             "지역의 사회적경제기업이 정성껏 준비한 추석 선물세트와 답례품 기획전입니다."),
            (ZERO_WASTE, PromotionSeries.ZERO_WASTE, "제로웨이스트", False,
             "일회용품을 줄이는 생활용품과 업사이클 제품으로 공공기관의 탄소중립 실천을 돕습니다."),
        )  # fmt: skip
        previous = None
        for (title, starts, ends), series, theme, published, description in specs:
            promotion = Promotion.objects.filter(title=title).first() or Promotion.objects.create(
                title=title,
                series=series,
                theme=theme,
                description=description,
                starts_on=starts,
                ends_on=ends,
                is_published=published,
                previous=previous if series == PromotionSeries.CHUSEOK else None,
            )
            PromotionProduct.objects.bulk_create(
                [
                    PromotionProduct(promotion=promotion, product=product, sort_order=index)
                    for index, product in enumerate(curated[title])
                ],
                ignore_conflicts=True,
            )
            previous = promotion

    # -- open quotes, targets, needs -------------------------------------------------------

    def _open_quotes(self, institutions: list[tuple[Institution, int]]) -> None:
        """Quote requests of the last days of September that are still open (or declined),
        some of them between the demo logins."""
        rng = self.rng
        pool = [(i, w) for i, w in institutions if self.members.get(i.pk)]
        home = next((i for i, _w in pool if i.name == BUYER_INSTITUTION), None)
        plans = []
        for index in range(80):
            institution = rng.choices(pool, weights=[w for _i, w in pool])[0][0]
            vendor_plan = None
            if home is not None and self.member_plan is not None and index < 5:
                institution, vendor_plan = (home if index < 4 else institution), self.member_plan
            day = AS_OF - dt.timedelta(days=rng.randint(0, 12))
            plans.append((day, institution, vendor_plan))
        requests, request_items, quotes, quote_items = [], [], [], []
        statuses = (
            [QuoteRequestStatus.REQUESTED] * 40
            + [QuoteRequestStatus.QUOTED] * 28
            + [QuoteRequestStatus.DECLINED] * 8
            + [QuoteRequestStatus.CANCELLED] * 4
        )
        for (day, institution, vendor_plan), status in zip(plans, statuses, strict=True):
            order = self._order(day, institution, vendor_plan, allow_gifts=False)
            request = QuoteRequest(
                institution=institution,
                requested_by=order.buyer,
                vendor=order.plan.vendor,
                status=status,
                message=rng.choice(
                    (
                        "단가와 납기 확인 부탁드립니다.",
                        "기관 로고 인쇄가 가능한지 알려 주세요.",
                        "부가세 포함 견적 부탁드립니다.",
                        "",
                    )
                ),  # fmt: skip
                needed_by=day + dt.timedelta(days=rng.randint(14, 40)),
                delivery_address=institution.name,
            )
            request._demo_at = order.placed_at
            if status == QuoteRequestStatus.DECLINED:
                request.decline_reason = rng.choice(DECLINE_REASONS)
            requests.append(request)
            for line in order.lines:
                request_items.append(
                    QuoteRequestItem(request=request, product=line.product, quantity=line.quantity)
                )
            if status == QuoteRequestStatus.QUOTED:
                quote = Quote(
                    request=request,
                    valid_until=day + dt.timedelta(days=30),
                    total_won=order.total_won,
                    note="부가세 포함, 배송비 포함 금액입니다.",
                )
                quote._demo_at = order.placed_at + dt.timedelta(days=1)
                quotes.append(quote)
                quote_items.extend(
                    QuoteItem(quote=quote, product=line.product, name=line.product.name,
                              unit=line.product.unit, quantity=line.quantity,
                              unit_price_won=line.unit_price_won, amount_won=line.amount_won)
                    for line in order.lines
                )  # fmt: skip
        QuoteRequest.objects.bulk_create(requests)
        QuoteRequestItem.objects.bulk_create(request_items)
        Quote.objects.bulk_create(quotes)
        QuoteItem.objects.bulk_create(quote_items)
        self._backdate(requests, quotes)
        if self.login is not None and self.member_plan is not None:
            products = self.member_plan.products[:2]
            CartItem.objects.bulk_create(
                [CartItem(user=self.login, product=p, quantity=max(p.min_order_quantity, 20))
                 for p in products],
                ignore_conflicts=True,
            )  # fmt: skip

    def _targets_and_needs(self, institutions: list[tuple[Institution, int]]) -> None:
        rng = self.rng
        bought: dict[int, int] = defaultdict(int)
        for order in self.orders:
            if order.day.year == 2022 and not order.status_override:
                bought[order.institution.pk] += order.total_won
        for institution, _weight in institutions:
            if rng.random() < 0.12:
                continue  # no target set yet
            # Targets are set for the year; by September most are 50–90% on their way.
            expected = max(bought[institution.pk] * rng.uniform(1.2, 2.0), 5_000_000)
            target_won = int(round(expected, -6))
            if institution.kind == InstitutionKind.PUBLIC_CORPORATION and rng.random() < 0.6:
                percent = rng.choice((3, 4, 5, 7, 10))
                institution_services.purchase_target_set(
                    actor=system_actor(),
                    institution=institution,
                    year=2022,
                    kind=TargetKind.PERCENT,
                    target_percent=percent,
                    total_purchases_won=int(round(target_won * 100 / percent, -6)),
                )
            else:
                institution_services.purchase_target_set(
                    actor=system_actor(),
                    institution=institution,
                    year=2022,
                    kind=TargetKind.AMOUNT,
                    target_won=target_won,
                )
        home = next((i for i, _w in institutions if i.name == BUYER_INSTITUTION), None)
        if home is None or home.buying_needs.exists():
            return
        needs = (
            ("친환경 주방세제", "주방세제", "친환경 세제", ["eco"], [], 15_000, "은평구"),
            ("대나무 칫솔 (직원 복지)", "대나무 칫솔", "대나무 칫솔", [], [], 3_000, ""),
            ("행사용 도시락", "도시락", "도시락", [], ["social_enterprise"], 12_000, "은평구"),
            ("청사 방역 소독", "방역", "방역·소독", [], ["self_sufficiency", "social_enterprise"],
             None, "은평구"),
            ("홍보용 에코백", "에코백", "현수막 가방", ["eco"], [], 10_000, ""),
        )  # fmt: skip
        for title, keywords, leaf, certifications, kinds, price, district in needs:
            institution_services.buying_need_save(
                actor=system_actor(),
                institution=home,
                title=title,
                keywords=keywords,
                category=self.categories[leaf],
                certifications=certifications,
                vendor_kinds=kinds,
                max_unit_price_won=price,
                delivery_district=district,
            )


def _in_chuseok(day: dt.date) -> bool:
    return any(starts <= day <= ends for _t, starts, ends in (CHUSEOK_2021, CHUSEOK_2022))
