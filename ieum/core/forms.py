"""Form helpers shared by every app's pages."""

from django import forms
from django.core.exceptions import ValidationError


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the service named one the
    form has, on the whole form otherwise."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)
