"""Seoul's 25 districts, recognized from names, short names and addresses."""

import pytest

from ieum.core.districts import DISTRICT_NAMES, District, normalize_district


def test_there_are_25_distinct_districts_each_a_choice():
    assert len(DISTRICT_NAMES) == 25
    assert len(set(DISTRICT_NAMES)) == 25
    assert all(name.endswith("구") for name in DISTRICT_NAMES)
    assert [value for value, _ in District.choices] == list(DISTRICT_NAMES)
    assert DISTRICT_NAMES[0] == "종로구"
    assert DISTRICT_NAMES[-1] == "강동구"


@pytest.mark.parametrize("name", DISTRICT_NAMES)
def test_every_district_is_recognized_by_full_and_short_name(name):
    assert normalize_district(name) == name
    assert normalize_district(name.removesuffix("구")) == name
    assert normalize_district(f"서울특별시 {name}") == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("서울특별시 중구 세종대로 110", "중구"),
        ("서울 강남구 테헤란로 152", "강남구"),
        ("서울시 은평구 통일로 684, 1동 (녹번동)", "은평구"),
        ("서울특별시,마포구,월드컵북로 400", "마포구"),
        ("서울특별시 강서구 공항대로 247", "강서구"),
        ("서울 종로구 세종로 1", "종로구"),
        ("  영등포구  ", "영등포구"),
    ],
)
def test_district_is_read_from_an_address(text, expected):
    assert normalize_district(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "부산광역시 중구 중앙대로 100",  # 부산 has a 중구 too
        "부산 강서구 공항진입로 108",  # … and a 강서구
        "인천광역시 중구 공항로 272",
        "대구 중구 공평로 88",
        "경기도 성남시 분당구 불정로 6",
        "세종특별자치시 한누리대로 2130",
        "제주특별자치도 제주시 문연로 6",
        "서울",
        "강남구청",
        "",
        None,
    ],
)
def test_text_naming_no_seoul_district_gives_none(text):
    assert normalize_district(text) is None
