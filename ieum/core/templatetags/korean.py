"""Template filters for Korean number and date conventions (loaded as a builtin)."""

from django import template

from ieum.core import dates, money
from ieum.core.idnumbers import format_brn

register = template.Library()


@register.filter
def won(value):
    """1234000 → '1,234,000원'."""
    return money.format_won(value)


@register.filter
def thousand_won(value):
    """4642570000 → '4,642,570' (천원; put the unit in the header)."""
    return money.format_thousand_won(value)


@register.filter
def million_won(value):
    """484040000 → '484백만원'."""
    return money.format_million_won(value)


@register.filter
def percent_of(part, whole):
    """{{ executed|percent_of:budget }} → '57.6%'."""
    return money.format_rate(part or 0, whole or 0)


@register.filter(expects_localtime=True)
def kdate(value):
    """'22.10.31. (a date-time is read in Seoul time first)."""
    return dates.format_short(value)


@register.filter(expects_localtime=True)
def kdatetime(value):
    """'22.10.31. 14:05 (in Seoul time)."""
    return "" if value is None else f"{dates.format_short(value)} {value:%H:%M}"


@register.filter(expects_localtime=True)
def kdate_long(value):
    """2022. 10. 31."""
    return dates.format_long(value)


@register.filter
def brn(value):
    return format_brn(value or "")
