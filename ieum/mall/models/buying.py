"""Public buyers' side before an order: memberships, priority-purchase targets, buying needs,
the cart, quote requests and the vendors' quotes.

Institutions themselves live in the registry (`enterprises.Institution`): buyer accounts point at
them, and the mall adds what it needs around them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District
from ieum.core.models import TimeStampedModel

from ..choices import MembershipStatus, QuoteRequestStatus, TargetKind
from .catalog import Category, Product
from .vendors import Vendor


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
