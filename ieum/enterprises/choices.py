from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnterpriseKind(models.TextChoices):
    """Legal forms and designations an enterprise can hold (several at once, over time)."""

    SOCIAL_ENTERPRISE = "social_enterprise", _("사회적기업")
    PRE_REGIONAL = "pre_regional", _("예비사회적기업(지역형)")
    PRE_MINISTRY = "pre_ministry", _("예비사회적기업(부처형)")
    COOPERATIVE = "cooperative", _("협동조합")
    SOCIAL_COOPERATIVE = "social_cooperative", _("사회적협동조합")
    # A context: the console area of the same name is the program, in the plural.
    VILLAGE = "village", pgettext_lazy("enterprise kind", "마을기업")
    SELF_SUFFICIENCY = "self_sufficiency", _("자활기업")
    SOCIAL_VENTURE = "social_venture", _("소셜벤처")
    OTHER = "other", _("기타")


class SocialPurpose(models.TextChoices):
    """사회적목적실현유형 of the Social Enterprise Promotion Act."""

    JOBS = "jobs", _("일자리제공형")
    SOCIAL_SERVICE = "social_service", _("사회서비스제공형")
    COMMUNITY = "community", _("지역사회공헌형")
    MIXED = "mixed", _("혼합형")
    OTHER = "other", _("기타(창의·혁신)형")


class InstitutionKind(models.TextChoices):
    CENTRAL = "central", _("중앙행정기관")
    CITY = "city", _("서울시")
    DISTRICT = "district", pgettext_lazy("institution kind", "자치구")
    PUBLIC_CORPORATION = "public_corporation", _("공사·공단")
    EDUCATION = "education", _("교육청")
    OTHER = "other", _("기타 공공기관")
