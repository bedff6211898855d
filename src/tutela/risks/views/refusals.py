"""How a service's refusal reaches a risks page: its messages go on the form, next to the
field they name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form, next to the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
