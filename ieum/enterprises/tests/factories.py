import factory

from ieum.core.idnumbers import brn_check_digit
from ieum.enterprises.models import Certification, Enterprise


def valid_brn(n: int) -> str:
    """The n-th valid brn: nine digits from n, then its check digit."""
    body = f"{220_000_000 + n:09d}"
    return body + str(brn_check_digit(body))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"테스트기업{n}")
    brn = factory.Sequence(valid_brn)
    district = "은평구"
    industry = "식품·외식"


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = "social_enterprise"
