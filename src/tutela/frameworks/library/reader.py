"""Reading a YAML document strictly: a walk over the composed node tree that checks each
value's type and records every problem as "file:line: field: message"."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import yaml
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from tutela.frameworks.library.specs import LibraryError


class _Reader:
    """Walks a composed YAML node tree, collecting errors with their line numbers."""

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.text = text
        self.errors: list[str] = []
        self._loader = yaml.SafeLoader(text)

    def root(self) -> YamlNode | None:
        try:
            node: YamlNode | None = self._loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else 1
            self.errors.append(f"{self.filename}:{line}: yaml: {error.problem or error.context}")
            return None
        except yaml.YAMLError as error:
            self.errors.append(f"{self.filename}:1: yaml: {error}")
            return None
        if node is None:
            self.errors.append(f"{self.filename}:1: document: {_('the file is empty')}")
        return node

    def error(self, node: YamlNode | None, name: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(f"{self.filename}:{line}: {name}: {message}")

    def mapping(
        self,
        node: YamlNode,
        name: str,
        *,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> dict[str, YamlNode] | None:
        if not isinstance(node, MappingNode):
            self.error(node, name, _("expected a mapping of keys to values"))
            return None
        found: dict[str, YamlNode] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.error(key_node, name, _("keys must be plain words"))
            elif key in found:
                self.error(key_node, key, _("appears twice"))
            elif allowed and key not in allowed:
                self.error(
                    key_node,
                    key,
                    _("unknown key; expected one of: %(keys)s") % {"keys": ", ".join(allowed)},
                )
            else:
                found[key] = value_node
        for key in required:
            if key not in found:
                self.error(node, key, _("is required"))
        return found

    def string(self, node: YamlNode | None, name: str, *, required: bool = False) -> str:
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.error(node, name, _("expected text"))
            return ""
        if node.tag == "tag:yaml.org,2002:null":
            value = ""
        elif node.tag == "tag:yaml.org,2002:bool":
            self.error(node, name, _("expected text, not yes/no; put it in quotes"))
            return ""
        else:
            # As written: an unquoted 1.10 stays "1.10", never the number 1.1.
            value = str(node.value)
        if "\x00" in value:
            self.error(node, name, _("contains a NUL character"))
            return ""
        if required and not value.strip():
            self.error(node, name, _("must not be empty"))
        return value

    def integer(self, node: YamlNode | None, name: str) -> int:
        if node is None:
            return 1
        value = self._construct(node)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(node, name, _("expected a whole number of at least 1"))
            return 1
        return value

    def boolean(self, node: YamlNode | None, name: str) -> bool:
        if node is None:
            return False
        value = self._construct(node)
        if not isinstance(value, bool):
            self.error(node, name, _("expected true or false"))
            return False
        return value

    def date(self, node: YamlNode | None, name: str) -> datetime.date | None:
        if node is None:
            return None
        value = self._construct(node)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            self.error(node, name, _("expected a date (YYYY-MM-DD) without a time"))
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(node, name, _("expected a date as YYYY-MM-DD"))
        return None

    def strings(self, node: YamlNode | None, name: str) -> list[tuple[YamlNode, str]]:
        if node is None:
            return []
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, name, _("expected a list, e.g. [A, B]"))
            return []
        return [(item, self.string(item, name, required=True)) for item in node.value]

    def sequence(self, node: YamlNode | None, name: str) -> list[YamlNode]:
        if node is None:
            return []
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, name, _("expected a list"))
            return []
        return list(node.value)

    def choice(self, node: YamlNode | None, name: str, choices: Iterable[str]) -> str:
        options = list(choices)
        value = self.string(node, name, required=True)
        if node is not None and value and value not in options:
            self.error(
                node,
                name,
                _('"%(value)s" is not one of: %(options)s')
                % {"value": value, "options": ", ".join(options)},
            )
        return value

    def _construct(self, node: YamlNode) -> Any:
        if not isinstance(node, ScalarNode):
            return object()
        try:
            return self._loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            return object()

    def raise_if_errors(self) -> None:
        if self.errors:
            raise LibraryError(self.errors)
