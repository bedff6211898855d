"""The framework library format (YAML): strict parsing with "file:line: field: message" errors,
and the canonical dump, so load → dump → load gives the same text. The names are re-exported
here so callers say `from tutela.frameworks.library import framework_parse`.

The format is described in `README.md` beside the shipped library files in this directory.
Parsing only reads the text and checks codes and acronyms against the database;
`services.framework_create_from_spec` writes.
"""

from tutela.frameworks.library.dumping import framework_document, framework_dump, framework_to_spec
from tutela.frameworks.library.parsing import contrast_ratio, framework_parse, scales_parse
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
    LibraryError,
    NodeSpec,
    ScaleSpec,
)

__all__ = [
    "APPLICABILITY_KEYS",
    "COLOUR",
    "FRAMEWORK_KEYS",
    "FRAMEWORK_REQUIRED",
    "LANGUAGE",
    "LEVEL_KEYS",
    "MINIMUM_CONTRAST",
    "NODE_KEYS",
    "SCALE_KEYS",
    "SLUG",
    "TRANSLATION_KEYS",
    "FrameworkSpec",
    "KnownCodes",
    "LevelSpec",
    "LibraryError",
    "NodeSpec",
    "ScaleSpec",
    "contrast_ratio",
    "framework_document",
    "framework_dump",
    "framework_parse",
    "framework_to_spec",
    "scales_parse",
]
