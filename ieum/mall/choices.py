from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VendorStatus(models.TextChoices):
    APPLIED = "applied", _("입점 신청")
    APPROVED = "approved", _("입점")
    REJECTED = "rejected", _("반려")
    SUSPENDED = "suspended", _("판매 정지")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("임시 저장")
    PUBLISHED = "published", _("판매 중")
    SUSPENDED = "suspended", _("판매 중지")


class StockStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("재고 있음")
    LOW = "low", _("품절 임박")
    OUT_OF_STOCK = "out_of_stock", _("품절")
    MADE_TO_ORDER = "made_to_order", _("주문 제작")


class TaxType(models.TextChoices):
    TAXABLE = "taxable", _("과세(부가세 포함)")
    EXEMPT = "exempt", _("면세")


class ProductCertification(models.TextChoices):
    """Product certifications public buyers ask for (조달청·환경부·산업부 schemes)."""

    ECO = "eco", _("친환경(환경표지)")
    GREEN = "green", _("녹색인증")
    EXCELLENT_PROCUREMENT = "excellent_procurement", _("우수조달")
    GOOD_SOFTWARE = "gs", _("GS인증")
    PERFORMANCE = "performance", _("성능인증")
    EXCELLENT_PRODUCT = "excellent_product", _("우수제품")
    HACCP = "haccp", _("HACCP")
    ORGANIC = "organic", _("유기농")
    KC = "kc", _("KC인증")


class PriceBand(models.TextChoices):
    """Facet bands of the catalog search (won, VAT as listed)."""

    UNDER_10K = "u10k", _("1만원 미만")
    UNDER_50K = "u50k", _("1만~5만원")
    UNDER_100K = "u100k", _("5만~10만원")
    UNDER_1M = "u1m", _("10만~100만원")
    OVER_1M = "o1m", _("100만원 이상")


PRICE_BAND_BOUNDS = {
    PriceBand.UNDER_10K: (0, 10_000),
    PriceBand.UNDER_50K: (10_000, 50_000),
    PriceBand.UNDER_100K: (50_000, 100_000),
    PriceBand.UNDER_1M: (100_000, 1_000_000),
    PriceBand.OVER_1M: (1_000_000, None),
}


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("가입 신청")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


class QuoteRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("견적 요청")
    QUOTED = "quoted", _("견적 도착")
    EXPIRED = "expired", _("유효기간 만료")
    ORDERED = "ordered", _("주문 완료")
    DECLINED = "declined", _("견적 불가")
    CANCELLED = "cancelled", pgettext_lazy("quote request", "요청 취소")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("주문 접수")
    CONFIRMED = "confirmed", _("주문 확인")
    SHIPPED = "shipped", _("배송 중")
    DELIVERED = "delivered", _("배송 완료")
    ACCEPTED = "accepted", _("검수 완료")
    COMPLETED = "completed", _("대금 지급 완료")
    CANCELLED = "cancelled", pgettext_lazy("order", "주문 취소")
    RETURN_REQUESTED = "return_requested", _("반품 요청")
    RETURNED = "returned", _("반품 완료")


# Orders in these states do not count as sales (KPIs, purchase records, promotions).
NOT_SALES = (OrderStatus.CANCELLED, OrderStatus.RETURNED)


class TargetKind(models.TextChoices):
    AMOUNT = "amount", _("금액")
    PERCENT = "percent", _("총구매액 대비 비율")


class PromotionSeries(models.TextChoices):
    """The recurring promotion a 기획전 belongs to, so a year's one can be found for its KPI."""

    CHUSEOK = "chuseok", _("추석")
    SEOLLAL = "seollal", _("설날")
    ZERO_WASTE = "zero_waste", _("제로웨이스트")
    OTHER = "other", _("기타")
