"""Placeholders in narratives ({kpi:KEY}, {budget:CODE[.executed|.rate]}) and figure formatting.

Parsing is pure; looking figures up is the selectors' job and checking names is the services'.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ieum.core import money

_BRACED = re.compile(r"\{([^{}]*)\}")
_KPI_KEY = re.compile(r"^[-a-zA-Z0-9_]+$")
_BUDGET_CODE = re.compile(r"^[^\s{}:]+$")
BUDGET_ATTRIBUTES = ("executed", "rate")


@dataclass(frozen=True)
class Placeholder:
    raw: str  # as written, braces included
    kind: str  # "kpi" or "budget"
    name: str  # KPI key or budget code
    attribute: str = ""  # budget only: "", "executed" or "rate"


def parse(text: str) -> tuple[list[Placeholder], list[str]]:
    """The placeholders in `text` and a Korean message for each malformed one."""
    found: list[Placeholder] = []
    errors: list[str] = []
    for match in _BRACED.finditer(text):
        raw, inner = match.group(0), match.group(1).strip()
        kind, sep, rest = inner.partition(":")
        if sep and kind == "kpi" and _KPI_KEY.match(rest):
            found.append(Placeholder(raw=raw, kind="kpi", name=rest))
            continue
        if sep and kind == "budget":
            code, attribute = rest, ""
            head, dot, tail = rest.rpartition(".")
            if dot and tail in BUDGET_ATTRIBUTES:
                code, attribute = head, tail
            if _BUDGET_CODE.match(code):
                found.append(Placeholder(raw=raw, kind="budget", name=code, attribute=attribute))
                continue
        errors.append(
            _(
                "'%(raw)s'은(는) 잘못된 자리표시자입니다. {kpi:키}, {budget:코드}, "
                "{budget:코드.executed}, {budget:코드.rate} 중 하나로 쓰세요."
            )
            % {"raw": raw}
        )
    leftover = _BRACED.sub("", text)
    if "{" in leftover or "}" in leftover:
        errors.append(_("짝이 맞지 않는 중괄호가 있습니다. 자리표시자는 {kpi:키}처럼 씁니다."))
    return found, errors


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder (by its raw text) with its rendered value."""
    return _BRACED.sub(lambda match: values.get(match.group(0), match.group(0)), text)


def format_number(value: Decimal | int) -> str:
    """665593 → '665,593'; 4.70 → '4.7' (no trailing zeros, thousands separators)."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_figure(value: Decimal | int | None, unit: str) -> str:
    """A KPI value with its unit: '665,593회', '4.7점', '98%'.

    Won follow the report's habit: 1억 and above in 백만원, 100만 and above in 천원.
    """
    if value is None:
        return "-"
    if unit == "원":
        won = int(Decimal(value))
        if abs(won) >= 100_000_000:
            return money.format_million_won(won)
        if abs(won) >= 1_000_000:
            return f"{money.format_thousand_won(won)}천원"
        return money.format_won(won)
    return f"{format_number(value)}{unit}"
