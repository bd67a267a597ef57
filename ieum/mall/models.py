"""함께누리 mall: vendors (registry enterprises), the catalog, public buyers' memberships, targets
and needs, quotes, orders and promotions.

Institutions themselves live in the registry (`enterprises.Institution`): buyer accounts point at
them, and the mall adds what it needs around them (memberships, targets, needs).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District
from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel
from ieum.enterprises.choices import EnterpriseKind

from .choices import (
    MembershipStatus,
    OrderStatus,
    ProductCertification,
    ProductStatus,
    PromotionSeries,
    QuoteRequestStatus,
    StockStatus,
    TargetKind,
    TaxType,
    VendorStatus,
)


class Vendor(TimeStampedModel):
    """A registry enterprise that applied to sell in the mall (입점기업).

    `kind` and `district` copy the enterprise's main social-economy kind and its district so
    that catalog facets and purchase records need no join into the registry; they are refreshed
    by `vendor_refresh` whenever the registry changes.
    """

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="vendor",
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=VendorStatus.choices, default=VendorStatus.APPLIED
    )
    kind = models.CharField(
        _("기업 유형"), max_length=30, choices=EnterpriseKind.choices, blank=True
    )
    district = models.CharField(_("자치구"), max_length=10, choices=District.choices, blank=True)
    introduction = models.TextField(_("기업 소개"), blank=True)
    applied_at = models.DateTimeField(_("신청일시"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("입점일"), null=True, blank=True)
    suspended_on = models.DateField(_("정지일"), null=True, blank=True)
    decided_at = models.DateTimeField(_("처리일시"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("반려·정지 사유"), blank=True)

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("입점기업")
        verbose_name_plural = _("입점기업")
        indexes = [
            models.Index(fields=["status", "approved_on"], name="mall_vendor_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=VendorStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VendorStatus.APPROVED)
                | models.Q(approved_on__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.enterprise)

    @property
    def is_selling(self) -> bool:
        return self.status == VendorStatus.APPROVED


class VendorDocument(TimeStampedModel):
    """A certificate or other paper a vendor attached to its application (인증서, 사업자등록증)."""

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("서류명"), max_length=100)
    file = models.FileField(
        _("파일"),
        storage=private_storage,
        upload_to=RandomName("mall/vendor-documents", keep_name_in="original_name"),
    )
    original_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)

    class Meta:
        ordering = ["vendor", "id"]
        verbose_name = _("입점 서류")
        verbose_name_plural = _("입점 서류")

    def __str__(self) -> str:
        return f"{self.vendor} · {self.title}"


class VendorEvent(TimeStampedModel):
    """Every change of a vendor's status, with who and why."""

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("상태"), max_length=20, choices=VendorStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("사유"), blank=True)

    class Meta:
        ordering = ["vendor", "created_at", "id"]
        verbose_name = _("입점기업 이력")
        verbose_name_plural = _("입점기업 이력")

    def __str__(self) -> str:
        return f"{self.vendor} → {self.get_status_display()}"


class Category(TimeStampedModel):
    """A node of the catalog's category tree (생활용품 › 친환경 세제)."""

    name = models.CharField(_("분류명"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("상위 분류"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("상품 분류")
        verbose_name_plural = _("상품 분류")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="%(app_label)s_%(class)s_unique_root_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    """A listed product or service (입점상품). Prices are in won as the buyer pays them.

    `vendor_kind` and `district` copy the vendor's, `certification_flags` its certificates,
    and `sales_won`/`order_count` sum its non-cancelled order lines, so that the catalog's
    facets and sorts read one table.
    """

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("상품명"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("카테고리"), on_delete=models.PROTECT, related_name="products"
    )
    price_won = models.BigIntegerField(_("판매가(원)"))
    tax_type = models.CharField(
        _("과세 구분"), max_length=10, choices=TaxType.choices, default=TaxType.TAXABLE
    )
    unit = models.CharField(_("단위"), max_length=20, default="개")
    min_order_quantity = models.PositiveIntegerField(_("최소주문수량"), default=1)
    lead_time_days = models.PositiveSmallIntegerField(_("납기(일)"), default=3)
    stock_status = models.CharField(
        _("재고 상태"), max_length=20, choices=StockStatus.choices, default=StockStatus.IN_STOCK
    )
    description = models.TextField(_("상품설명"), blank=True)
    classification_number = models.CharField(
        _("물품분류번호"), max_length=10, blank=True, help_text=_("조달청 10자리 물품분류번호")
    )
    delivery_districts = models.CharField(
        _("배송 가능 지역"),
        max_length=400,
        blank=True,
        help_text=_("비어 있으면 서울 전역. 자치구 코드를 쉼표로 감싸 저장 (,mapo,jongno,)"),
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    published_at = models.DateTimeField(_("게시일시"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("판매중지일시"), null=True, blank=True)
    vendor_kind = models.CharField(
        _("기업 유형"), max_length=30, choices=EnterpriseKind.choices, blank=True
    )
    district = models.CharField(_("자치구"), max_length=10, choices=District.choices, blank=True)
    sales_won = models.BigIntegerField(_("판매액(원)"), default=0)
    order_count = models.PositiveIntegerField(_("주문 건수"), default=0)
    # One bit per certification (services.catalog.CERTIFICATION_BITS), kept by product_reindex:
    # the search filters and counts certifications from this column without a join.
    certification_flags = models.PositiveIntegerField(_("인증 비트"), default=0, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("상품")
        verbose_name_plural = _("상품")
        indexes = [
            # With the vendor, the category facet is counted from this index alone.
            models.Index(fields=["status", "category", "vendor"], name="mall_product_category"),
            models.Index(fields=["status", "-published_at", "-id"], name="mall_product_newest"),
            models.Index(fields=["status", "price_won"], name="mall_product_price"),
            models.Index(fields=["status", "-sales_won"], name="mall_product_sales"),
            models.Index(fields=["vendor", "status"], name="mall_product_vendor"),
            # Covers the catalog's facet counts: they read only the index, not the wide rows.
            models.Index(
                fields=[
                    "status",
                    "vendor_kind",
                    "district",
                    "price_won",
                    "certification_flags",
                    "category",
                    "vendor",
                ],
                name="mall_product_facets",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_won__gt=0), name="%(app_label)s_%(class)s_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(min_order_quantity__gte=1),
                name="%(app_label)s_%(class)s_min_quantity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProductStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ProductStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def delivery_district_codes(self) -> list[str]:
        return [code for code in self.delivery_districts.split(",") if code]


class ProductCertificate(models.Model):
    """A product certification the product holds (친환경, 녹색인증, 우수조달 …)."""

    product = models.ForeignKey(
        Product, verbose_name=_("상품"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("인증"), max_length=30, choices=ProductCertification.choices)

    class Meta:
        ordering = ["product", "kind"]
        verbose_name = _("상품 인증")
        verbose_name_plural = _("상품 인증")
        indexes = [models.Index(fields=["kind", "product"], name="mall_certificate_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "kind"], name="%(app_label)s_%(class)s_unique_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.get_kind_display()}"


class ProductImage(TimeStampedModel):
    """A product photo, checked to be an image and resized before it is stored."""

    product = models.ForeignKey(
        Product, verbose_name=_("상품"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("이미지"), upload_to="mall/products/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("가로(px)"), default=0)
    height = models.PositiveIntegerField(_("세로(px)"), default=0)
    alt = models.CharField(_("대체 텍스트"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["product", "sort_order", "id"]
        verbose_name = _("상품 이미지")
        verbose_name_plural = _("상품 이미지")

    def __str__(self) -> str:
        return f"{self.product} #{self.sort_order}"


class Membership(TimeStampedModel):
    """A buyer account's membership of the mall, approved by staff before it may order (회원)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="mall_membership",
    )
    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("기관"),
        on_delete=models.PROTECT,
        related_name="mall_memberships",
    )
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    applied_at = models.DateTimeField(_("신청일시"), default=timezone.now)
    approved_on = models.DateField(_("승인일"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("반려 사유"), blank=True)

    class Meta:
        ordering = ["institution", "user"]
        verbose_name = _("구매 회원")
        verbose_name_plural = _("구매 회원")
        indexes = [models.Index(fields=["status", "approved_on"], name="mall_membership_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=MembershipStatus.APPROVED)
                | models.Q(approved_on__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.institution})"


class PurchaseTarget(TimeStampedModel):
    """An institution's priority-purchase target for one year (우선구매 목표): an amount in won,
    or a percentage of its total purchases with that total given."""

    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("기관"),
        on_delete=models.CASCADE,
        related_name="purchase_targets",
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    kind = models.CharField(
        _("목표 방식"), max_length=10, choices=TargetKind.choices, default=TargetKind.AMOUNT
    )
    target_won = models.BigIntegerField(_("목표액(원)"), null=True, blank=True)
    target_percent = models.DecimalField(
        _("목표 비율(%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    total_purchases_won = models.BigIntegerField(_("총구매액(원)"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "institution"]
        verbose_name = _("우선구매 목표")
        verbose_name_plural = _("우선구매 목표")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="%(app_label)s_%(class)s_unique_year"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=TargetKind.AMOUNT, target_won__gt=0)
                    | models.Q(
                        kind=TargetKind.PERCENT,
                        target_percent__gt=0,
                        target_percent__lte=100,
                        total_purchases_won__gt=0,
                    )
                ),
                name="%(app_label)s_%(class)s_target_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"

    @property
    def target_amount_won(self) -> int:
        """The target in won (a percentage target applied to the stated total, rounded down)."""
        if self.kind == TargetKind.AMOUNT:
            return self.target_won or 0
        return int(self.total_purchases_won * self.target_percent / 100)


class BuyingNeed(TimeStampedModel):
    """What an institution says it needs, for product recommendations (인증 조건, 가격 조건 …).

    `certifications` lists product certification codes (ProductCertification) and
    `vendor_kinds` social-economy kinds (EnterpriseKind) a product must carry; empty means any.
    """

    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("기관"),
        on_delete=models.CASCADE,
        related_name="buying_needs",
    )
    title = models.CharField(_("필요 물품"), max_length=100)
    keywords = models.CharField(_("검색어"), max_length=100, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("카테고리"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    certifications = models.JSONField(_("필수 인증"), default=list, blank=True)
    vendor_kinds = models.JSONField(_("기업 유형"), default=list, blank=True)
    max_unit_price_won = models.BigIntegerField(_("최대 단가(원)"), null=True, blank=True)
    delivery_district = models.CharField(
        _("배송지 자치구"), max_length=10, choices=District.choices, blank=True
    )

    class Meta:
        ordering = ["institution", "title"]
        verbose_name = _("구매 수요")
        verbose_name_plural = _("구매 수요")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_unit_price_won__isnull=True)
                | models.Q(max_unit_price_won__gt=0),
                name="%(app_label)s_%(class)s_price_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.title}"


class CartItem(TimeStampedModel):
    """A product in a buyer's cart, before a quote request or an order."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="cart_items",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("상품"), on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("수량"))

    class Meta:
        ordering = ["user", "created_at", "id"]
        verbose_name = _("장바구니 항목")
        verbose_name_plural = _("장바구니 항목")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product"], name="%(app_label)s_%(class)s_unique_product"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="%(app_label)s_%(class)s_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"


class QuoteRequest(TimeStampedModel):
    """A buyer's request for a quote to one vendor (견적요청), listing products and quantities."""

    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("기관"),
        on_delete=models.PROTECT,
        related_name="quote_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("요청자"),
        on_delete=models.PROTECT,
        related_name="quote_requests",
    )
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.PROTECT, related_name="quote_requests"
    )
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=QuoteRequestStatus.choices,
        default=QuoteRequestStatus.REQUESTED,
    )
    message = models.TextField(_("요청 사항"), blank=True)
    needed_by = models.DateField(_("납품 희망일"), null=True, blank=True)
    delivery_address = models.CharField(_("납품 장소"), max_length=300, blank=True)
    decline_reason = models.TextField(_("견적 불가 사유"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("견적 요청")
        verbose_name_plural = _("견적 요청")
        indexes = [
            models.Index(fields=["institution", "-created_at"], name="mall_quotereq_institution"),
            models.Index(fields=["vendor", "-created_at"], name="mall_quotereq_vendor"),
        ]

    def __str__(self) -> str:
        return f"견적요청 {self.pk} · {self.institution} → {self.vendor}"


class QuoteRequestItem(models.Model):
    request = models.ForeignKey(
        QuoteRequest, verbose_name=_("견적 요청"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("상품"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("수량"))

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("견적 요청 품목")
        verbose_name_plural = _("견적 요청 품목")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="%(app_label)s_%(class)s_quantity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"


class Quote(TimeStampedModel):
    """The vendor's itemised answer to a quote request (견적서), valid until a date."""

    request = models.OneToOneField(
        QuoteRequest, verbose_name=_("견적 요청"), on_delete=models.CASCADE, related_name="quote"
    )
    valid_until = models.DateField(_("유효기간"))
    note = models.TextField(_("비고"), blank=True)
    total_won = models.BigIntegerField(_("합계(원)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("견적서")
        verbose_name_plural = _("견적서")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_won__gt=0), name="%(app_label)s_%(class)s_total_positive"
            )
        ]

    def __str__(self) -> str:
        return f"견적서 {self.request_id}"


class QuoteItem(models.Model):
    quote = models.ForeignKey(
        Quote, verbose_name=_("견적서"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("상품"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("품명"), max_length=200)
    unit = models.CharField(_("단위"), max_length=20)
    quantity = models.PositiveIntegerField(_("수량"))
    unit_price_won = models.BigIntegerField(_("단가(원)"))
    amount_won = models.BigIntegerField(_("금액(원)"))

    class Meta:
        ordering = ["quote", "id"]
        verbose_name = _("견적 품목")
        verbose_name_plural = _("견적 품목")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, unit_price_won__gt=0),
                name="%(app_label)s_%(class)s_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_won=models.F("quantity") * models.F("unit_price_won")),
                name="%(app_label)s_%(class)s_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class OrderDayCounter(models.Model):
    """The last order number given on a day; bumped in the order's own transaction, so a
    rolled-back order gives its number back and the day's numbers stay gapless."""

    day = models.DateField(_("일자"), primary_key=True)
    last = models.PositiveIntegerField(_("마지막 번호"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("주문번호 채번")
        verbose_name_plural = _("주문번호 채번")

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Order(TimeStampedModel):
    """An order from an institution to one vendor. Public buyers pay by invoice: the tax
    invoice (세금계산서) and the payment date are recorded, no card payment happens here.

    `number` is the day and its sequence (20220801-0001); `vendor_kind` keeps the vendor's kind
    when the order was placed, which is what the purchase records report.
    """

    number = models.CharField(_("주문번호"), max_length=20, unique=True)
    order_date = models.DateField(_("주문일"))
    sequence = models.PositiveIntegerField(_("일련번호"))
    placed_at = models.DateTimeField(_("주문일시"), default=timezone.now)
    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("기관"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("주문자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.PROTECT, related_name="orders"
    )
    vendor_kind = models.CharField(
        _("기업 유형"), max_length=30, choices=EnterpriseKind.choices, blank=True
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("견적서"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    total_won = models.BigIntegerField(_("주문금액(원)"))
    delivery_address = models.CharField(_("납품 장소"), max_length=300, blank=True)
    note = models.TextField(_("요청 사항"), blank=True)
    tax_invoice_number = models.CharField(_("세금계산서 번호"), max_length=40, blank=True)
    tax_invoice_date = models.DateField(_("세금계산서 발행일"), null=True, blank=True)
    paid_on = models.DateField(_("대금 지급일"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("주문")
        verbose_name_plural = _("주문")
        indexes = [
            models.Index(fields=["placed_at"], name="mall_order_placed"),
            # Covers the purchase records (sums per institution and vendor kind over a period)
            # so they are read from the index alone: 0.8 s → 0.2 s for every institution's
            # 2022 at 300,000 orders on SQLite (bench/mall.py).
            models.Index(
                fields=["institution", "placed_at", "status", "vendor_kind", "total_won"],
                name="mall_order_institution",
            ),
            models.Index(fields=["vendor", "placed_at"], name="mall_order_vendor"),
            models.Index(fields=["status", "placed_at"], name="mall_order_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order_date", "sequence"], name="%(app_label)s_%(class)s_unique_sequence"
            ),
            models.CheckConstraint(
                condition=models.Q(total_won__gt=0), name="%(app_label)s_%(class)s_total_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OrderStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One product on an order, with the name, unit and price it had when ordered."""

    order = models.ForeignKey(
        Order, verbose_name=_("주문"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("상품"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_lines",
    )
    product_name = models.CharField(_("품명"), max_length=200)
    unit = models.CharField(_("단위"), max_length=20)
    quantity = models.PositiveIntegerField(_("수량"))
    unit_price_won = models.BigIntegerField(_("단가(원)"))
    amount_won = models.BigIntegerField(_("금액(원)"))
    tax_type = models.CharField(_("과세 구분"), max_length=10, choices=TaxType.choices)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("주문 품목")
        verbose_name_plural = _("주문 품목")
        indexes = [models.Index(fields=["product", "order"], name="mall_orderline_product")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, unit_price_won__gt=0),
                name="%(app_label)s_%(class)s_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_won=models.F("quantity") * models.F("unit_price_won")),
                name="%(app_label)s_%(class)s_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"


class OrderEvent(models.Model):
    """One step of an order's life: from which state to which, by whom, when, and why."""

    order = models.ForeignKey(
        Order, verbose_name=_("주문"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("이전 상태"), max_length=20, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("상태"), max_length=20, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("일시"), default=timezone.now)
    note = models.TextField(_("메모"), blank=True)

    class Meta:
        ordering = ["order", "at", "id"]
        verbose_name = _("주문 이력")
        verbose_name_plural = _("주문 이력")

    def __str__(self) -> str:
        return f"{self.order} → {self.get_to_status_display()}"


class Promotion(TimeStampedModel):
    """A curated promotion (기획전) over a period; `previous` is the same promotion a year
    earlier, which its sales are compared with."""

    title = models.CharField(_("기획전명"), max_length=100)
    theme = models.CharField(_("주제"), max_length=100, blank=True)
    series = models.CharField(
        _("기획전 구분"),
        max_length=20,
        choices=PromotionSeries.choices,
        default=PromotionSeries.OTHER,
        help_text=_("해마다 열리는 기획전의 구분 (추석 기획전 매출 지표가 이것으로 찾음)"),
    )
    description = models.TextField(_("소개"), blank=True)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    banner = models.ImageField(_("배너"), upload_to="mall/promotions/%Y/", blank=True)
    is_published = models.BooleanField(_("공개"), default=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("전년도 기획전"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("기획 상품"), through="PromotionProduct", related_name="promotions"
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("기획전")
        verbose_name_plural = _("기획전")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PromotionProduct(models.Model):
    promotion = models.ForeignKey(
        Promotion, verbose_name=_("기획전"), on_delete=models.CASCADE, related_name="entries"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("상품"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["promotion", "sort_order", "id"]
        verbose_name = _("기획 상품")
        verbose_name_plural = _("기획 상품")
        constraints = [
            models.UniqueConstraint(
                fields=["promotion", "product"], name="%(app_label)s_%(class)s_unique_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.promotion} · {self.product}"
