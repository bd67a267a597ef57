"""Layout helpers for the report templates (no figures are computed here)."""

from django import template

register = template.Library()


@register.simple_tag
def heading_tag(depth: int) -> str:
    """h2 for a numbered part, h3 and h4 below it (h1 is the report's title)."""
    return f"h{min(int(depth) + 1, 6)}"
