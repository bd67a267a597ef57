"""Sample enterprises: plausible, valid, the same for a seed, and created only once."""

from itertools import pairwise

import pytest

from ieum.core import search
from ieum.core.districts import DISTRICT_NAMES, normalize_district
from ieum.core.idnumbers import is_valid_brn, is_valid_crn
from ieum.enterprises.choices import EnterpriseKind, SocialPurpose
from ieum.enterprises.models import Certification, Contact, Enterprise
from ieum.enterprises.samples import LAST_DAY, create_sample_enterprises, sample_enterprises
from ieum.enterprises.services import SEARCH_KIND
from ieum.enterprises.tests.factories import EnterpriseFactory

DEMO = list(sample_enterprises(700))
CORPORATION_MIDDLES = {"81", "82", "86", "87"}


def _fields(sample: dict) -> dict:
    return {k: v for k, v in sample.items() if k not in ("certifications", "contact")}


def test_700_samples_cover_every_district_kind_and_social_purpose():
    assert {s["district"] for s in DEMO} == set(DISTRICT_NAMES)
    assert {c["kind"] for s in DEMO for c in s["certifications"]} == set(EnterpriseKind.values)
    assert {s["social_purpose"] for s in DEMO} - {""} == set(SocialPurpose.values)


def test_every_address_is_in_the_samples_district():
    for sample in DEMO:
        assert sample["address"].startswith(f"서울특별시 {sample['district']} ")
        assert normalize_district(sample["address"]) == sample["district"]


def test_every_brn_and_crn_is_valid_and_unique():
    samples = list(sample_enterprises(5000))
    brns = [s["brn"] for s in samples]
    crns = [s["crn"] for s in samples if s["crn"]]
    assert all(is_valid_brn(brn) for brn in brns)
    assert all(is_valid_crn(crn) for crn in crns)
    assert len(set(brns)) == len(brns)
    assert len(set(crns)) == len(crns)
    assert 0 < len(crns) < len(brns)


def test_incorporated_enterprises_carry_a_corporation_brn():
    """Only a sole proprietor (no crn) has a brn outside the corporation codes."""
    for sample in DEMO:
        if sample["crn"]:
            assert sample["brn"][3:5] in CORPORATION_MIDDLES


def test_names_are_unique_and_carry_their_legal_form():
    names = [s["name"] for s in DEMO]
    assert len(set(names)) == len(names)
    for sample in DEMO:
        kinds = {c["kind"] for c in sample["certifications"]}
        if EnterpriseKind.SOCIAL_COOPERATIVE in kinds:
            assert sample["name"].endswith("사회적협동조합") or "마을기업" in sample["name"]


def test_certification_histories_are_in_order_and_end_by_2022():
    for sample in DEMO:
        dates = [c["certified_on"] for c in sample["certifications"]]
        assert dates == sorted(dates)
        assert sample["founded_on"] <= dates[0] <= dates[-1] <= LAST_DAY
        for this, following in pairwise(sample["certifications"]):
            if this["kind"].startswith("pre_") and following["kind"] == "social_enterprise":
                assert this["ended_on"] < following["certified_on"]


def test_some_enterprises_go_from_pre_certified_to_certified_with_a_number_and_round():
    upgraded = [
        s
        for s in DEMO
        if [c["kind"] for c in s["certifications"]][-2:]
        == [EnterpriseKind.PRE_REGIONAL, EnterpriseKind.SOCIAL_ENTERPRISE]
    ]
    assert len(upgraded) >= 20
    certification = upgraded[0]["certifications"][-1]
    year = certification["certified_on"].year
    assert certification["number"].startswith(f"{year}-")
    assert certification["round"].startswith(f"{year}년 제")


def test_samples_pass_the_enterprise_models_validation():
    for sample in DEMO[:200]:
        Enterprise(**_fields(sample)).full_clean(validate_unique=False, validate_constraints=False)
        if sample["contact"]:
            contact = Contact(enterprise=Enterprise(pk=1), **sample["contact"])
            contact.full_clean(exclude=["enterprise"])


def test_homepages_only_sometimes_and_never_a_real_site():
    homepages = [s["homepage"] for s in DEMO if s["homepage"]]
    assert 0.2 * len(DEMO) < len(homepages) < 0.5 * len(DEMO)
    assert all(url.endswith(".example.com") for url in homepages)


def test_same_seed_gives_the_same_samples_and_another_seed_others():
    assert list(sample_enterprises(50)) == DEMO[:50]
    assert [s["brn"] for s in sample_enterprises(50, seed=7)] != [s["brn"] for s in DEMO[:50]]


@pytest.mark.django_db
def test_create_is_idempotent_and_indexes_for_search():
    ids = create_sample_enterprises(60)
    assert len(ids) == 60
    assert create_sample_enterprises(60) == []
    assert Enterprise.objects.count() == Enterprise.objects.filter(is_sample=True).count() == 60
    assert Certification.objects.count() == sum(len(s["certifications"]) for s in DEMO[:60])
    assert Contact.objects.count() == sum(1 for s in DEMO[:60] if s["contact"])
    first = Enterprise.objects.get(brn=DEMO[0]["brn"])
    assert first.name == DEMO[0]["name"]
    found = Enterprise.objects.filter(pk__in=search.matching_ids(SEARCH_KIND, first.name))
    assert first in found


@pytest.mark.django_db
def test_create_continues_the_stream_from_start():
    create_sample_enterprises(10)
    create_sample_enterprises(10, start=10)
    assert set(Enterprise.objects.values_list("brn", flat=True)) == {s["brn"] for s in DEMO[:20]}


@pytest.mark.django_db
def test_create_skips_a_brn_a_real_enterprise_already_has():
    real = EnterpriseFactory(brn=DEMO[3]["brn"], name="실제 기업")
    ids = create_sample_enterprises(5)
    assert len(ids) == 4
    real.refresh_from_db()
    assert (real.name, real.is_sample) == ("실제 기업", False)
    assert not real.certifications.exists()
