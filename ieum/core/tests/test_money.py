"""Rates rounded half-up once, won shown in 천원/백만원, amounts read from Excel and text."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ieum.core.money import (
    format_million_won,
    format_rate,
    format_thousand_won,
    format_won,
    parse_won,
    rate,
)

# What a BigIntegerField holds.
BIG_INTEGERS = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (2_672_752, 4_642_570, "57.6"),  # 57.5704…
        (83_000, 122_877, "67.5"),  # 67.5472…
        (10_600, 21_188, "50.0"),  # 50.0283…
        (0, 21_188, "0.0"),
        (21_188, 21_188, "100.0"),
    ],
)
def test_rate_is_a_percentage_to_one_decimal(part, whole, expected):
    assert rate(part, whole) == Decimal(expected)
    assert str(rate(part, whole)) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 16, "6.3"),  # 6.25: half-even would give 6.2
        (1, 80, "1.3"),  # 1.25
        (3, 80, "3.8"),  # 3.75
        (1, 400, "0.3"),  # 0.25
    ],
)
def test_rate_rounds_half_up(part, whole, expected):
    assert rate(part, whole) == Decimal(expected)


def test_rate_rounds_negatives_half_away_from_zero_and_never_shows_minus_zero():
    assert rate(-1, 16) == Decimal("-6.3")
    assert rate(1, -16) == Decimal("-6.3")
    assert str(rate(-1, 100_000)) == "0.0"
    assert format_rate(-1, 100_000) == "0.0%"
    assert format_rate(1, -100_000) == "0.0%"


def test_rate_of_zero_whole_is_none_and_shows_a_dash():
    assert rate(5, 0) is None
    assert rate(0, 0) is None
    assert format_rate(5, 0) == "-"


def test_format_rate_adds_the_percent_sign():
    assert format_rate(2_672_752, 4_642_570) == "57.6%"
    assert format_rate(10_600, 21_188) == "50.0%"


@given(part=BIG_INTEGERS, whole=BIG_INTEGERS.filter(bool))
def test_rate_is_within_half_a_tenth_of_the_exact_percentage(part, whole):
    result = rate(part, whole)
    exact = Fraction(part * 100, whole)
    assert abs(Fraction(result) - exact) <= Fraction(1, 20)
    assert result == result.quantize(Decimal("0.1"))


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (4_642_570_000, "4,642,570"),
        (2_672_752_400, "2,672,752"),
        (1_500, "2"),  # half-up
        (1_499, "1"),
        (499, "0"),
        (0, "0"),
        (-1_500, "-2"),
        (None, "-"),
    ],
)
def test_format_thousand_won(won, expected):
    assert format_thousand_won(won) == expected


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (484_000_000, "484백만원"),
        (4_642_570_000, "4,643백만원"),
        (1_234_499_999, "1,234백만원"),
        (500_000, "1백만원"),
        (499_999, "0백만원"),
        (None, "-"),
    ],
)
def test_format_million_won(won, expected):
    assert format_million_won(won) == expected


def test_format_won():
    assert format_won(1_234_000) == "1,234,000원"
    assert format_won(None) == "-"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, 1234),
        (1234.0, 1234),
        ("1234", 1234),
        ("1,234", 1234),
        ("1,234원", 1234),
        (" 1,234 원 ", 1234),
        ("-1,234", -1234),
        ("-1,234원", -1234),
        (-500, -500),
        ("0", 0),
        (Decimal("1234"), 1234),
    ],
)
def test_parse_won_reads_numbers_and_text(value, expected):
    assert parse_won(value) == expected


@pytest.mark.parametrize("value", [1234.5, "1,234.5", "1234.50원", "0.5"])
def test_parse_won_refuses_decimals_in_korean(value):
    with pytest.raises(ValueError, match="금액"):
        parse_won(value)


@pytest.mark.parametrize(
    "value",
    [
        "12a",
        "천원",
        "원",
        "",
        "-",
        "--5",
        "1-2",
        "１２３",
        True,
        None,
        "1e3",
        "1,2,3",
        "1 234",
        "12,34",
        ",123",
        "1,234,",
        "1,2345",
    ],
)
def test_parse_won_refuses_text_that_is_not_an_amount(value):
    with pytest.raises(ValueError, match="금액"):
        parse_won(value)
