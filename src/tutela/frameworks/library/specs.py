"""What the library format holds: its keys and the patterns its values must match, the parsed
documents (framework, node, status scale, level), the error that lists every problem found,
and the codes and acronyms a document may name."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tutela.frameworks.models import StatusScale
from tutela.organizations.models import Body, Organization, PersonnelCategory

FRAMEWORK_KEYS = (
    "slug",
    "version",
    "title",
    "kind",
    "owner_body",
    "status_scale",
    "source",
    "description",
    "translations",
    "nodes",
)
FRAMEWORK_REQUIRED = ("slug", "version", "title", "kind", "owner_body", "status_scale", "nodes")
NODE_KEYS = (
    "ref",
    "type",
    "title",
    "text",
    "reportable",
    "lead",
    "members",
    "bodies",
    "responsibility",
    "due_date",
    "milestone",
    "flags",
    "report_back_to",
    "report_back",
    "applicability",
    "children",
)
SCALE_KEYS = ("code", "name", "description", "levels")
LEVEL_KEYS = ("code", "label", "description", "colour", "text_colour")
TRANSLATION_KEYS = ("title", "description")
APPLICABILITY_KEYS = ("level", "notes")

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-zA-Z]{2,4})?$")
# WCAG 2 AA for normal text.
MINIMUM_CONTRAST = 4.5


@dataclass
class NodeSpec:
    type: str
    ref: str = ""
    title: str = ""
    text: str = ""
    reportable: bool = False
    lead: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    responsibility: str = ""
    due_date: datetime.date | None = None
    milestone: str = ""
    flags: list[str] = field(default_factory=list)
    report_back_to: str = ""
    report_back: str = ""
    # personnel category code -> (level, notes)
    applicability: dict[str, tuple[str, str]] = field(default_factory=dict)
    children: list[NodeSpec] = field(default_factory=list)
    # Not part of the YAML format; carried when a version is copied.
    translations: dict[str, Any] = field(default_factory=dict)

    def walk(self) -> Iterable[NodeSpec]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class FrameworkSpec:
    slug: str
    version: int
    title: str
    kind: str
    owner_body: str
    status_scale: str
    source: str = ""
    description: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    nodes: list[NodeSpec] = field(default_factory=list)

    def all_nodes(self) -> Iterable[NodeSpec]:
        for node in self.nodes:
            yield from node.walk()


@dataclass
class LevelSpec:
    code: str
    label: str
    colour: str
    text_colour: str
    description: str = ""


@dataclass
class ScaleSpec:
    code: str
    name: str
    description: str = ""
    levels: list[LevelSpec] = field(default_factory=list)


class LibraryError(Exception):
    """A document that does not fit the format; `errors` holds every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class KnownCodes:
    """The acronyms and codes a document may name, read once from the database."""

    organizations: frozenset[str]
    bodies: frozenset[str]
    personnel_categories: frozenset[str]
    scales: frozenset[str]

    @classmethod
    def from_database(cls, *, extra_scales: Iterable[str] = ()) -> KnownCodes:
        return cls(
            organizations=frozenset(Organization.objects.values_list("acronym", flat=True)),
            bodies=frozenset(Body.objects.values_list("acronym", flat=True)),
            personnel_categories=frozenset(
                PersonnelCategory.objects.values_list("code", flat=True)
            ),
            scales=frozenset(StatusScale.objects.values_list("code", flat=True))
            | frozenset(extra_scales),
        )
