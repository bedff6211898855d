"""LongSelect writes the same HTML as Django's Select, without a template per option."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test.html import parse_html

from tutela.common.widgets import LongSelect

CHOICES: list[tuple[Any, Any]] = [
    ("", "—"),
    (1, "Killing"),
    (2, '\u2003Killing <of> "civilians" & more'),
    ("Group", [(3, "Inside a group"), (4, "Another")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", 3])
def test_it_renders_as_django_select(value: Any) -> None:
    attrs = {"id": "id_type", "required": True, "aria-describedby": "help"}
    expected = forms.Select(choices=CHOICES).render("type", value, attrs)
    found = LongSelect(choices=CHOICES).render("type", value, attrs)
    assert parse_html(found) == parse_html(expected)


def test_text_is_escaped() -> None:
    html = LongSelect(choices=[('a"b', "<script>")]).render("x<", 'a"b')
    assert "<script>" not in html
    assert 'name="x&lt;"' in html
