"""Shared kitchen agreements: refusals, the valid agreement a kitchen booking needs, and the
warning list of hygiene certificates about to lapse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ieum.core.permissions import system_actor
from ieum.enterprises.models import SupportRecord
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import RoomKind
from ieum.spaces.models import KitchenAgreement
from ieum.spaces.selectors.kitchen import expiring_agreements, valid_agreement
from ieum.spaces.services import kitchen as services

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

D = dt.date


def make_kitchen(**fields):
    return RoomFactory(kind=RoomKind.KITCHEN, name=fields.pop("name", "공유주방"), **fields)


def make_agreement(enterprise=None, kitchen=None, **fields):
    values = {
        "starts_on": D(2022, 1, 1),
        "ends_on": D(2022, 12, 31),
        "hygiene_expires_on": D(2022, 6, 30),
    }
    values.update(fields)
    return services.agreement_create(
        actor=system_actor(),
        enterprise=enterprise or EnterpriseFactory(),
        kitchen=kitchen or make_kitchen(),
        **values,
    )


def test_agreement_refuses_a_room_that_is_not_a_kitchen_and_a_bad_period():
    with pytest.raises(ValidationError) as error:
        make_agreement(kitchen=RoomFactory(), starts_on=D(2022, 5, 1), ends_on=D(2022, 4, 30))
    assert error.value.message_dict == {
        "kitchen": ["공유주방을 골라 주세요."],
        "ends_on": ["협약 종료일이 시작일보다 빠릅니다."],
    }
    assert not KitchenAgreement.objects.exists()


def test_agreement_certificate_type_and_size():
    with pytest.raises(ValidationError) as error:
        make_agreement(hygiene_certificate=SimpleUploadedFile("보건증.docx", b"x"))
    assert error.value.message_dict["hygiene_certificate"] == [
        "위생 증명은 PDF, JPG, PNG 파일만 올릴 수 있습니다."
    ]
    big = SimpleUploadedFile("보건증.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10MB 이하"):
        make_agreement(hygiene_certificate=big)
    assert not KitchenAgreement.objects.exists()

    agreement = make_agreement(hygiene_certificate=SimpleUploadedFile("보건증.pdf", b"%PDF-1.4"))
    assert agreement.hygiene_certificate.name.endswith(".pdf")


def test_agreement_refuses_an_overlapping_one_and_records_support():
    kitchen = make_kitchen(facility=FacilityFactory(short_name="가락"))
    enterprise = EnterpriseFactory()
    make_agreement(enterprise, kitchen)
    with pytest.raises(ValidationError, match="기간이 겹치는 협약"):
        make_agreement(enterprise, kitchen, starts_on=D(2022, 12, 31), ends_on=D(2023, 6, 30))
    make_agreement(enterprise, kitchen, starts_on=D(2023, 1, 1), ends_on=D(2023, 12, 31))
    titles = SupportRecord.objects.filter(enterprise=enterprise, source="spaces")
    assert titles.count() == 2
    assert "가락 공유주방 이용 협약 ('22.01.01.~'22.12.31.)" in titles.values_list(
        "title", flat=True
    )


def test_valid_agreement_edges():
    kitchen = make_kitchen()
    agreement = make_agreement(
        kitchen=kitchen,
        starts_on=D(2022, 3, 1),
        ends_on=D(2022, 12, 31),
        hygiene_expires_on=D(2022, 9, 30),
    )
    enterprise = agreement.enterprise

    def valid(on):
        return valid_agreement(enterprise=enterprise, kitchen=kitchen, on=on)

    assert valid(D(2022, 2, 28)) is None  # before the agreement
    assert valid(D(2022, 3, 1)) == agreement
    assert valid(D(2022, 9, 30)) == agreement  # the certificate's last day
    assert valid(D(2022, 10, 1)) is None  # hygiene certificate lapsed
    assert (
        valid_agreement(enterprise=EnterpriseFactory(), kitchen=kitchen, on=D(2022, 5, 1)) is None
    )
    assert valid_agreement(enterprise=enterprise, kitchen=make_kitchen(), on=D(2022, 5, 1)) is None

    services.agreement_hygiene_update(
        actor=system_actor(), agreement=agreement, hygiene_expires_on=D(2023, 9, 30)
    )
    assert valid(D(2022, 10, 1)) == agreement
    assert valid(D(2023, 1, 1)) is None  # the agreement itself ended


def test_expiring_agreements_within_30_days():
    on = D(2022, 6, 1)
    soon = make_agreement(hygiene_expires_on=D(2022, 6, 20))
    edge = make_agreement(hygiene_expires_on=D(2022, 7, 1))  # exactly 30 days
    lapsed = make_agreement(hygiene_expires_on=D(2022, 5, 20))
    make_agreement(hygiene_expires_on=D(2022, 7, 2))  # 31 days: not yet
    make_agreement(ends_on=D(2022, 5, 31), hygiene_expires_on=D(2022, 6, 5))  # agreement over

    warnings = expiring_agreements(on=on)

    assert [(a.pk, a.days_left) for a in warnings] == [
        (lapsed.pk, -12),
        (soon.pk, 19),
        (edge.pk, 30),
    ]
    assert [a.pk for a in expiring_agreements(on=on, within_days=7)] == [lapsed.pk]
