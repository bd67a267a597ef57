from django.db import models


class EnterpriseKind(models.TextChoices):
    """Legal forms and designations an enterprise can hold (several at once, over time)."""

    SOCIAL_ENTERPRISE = "social_enterprise", "사회적기업"
    PRE_REGIONAL = "pre_regional", "예비사회적기업(지역형)"
    PRE_MINISTRY = "pre_ministry", "예비사회적기업(부처형)"
    COOPERATIVE = "cooperative", "협동조합"
    SOCIAL_COOPERATIVE = "social_cooperative", "사회적협동조합"
    VILLAGE = "village", "마을기업"
    SELF_SUFFICIENCY = "self_sufficiency", "자활기업"
    SOCIAL_VENTURE = "social_venture", "소셜벤처"
    OTHER = "other", "기타"


class SocialPurpose(models.TextChoices):
    """사회적목적실현유형 of the Social Enterprise Promotion Act."""

    JOBS = "jobs", "일자리제공형"
    SOCIAL_SERVICE = "social_service", "사회서비스제공형"
    COMMUNITY = "community", "지역사회공헌형"
    MIXED = "mixed", "혼합형"
    OTHER = "other", "기타(창의·혁신)형"


class InstitutionKind(models.TextChoices):
    CENTRAL = "central", "중앙행정기관"
    CITY = "city", "서울시"
    DISTRICT = "district", "자치구"
    PUBLIC_CORPORATION = "public_corporation", "공사·공단"
    EDUCATION = "education", "교육청"
    OTHER = "other", "기타 공공기관"
