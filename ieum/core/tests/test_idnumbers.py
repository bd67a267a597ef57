"""Business (brn) and corporate (crn) registration numbers: checksums, normalizing, formatting.

The brn checksum detects every single-digit change at every position: weights 1, 3 and 7 are
prime to 10, and the ninth digit d contributes 5d + floor(d/2), which runs through 0..9 mod 10
(0, 5, 1, 6, 2, 7, 3, 8, 4, 9) as d does. The crn checksum weighs every other digit by 2, and
2 x 5 = 10, so a change by exactly 5 at one of those six positions goes unnoticed; every other
single-digit change is detected. The tests below state both facts, exhaustively and by property.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ieum.core.idnumbers import (
    brn_check_digit,
    crn_check_digit,
    format_brn,
    format_crn,
    is_valid_brn,
    is_valid_crn,
    normalize_brn,
    normalize_crn,
)

HANGUL = re.compile(r"[가-힣]")
REAL_BRNS = ["116-82-00276", "134-86-72683"]
REAL_CRN = "130111-0006246"  # 삼성전자(주)


def digit_strings(length: int):
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def with_digit(number: str, position: int, digit: int) -> str:
    return number[:position] + str(digit) + number[position + 1 :]


@st.composite
def single_digit_changes(draw, length: int):
    """(position, new digit) with the new digit different from the one already there."""
    position = draw(st.integers(min_value=0, max_value=length - 1))
    delta = draw(st.integers(min_value=1, max_value=9))
    return position, delta


# --- brn ---------------------------------------------------------------------------------


@given(first_nine=digit_strings(9))
def test_brn_with_its_check_digit_is_valid(first_nine):
    assert is_valid_brn(first_nine + str(brn_check_digit(first_nine)))


@given(first_nine=digit_strings(9), change=single_digit_changes(10))
def test_brn_any_single_digit_change_is_invalid(first_nine, change):
    valid = first_nine + str(brn_check_digit(first_nine))
    position, delta = change
    changed = with_digit(valid, position, (int(valid[position]) + delta) % 10)
    assert changed != valid
    assert not is_valid_brn(changed)


def test_brn_single_digit_changes_are_detected_at_every_position_exhaustively():
    # The checksum is a sum of per-position terms, so checking every (old, new) pair at each
    # position against one base number covers every number.
    base = "000000000"
    undetected = []
    for position in range(10):
        for old in range(10):
            if position < 9:
                nine = with_digit(base, position, old)
                number = nine + str(brn_check_digit(nine))
            else:
                number = base + str(old)
                if not is_valid_brn(number):
                    continue
            for new in range(10):
                if new != old and is_valid_brn(with_digit(number, position, new)):
                    undetected.append((position, old, new))
    assert undetected == []


def test_brn_ninth_digit_term_runs_through_every_residue():
    # 5d + floor(5d/10) mod 10 for d = 0..9: a permutation, so the ninth digit is checked too.
    check_digits = [brn_check_digit("00000000" + str(d)) for d in range(10)]
    assert sorted(check_digits) == list(range(10))


@pytest.mark.parametrize("brn", REAL_BRNS)
def test_real_brn_is_valid_with_and_without_hyphens(brn):
    digits = brn.replace("-", "")
    assert normalize_brn(brn) == digits
    assert normalize_brn(digits) == digits
    assert normalize_brn(f" {brn.replace('-', ' ')} ") == digits
    assert format_brn(normalize_brn(digits)) == brn


def test_brn_formats_as_three_two_five():
    assert format_brn("1168200276") == "116-82-00276"


@pytest.mark.parametrize("brn", ["116-82-00277", "116-82-00176", "216-82-00276"])
def test_brn_with_one_changed_digit_is_refused_in_korean(brn):
    assert not is_valid_brn(brn)
    with pytest.raises(ValueError, match="검증번호가 맞지 않습니다"):
        normalize_brn(brn)


@pytest.mark.parametrize(
    "value",
    [
        "116-82-0027",  # nine digits
        "116-82-002760",  # eleven digits
        "116-82-0027a",
        "ABC-DE-FGHIJ",
        "１１６-８２-００２７６",  # full-width digits
        "",
        None,
    ],
)
def test_brn_of_wrong_shape_is_refused_in_korean(value):
    assert not is_valid_brn(value)
    with pytest.raises(ValueError, match="사업자등록번호는 숫자 10자리") as excinfo:
        normalize_brn(value)
    assert HANGUL.search(str(excinfo.value))


# --- crn ---------------------------------------------------------------------------------


@given(first_twelve=digit_strings(12))
def test_crn_with_its_check_digit_is_valid(first_twelve):
    assert is_valid_crn(first_twelve + str(crn_check_digit(first_twelve)))


@given(first_twelve=digit_strings(12), change=single_digit_changes(13))
def test_crn_single_digit_change_is_invalid_unless_by_five_at_a_weight_two_position(
    first_twelve, change
):
    valid = first_twelve + str(crn_check_digit(first_twelve))
    position, delta = change
    changed = with_digit(valid, position, (int(valid[position]) + delta) % 10)
    weight_two = position < 12 and position % 2 == 1
    assert is_valid_crn(changed) == (weight_two and delta == 5)


def test_crn_undetected_single_digit_changes_are_exactly_the_by_five_ones_at_weight_two():
    base = "000000000000"
    undetected = set()
    for position in range(13):
        for old in range(10):
            if position < 12:
                twelve = with_digit(base, position, old)
                number = twelve + str(crn_check_digit(twelve))
            else:
                number = base + str(old)
                if not is_valid_crn(number):
                    continue
            for new in range(10):
                if new != old and is_valid_crn(with_digit(number, position, new)):
                    undetected.add((position, old, new))
    expected = {
        (position, old, (old + 5) % 10) for position in (1, 3, 5, 7, 9, 11) for old in range(10)
    }
    assert undetected == expected


def test_real_crn_is_valid_with_and_without_hyphen():
    digits = REAL_CRN.replace("-", "")
    assert normalize_crn(REAL_CRN) == digits
    assert normalize_crn(digits) == digits
    assert format_crn(normalize_crn(digits)) == REAL_CRN


def test_crn_with_one_changed_digit_is_refused_in_korean():
    with pytest.raises(ValueError, match="법인등록번호 130111-0006247의 검증번호가 맞지 않습니다"):
        normalize_crn("130111-0006247")


@pytest.mark.parametrize(
    "value", ["130111-000624", "130111-00062460", "130111-000624x", "１３０１１１-０００６２４６"]
)
def test_crn_of_wrong_shape_is_refused_in_korean(value):
    assert not is_valid_crn(value)
    with pytest.raises(ValueError, match="법인등록번호는 숫자 13자리"):
        normalize_crn(value)
