"""Money is an integer number of won; rates are computed from integers and rounded once here."""

import re
from decimal import ROUND_HALF_UP, Decimal

_AMOUNT = re.compile(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$")


def rate(part: int, whole: int) -> Decimal | None:
    """Percentage of `part` in `whole`, half-up to one decimal; None when `whole` is zero."""
    if not whole:
        return None
    value = Decimal(int(part)) * 100 / Decimal(int(whole))
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # A tiny negative share rounds to Decimal('-0.0'), which would show as '-0.0%'.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_rate(part: int, whole: int) -> str:
    """'57.6%' — or '-' when there is nothing to divide by."""
    value = rate(part, whole)
    return "-" if value is None else f"{value}%"


def _scaled(won: int, unit: int) -> int:
    """Won divided by unit, half-up (away from zero for negatives)."""
    quotient = (Decimal(int(won)) / unit).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(quotient)


def format_won(won: int | None) -> str:
    """'1,234,000원'."""
    return "-" if won is None else f"{int(won):,}원"


def format_thousand_won(won: int | None) -> str:
    """Amount in 천원, no unit: '4,642,570' (the unit goes in the table header)."""
    return "-" if won is None else f"{_scaled(won, 1000):,}"


def format_million_won(won: int | None) -> str:
    """'484백만원'."""
    return "-" if won is None else f"{_scaled(won, 1_000_000):,}백만원"


def parse_won(text: object) -> int:
    """Read an amount in won from a number or text with thousands separators ('1,234', '1234원').

    Raises ValueError with a Korean message for anything ambiguous (decimals, letters).
    """
    if isinstance(text, bool):
        raise ValueError("금액을 읽을 수 없습니다.")
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        if not text.is_integer():
            raise ValueError("금액은 원 단위 정수여야 합니다.")
        return int(text)
    cleaned = str(text).strip().removesuffix("원").strip()
    # Thousands separators only where they belong ('1,234,567'): '1,2,3' or '1 234' could be
    # a typo for something else, so they are refused rather than guessed.
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"금액 '{text}'을(를) 읽을 수 없습니다.")
    return int(cleaned.replace(",", ""))
