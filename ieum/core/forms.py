"""Form helpers shared by every app's pages, and the checks on text and numbers people send
(pages, their filters and the commands' arguments; the API and imports have their own)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the service named one the
    form has, on the whole form otherwise."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


# --- hostile input -------------------------------------------------------------------------
# Text people send may not hold NUL or other C0 control characters (PostgreSQL refuses NUL in
# text; the others are invisible junk that breaks files and searches). Tab, line feed and
# carriage return are kept: multi-line text (a textarea sends CR LF) and pasted tables use them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What the databases' 64-bit integer columns (and SQLite's integers) hold.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def control_characters_message(label: str = "") -> str:
    """The Korean refusal, naming the field when one is known."""
    if label:
        return _(
            "'%(field)s'에 쓸 수 없는 제어 문자(NUL 등)가 있습니다. 지우고 다시 입력해 주세요."
        ) % {"field": label}
    return _("입력에 쓸 수 없는 제어 문자(NUL 등)가 있습니다. 지우고 다시 입력해 주세요.")


def first_control_character_field(params: QueryDict) -> str | None:
    """The first parameter (name or any value) of a query string or posted form that holds a
    control character, or None."""
    for name, values in params.lists():
        if has_control_characters(name) or any(
            isinstance(value, str) and has_control_characters(value) for value in values
        ):
            return name
    return None


def int_param(value: object, *, low: int = BIGINT_MIN, high: int = BIGINT_MAX) -> int | None:
    """A whole number from a query parameter within [low, high], or None: ASCII digits only
    (an optional leading minus), so '２０２２', '²' or '1e9' and a year like 849187 out of
    range are None instead of a crash below."""
    text = str(value if value is not None else "").strip()
    digits = text.removeprefix("-")
    if not digits or not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        return None
    number = int(text)
    return number if low <= number <= high else None
