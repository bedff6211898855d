"""Every write to frameworks, their node trees, applicability and status scales, by concern;
the names are re-exported here so callers say `services.node_add(...)`.

A published (or retired) framework is immutable: every editing service refuses it with a
`ValidationError`; changes go into a new version (`framework_new_version`).
"""

from tutela.frameworks.services.frameworks import (
    framework_create,
    framework_create_from_spec,
    framework_exported,
    framework_import,
    framework_new_version,
    framework_publish,
    framework_update,
)
from tutela.frameworks.services.nodes import (
    applicability_set,
    applicability_set_many,
    node_add,
    node_delete,
    node_move,
    node_reorder,
    node_update,
)
from tutela.frameworks.services.scales import (
    scale_create,
    scale_level_add,
    scale_level_delete,
    scale_level_update,
    scale_sync,
)
from tutela.frameworks.services.tree import SORT_KEY_WIDTH

__all__ = [
    "SORT_KEY_WIDTH",
    "applicability_set",
    "applicability_set_many",
    "framework_create",
    "framework_create_from_spec",
    "framework_exported",
    "framework_import",
    "framework_new_version",
    "framework_publish",
    "framework_update",
    "node_add",
    "node_delete",
    "node_move",
    "node_reorder",
    "node_update",
    "scale_create",
    "scale_level_add",
    "scale_level_delete",
    "scale_level_update",
    "scale_sync",
]
