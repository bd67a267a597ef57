"""The shared kitchen's agreements with the enterprises that use it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel

from .rooms import Room


class KitchenAgreement(TimeStampedModel):
    """An enterprise's agreement (협약) to use a shared kitchen, with its hygiene certificate."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="kitchen_agreements",
    )
    kitchen = models.ForeignKey(
        Room,
        verbose_name=_("공유주방"),
        on_delete=models.PROTECT,
        related_name="kitchen_agreements",
    )
    starts_on = models.DateField(_("협약 시작"))
    ends_on = models.DateField(_("협약 종료"))
    hygiene_certificate = models.FileField(
        _("위생 교육·보건증"),
        storage=private_storage,
        upload_to=RandomName(
            "spaces/hygiene-certificates", keep_name_in="hygiene_certificate_name"
        ),
        blank=True,
    )
    hygiene_certificate_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)
    hygiene_expires_on = models.DateField(_("위생 증명 만료일"))
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        ordering = ["kitchen", "enterprise"]
        verbose_name = _("공유주방 협약")
        verbose_name_plural = _("공유주방 협약")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kitchen} · {self.enterprise}"
