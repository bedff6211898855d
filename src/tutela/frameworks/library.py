"""The framework library format (YAML): strict parsing with "file:line: field: message" errors,
and the canonical dump, so load → dump → load gives the same text.

The format is described in `library/README.md`. Parsing only reads the text and checks codes
and acronyms against the database; `services.framework_create_from_spec` writes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from tutela.frameworks.models import (
    Applicability,
    ApplicabilityLevel,
    Framework,
    FrameworkKind,
    Node,
    NodeFlag,
    NodeType,
    StatusScale,
)
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


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


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


def _translations(reader: _Reader, node: YamlNode | None) -> dict[str, dict[str, str]]:
    if node is None:
        return {}
    languages = reader.mapping(node, "translations", allowed=())
    result: dict[str, dict[str, str]] = {}
    for language, value in (languages or {}).items():
        if not LANGUAGE.match(language):
            reader.error(
                node, "translations", _('"%(code)s" is not a language code') % {"code": language}
            )
            continue
        entries = reader.mapping(value, f"translations.{language}", allowed=TRANSLATION_KEYS)
        if entries is None:
            continue
        result[language] = {
            key: reader.string(entries[key], f"translations.{language}.{key}")
            for key in TRANSLATION_KEYS
            if key in entries
        }
    return result


def _acronyms(
    reader: _Reader, node: YamlNode | None, name: str, known: frozenset[str], what: str
) -> list[str]:
    values = []
    for item, value in reader.strings(node, name):
        if not value:
            continue
        if value not in known:
            reader.error(
                item, name, _('unknown %(what)s "%(value)s"') % {"what": what, "value": value}
            )
        elif value in values:
            reader.error(item, name, _('"%(value)s" is listed twice') % {"value": value})
        else:
            values.append(value)
    return values


def _node(
    reader: _Reader, node: YamlNode, known: KnownCodes, refs: dict[str, YamlNode]
) -> NodeSpec:
    entries = reader.mapping(node, "nodes", allowed=NODE_KEYS, required=("type",))
    if entries is None:
        return NodeSpec(type=NodeType.HEADING)
    spec = NodeSpec(
        type=reader.choice(entries.get("type"), "type", NodeType.values),
        ref=reader.string(entries.get("ref"), "ref").strip(),
        title=reader.string(entries.get("title"), "title"),
        text=reader.string(entries.get("text"), "text"),
        reportable=reader.boolean(entries.get("reportable"), "reportable"),
        lead=_acronyms(reader, entries.get("lead"), "lead", known.organizations, _("organization")),
        members=_acronyms(
            reader, entries.get("members"), "members", known.organizations, _("organization")
        ),
        bodies=_acronyms(reader, entries.get("bodies"), "bodies", known.bodies, _("body")),
        responsibility=reader.string(entries.get("responsibility"), "responsibility"),
        due_date=reader.date(entries.get("due_date"), "due_date"),
        milestone=reader.string(entries.get("milestone"), "milestone"),
        report_back=reader.string(entries.get("report_back"), "report_back"),
    )
    if spec.ref:
        if len(spec.ref) > 30:
            reader.error(entries["ref"], "ref", _("at most 30 characters"))
        elif spec.ref in refs:
            reader.error(
                entries["ref"],
                "ref",
                _('"%(ref)s" is already used on line %(line)s')
                % {"ref": spec.ref, "line": refs[spec.ref].start_mark.line + 1},
            )
        else:
            refs[spec.ref] = entries["ref"]
    if len(spec.title) > 300:
        reader.error(entries["title"], "title", _("at most 300 characters"))
    if len(spec.milestone) > 200:
        reader.error(entries["milestone"], "milestone", _("at most 200 characters"))
    if len(spec.report_back) > 300:
        reader.error(entries["report_back"], "report_back", _("at most 300 characters"))
    overlap = set(spec.lead) & set(spec.members)
    if overlap:
        reader.error(
            entries["members"],
            "members",
            _("%(acronyms)s also listed as lead") % {"acronyms": ", ".join(sorted(overlap))},
        )
    for item, flag in reader.strings(entries.get("flags"), "flags"):
        if flag and flag not in NodeFlag.values:
            reader.error(
                item,
                "flags",
                _('"%(value)s" is not one of: %(options)s')
                % {"value": flag, "options": ", ".join(NodeFlag.values)},
            )
        elif flag in spec.flags:
            reader.error(item, "flags", _('"%(value)s" is listed twice') % {"value": flag})
        elif flag:
            spec.flags.append(flag)
    target = entries.get("report_back_to")
    if target is not None:
        spec.report_back_to = reader.string(target, "report_back_to")
        if spec.report_back_to and spec.report_back_to not in known.bodies:
            reader.error(
                target,
                "report_back_to",
                _('unknown body "%(value)s"') % {"value": spec.report_back_to},
            )
    applicability = entries.get("applicability")
    if applicability is not None:
        categories = reader.mapping(applicability, "applicability", allowed=())
        for code, value in (categories or {}).items():
            if code not in known.personnel_categories:
                reader.error(
                    value,
                    "applicability",
                    _('unknown personnel category "%(value)s"') % {"value": code},
                )
                continue
            cell = reader.mapping(
                value, f"applicability.{code}", allowed=APPLICABILITY_KEYS, required=("level",)
            )
            if cell is None or "level" not in cell:
                continue
            level = reader.choice(
                cell["level"], f"applicability.{code}.level", ApplicabilityLevel.values
            )
            notes = reader.string(cell.get("notes"), f"applicability.{code}.notes")
            spec.applicability[code] = (level, notes)
    spec.children = [
        _node(reader, child, known, refs)
        for child in reader.sequence(entries.get("children"), "children")
    ]
    return spec


def framework_parse(text: str, *, filename: str, known: KnownCodes | None = None) -> FrameworkSpec:
    """Read one framework document; raise `LibraryError` listing every problem."""
    reader = _Reader(filename, text)
    root = reader.root()
    reader.raise_if_errors()
    assert root is not None  # noqa: S101 — root() records an error when there is no document
    known = known or KnownCodes.from_database()
    entries = reader.mapping(root, "document", allowed=FRAMEWORK_KEYS, required=FRAMEWORK_REQUIRED)
    if entries is None:
        reader.raise_if_errors()
        entries = {}
    spec = FrameworkSpec(
        slug=reader.string(entries.get("slug"), "slug", required=True),
        version=reader.integer(entries.get("version"), "version"),
        title=reader.string(entries.get("title"), "title", required=True),
        kind=reader.choice(entries.get("kind"), "kind", FrameworkKind.values),
        owner_body=reader.string(entries.get("owner_body"), "owner_body", required=True),
        status_scale=reader.string(entries.get("status_scale"), "status_scale", required=True),
        source=reader.string(entries.get("source"), "source"),
        description=reader.string(entries.get("description"), "description"),
        translations=_translations(reader, entries.get("translations")),
    )
    if spec.slug and (not SLUG.match(spec.slug) or len(spec.slug) > 80):
        reader.error(
            entries.get("slug"), "slug", _("use at most 80 letters, digits, hyphens or underscores")
        )
    if len(spec.title) > 300:
        reader.error(entries.get("title"), "title", _("at most 300 characters"))
    if spec.owner_body and spec.owner_body not in known.bodies:
        reader.error(
            entries.get("owner_body"),
            "owner_body",
            _('unknown body "%(value)s"') % {"value": spec.owner_body},
        )
    if spec.status_scale and spec.status_scale not in known.scales:
        reader.error(
            entries.get("status_scale"),
            "status_scale",
            _('unknown status scale "%(value)s"') % {"value": spec.status_scale},
        )
    refs: dict[str, YamlNode] = {}
    spec.nodes = [
        _node(reader, node, known, refs) for node in reader.sequence(entries.get("nodes"), "nodes")
    ]
    reader.raise_if_errors()
    return spec


def scales_parse(text: str, *, filename: str) -> list[ScaleSpec]:
    """Read `scales.yaml`; raise `LibraryError` listing every problem."""
    reader = _Reader(filename, text)
    root = reader.root()
    reader.raise_if_errors()
    assert root is not None  # noqa: S101 — root() records an error when there is no document
    document = reader.mapping(root, "document", allowed=("scales",), required=("scales",))
    reader.raise_if_errors()
    assert document is not None  # noqa: S101 — a missing mapping is an error raised above
    scales: list[ScaleSpec] = []
    codes: set[str] = set()
    for scale_node in reader.sequence(document["scales"], "scales"):
        entries = reader.mapping(
            scale_node, "scales", allowed=SCALE_KEYS, required=("code", "name", "levels")
        )
        if entries is None or "code" not in entries:
            continue
        scale = ScaleSpec(
            code=reader.string(entries["code"], "code", required=True),
            name=reader.string(entries.get("name"), "name", required=True),
            description=reader.string(entries.get("description"), "description"),
        )
        if scale.code and (not SLUG.match(scale.code) or len(scale.code) > 40):
            reader.error(entries["code"], "code", _("use at most 40 letters, digits or hyphens"))
        if scale.code in codes:
            reader.error(
                entries["code"], "code", _('"%(value)s" is listed twice') % {"value": scale.code}
            )
        codes.add(scale.code)
        level_codes: set[str] = set()
        for level_node in reader.sequence(entries.get("levels"), "levels"):
            level_entries = reader.mapping(
                level_node,
                "levels",
                allowed=LEVEL_KEYS,
                required=("code", "label", "colour", "text_colour"),
            )
            if level_entries is None or set(LEVEL_KEYS[:2]) - set(level_entries):
                continue
            level = LevelSpec(
                code=reader.string(level_entries["code"], "code", required=True),
                label=reader.string(level_entries["label"], "label", required=True),
                description=reader.string(level_entries.get("description"), "description"),
                colour=reader.string(level_entries.get("colour"), "colour"),
                text_colour=reader.string(level_entries.get("text_colour"), "text_colour"),
            )
            if len(level.code) > 10:
                reader.error(level_entries["code"], "code", _("at most 10 characters"))
            if level.code in level_codes:
                reader.error(
                    level_entries["code"],
                    "code",
                    _('"%(value)s" is listed twice') % {"value": level.code},
                )
            level_codes.add(level.code)
            colours_ok = True
            for key in ("colour", "text_colour"):
                value = getattr(level, key)
                if key in level_entries and not COLOUR.match(value):
                    reader.error(level_entries[key], key, _("expected a colour as #rrggbb"))
                    colours_ok = False
            if colours_ok and "colour" in level_entries and "text_colour" in level_entries:
                ratio = contrast_ratio(level.colour, level.text_colour)
                if ratio < MINIMUM_CONTRAST:
                    reader.error(
                        level_entries["text_colour"],
                        "text_colour",
                        _("contrast with the colour is %(ratio).2f:1, at least 4.5:1 is needed")
                        % {"ratio": ratio},
                    )
            scale.levels.append(level)
        if not scale.levels:
            reader.error(scale_node, "levels", _("a scale needs at least one level"))
        scales.append(scale)
    reader.raise_if_errors()
    return scales


# --- the canonical dump ------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks so the file stays readable."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _node_document(node: NodeSpec) -> dict[str, Any]:
    document: dict[str, Any] = {
        "ref": node.ref,
        "type": node.type,
        "title": node.title,
        "text": node.text,
        "reportable": node.reportable,
    }
    optional: dict[str, Any] = {
        "lead": list(node.lead),
        "members": list(node.members),
        "bodies": list(node.bodies),
        "responsibility": node.responsibility,
        "due_date": node.due_date,
        "milestone": node.milestone,
        "flags": list(node.flags),
        "report_back_to": node.report_back_to,
        "report_back": node.report_back,
        "applicability": {
            code: {"level": level, "notes": notes}
            for code, (level, notes) in node.applicability.items()
        },
        "children": [_node_document(child) for child in node.children],
    }
    document.update({key: value for key, value in optional.items() if value})
    return document


def framework_document(spec: FrameworkSpec) -> dict[str, Any]:
    document: dict[str, Any] = {
        "slug": spec.slug,
        "version": spec.version,
        "title": spec.title,
        "kind": spec.kind,
        "owner_body": spec.owner_body,
        "status_scale": spec.status_scale,
        "source": spec.source,
        "description": spec.description,
    }
    if spec.translations:
        document["translations"] = spec.translations
    document["nodes"] = [_node_document(node) for node in spec.nodes]
    return document


def framework_dump(spec: FrameworkSpec) -> str:
    text: str = yaml.dump(
        framework_document(spec),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return text


def framework_to_spec(framework: Framework) -> FrameworkSpec:
    """The framework as the library format holds it, in a fixed number of queries."""
    nodes = list(
        Node.objects.filter(framework=framework)
        .select_related("report_back_to")
        .prefetch_related(
            Prefetch("lead_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("member_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("lead_bodies", queryset=Body.objects.order_by("acronym")),
            Prefetch(
                "applicability",
                queryset=Applicability.objects.select_related("personnel_category").order_by(
                    "personnel_category__order", "personnel_category__code"
                ),
            ),
        )
        .order_by("sort_key")
    )
    specs: dict[int, NodeSpec] = {}
    roots: list[NodeSpec] = []
    for node in nodes:
        spec = NodeSpec(
            type=node.type,
            ref=node.ref_id,
            title=node.title,
            text=node.text,
            reportable=node.reportable,
            lead=[o.acronym for o in node.lead_organizations.all()],
            members=[o.acronym for o in node.member_organizations.all()],
            bodies=[b.acronym for b in node.lead_bodies.all()],
            responsibility=node.responsibility_note,
            due_date=node.due_date,
            milestone=node.milestone,
            flags=list(node.flags),
            report_back_to=node.report_back_to.acronym if node.report_back_to else "",
            report_back=node.report_back_note,
            applicability={
                a.personnel_category.code: (a.level, a.notes) for a in node.applicability.all()
            },
            translations=dict(node.translations),
        )
        specs[node.pk] = spec
        parent = specs.get(node.parent_id) if node.parent_id else None
        (parent.children if parent is not None else roots).append(spec)
    return FrameworkSpec(
        slug=framework.slug,
        version=framework.version,
        title=framework.title,
        kind=framework.kind,
        owner_body=framework.owner_body.acronym,
        status_scale=framework.status_scale.code,
        source=framework.source_citation,
        description=framework.description,
        translations=dict(framework.translations),
        nodes=roots,
    )
