"""Orders: the day's gapless numbering, the order with its lines and every step of its life."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ieum.core.models import TimeStampedModel
from ieum.enterprises.choices import EnterpriseKind

from ..choices import OrderStatus, TaxType
from .buying import Quote
from .catalog import Product
from .vendors import Vendor


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
