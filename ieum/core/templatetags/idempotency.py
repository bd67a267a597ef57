"""`{% idempotency_field %}`: a create form's hidden token (core.idempotency), new each time
the form is rendered, so posting the same form twice creates once."""

import uuid

from django import template
from django.utils.html import format_html

from ieum.core.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid.uuid4().hex)
