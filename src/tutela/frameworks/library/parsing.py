"""Parsing a framework document and `scales.yaml` into specs: every key, code and acronym is
checked, and each status level's colours must meet WCAG AA contrast."""

from __future__ import annotations

from django.utils.translation import gettext as _
from yaml.nodes import Node as YamlNode

from tutela.frameworks.library.reader import _Reader
from tutela.frameworks.library.specs import (
    APPLICABILITY_KEYS,
    COLOUR,
    FRAMEWORK_KEYS,
    FRAMEWORK_REQUIRED,
    LANGUAGE,
    LEVEL_KEYS,
    MINIMUM_CONTRAST,
    NODE_KEYS,
    SCALE_KEYS,
    SLUG,
    TRANSLATION_KEYS,
    FrameworkSpec,
    KnownCodes,
    LevelSpec,
    NodeSpec,
    ScaleSpec,
)
from tutela.frameworks.models import ApplicabilityLevel, FrameworkKind, NodeFlag, NodeType


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


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
