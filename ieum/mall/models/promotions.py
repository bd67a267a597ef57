"""Curated promotions (기획전) and the products they feature."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.models import TimeStampedModel

from ..choices import PromotionSeries
from .catalog import Product


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
