"""Form widgets shared by the modules."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


def _options(choices: Iterable[tuple[Any, Any]], selected: set[str]) -> Iterable[str]:
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            inner = "".join(_options(label, selected))
            yield f'<optgroup label="{escape(str(value))}">{inner}</optgroup>'
            continue
        text = "" if value is None else str(value)
        mark = " selected" if text in selected else ""
        yield f'<option value="{escape(text)}"{mark}>{escape(str(label))}</option>'


class LongSelect(forms.Select):
    """A select for long lists (a vocabulary of hundreds of terms): the same HTML as Django's
    Select, written directly instead of through a template and a context per option, which
    cost tens of milliseconds for every such select on a page."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        selected = set(self.format_value(value))
        if not self.allow_multiple_selected and len(selected) > 1:
            selected = {sorted(selected)[0]}
        options = "".join(_options(self.choices, selected))
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308 — every part is escaped above
