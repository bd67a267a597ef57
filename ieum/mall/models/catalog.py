"""The catalog: the category tree, listed products, their certifications and photos."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District
from ieum.core.models import TimeStampedModel
from ieum.enterprises.choices import EnterpriseKind

from ..choices import ProductCertification, ProductStatus, StockStatus, TaxType
from .vendors import Vendor


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
