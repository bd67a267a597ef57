"""Korean registration numbers: business (사업자등록번호, brn) and corporate (법인등록번호, crn).

brn: weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus floor(9th digit x 5 / 10);
check digit = (10 - sum mod 10) mod 10.  crn: weights 1,2,1,2,... on the first twelve digits;
check digit = (10 - sum mod 10) mod 10.
"""

import re

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_SEPARATORS = re.compile(r"[\s\-]")


def _digits(value: object, length: int) -> str | None:
    text = _SEPARATORS.sub("", str(value or ""))
    if len(text) != length or not (text.isdigit() and text.isascii()):
        return None
    return text


def brn_check_digit(first_nine: str) -> int:
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def crn_check_digit(first_twelve: str) -> int:
    total = sum(int(ch) * (1 if i % 2 == 0 else 2) for i, ch in enumerate(first_twelve))
    return (10 - total % 10) % 10


def normalize_brn(value: object) -> str:
    """Ten digits of a valid brn, from '123-45-67890' or '1234567890'. ValueError otherwise."""
    digits = _digits(value, 10)
    if digits is None:
        raise ValueError("사업자등록번호는 숫자 10자리여야 합니다 (예: 123-45-67890).")
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError(f"사업자등록번호 {format_brn(digits)}의 검증번호가 맞지 않습니다.")
    return digits


def normalize_crn(value: object) -> str:
    """Thirteen digits of a valid crn, from '110111-1234567' or digits. ValueError otherwise."""
    digits = _digits(value, 13)
    if digits is None:
        raise ValueError("법인등록번호는 숫자 13자리여야 합니다 (예: 110111-1234567).")
    if crn_check_digit(digits[:12]) != int(digits[12]):
        raise ValueError(f"법인등록번호 {format_crn(digits)}의 검증번호가 맞지 않습니다.")
    return digits


def is_valid_brn(value: object) -> bool:
    try:
        normalize_brn(value)
    except ValueError:
        return False
    return True


def is_valid_crn(value: object) -> bool:
    try:
        normalize_crn(value)
    except ValueError:
        return False
    return True


def format_brn(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits


def format_crn(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 13 else digits
