"""What the violations pages share: a service's refusal shown on the form it came from, and a
casualty range written for readers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _range(pair: tuple[int, int]) -> str:
    low, high = pair
    return str(low) if low == high else f"{low}–{high}"  # noqa: RUF001 — a range shown to readers
