"""Loads the shipped framework library (`library/`): scales first, then one file per framework.

Idempotent: a slug and version already loaded with the same content is skipped; one whose
content differs is reported and left alone (a published version never changes silently).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tutela.frameworks.library import (
    FrameworkSpec,
    KnownCodes,
    LibraryError,
    framework_document,
    framework_parse,
    framework_to_spec,
    scales_parse,
)
from tutela.frameworks.models import Framework, FrameworkStatus
from tutela.frameworks.services import framework_create_from_spec, scale_sync

DIRECTORY = Path(__file__).resolve().parent / "library"
SCALES_FILE = "scales.yaml"


@dataclass
class LibrarySummary:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Already loaded under the same slug and version, but the file now says something else.
    conflicts: list[str] = field(default_factory=list)
    scales_changed: list[str] = field(default_factory=list)


def _normalised(value: Any, key: str = "") -> Any:
    """The document with the order of unordered things (acronym sets, applicability) fixed."""
    if isinstance(value, dict):
        return {k: _normalised(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_normalised(v) for v in value]
        return sorted(items) if key in {"lead", "members", "bodies"} else items
    return value


def same_content(first: FrameworkSpec, second: FrameworkSpec) -> bool:
    return bool(_normalised(framework_document(first)) == _normalised(framework_document(second)))


def library_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.name != SCALES_FILE)


def library_load(*, directory: Path = DIRECTORY, actor: Any = None) -> LibrarySummary:
    """Validate every file first (nothing is written if any is wrong), then load."""
    summary = LibrarySummary()
    scales_path = directory / SCALES_FILE
    errors: list[str] = []
    scale_specs = []
    if scales_path.exists():
        try:
            scale_specs = scales_parse(
                scales_path.read_text(encoding="utf-8"), filename=str(scales_path)
            )
        except LibraryError as error:
            errors.extend(error.errors)
    known = KnownCodes.from_database(extra_scales=[scale.code for scale in scale_specs])
    specs: list[tuple[Path, FrameworkSpec]] = []
    seen: dict[tuple[str, int], Path] = {}
    for path in library_files(directory):
        try:
            spec = framework_parse(
                path.read_text(encoding="utf-8"), filename=str(path), known=known
            )
        except LibraryError as error:
            errors.extend(error.errors)
            continue
        key = (spec.slug, spec.version)
        if key in seen:
            errors.append(
                f"{path}:1: slug: "
                + _("%(slug)s version %(version)s is also in %(other)s")
                % {"slug": spec.slug, "version": spec.version, "other": seen[key].name}
            )
        seen[key] = path
        specs.append((path, spec))
    if errors:
        raise LibraryError(errors)
    with transaction.atomic():
        for scale_spec in scale_specs:
            scale, changed = scale_sync(actor=actor, spec=scale_spec)
            if changed:
                summary.scales_changed.append(scale.code)
        for path, spec in specs:
            label = f"{spec.slug} v{spec.version}"
            existing = (
                Framework.objects.select_related("owner_body", "status_scale")
                .filter(slug=spec.slug, version=spec.version)
                .first()
            )
            if existing is None:
                framework_create_from_spec(actor=actor, spec=spec, status=FrameworkStatus.PUBLISHED)
                summary.created.append(label)
            elif same_content(framework_to_spec(existing), spec):
                summary.skipped.append(label)
            else:
                summary.conflicts.append(
                    _(
                        "%(file)s: %(label)s is already loaded with different content; "
                        "nothing was changed. Give the file a new version number to load it."
                    )
                    % {"file": path.name, "label": label}
                )
    return summary
