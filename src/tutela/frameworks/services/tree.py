"""The order of a framework's node tree: each node's position among its siblings and its sort
key (the positions from the root down, zero-padded and joined by dots, so the keys sort as
the tree reads)."""

from __future__ import annotations

from tutela.frameworks.models import Framework, Node

SORT_KEY_WIDTH = 4


def _sort_key(parent_key: str, order: int) -> str:
    own = f"{order:0{SORT_KEY_WIDTH}d}"
    return f"{parent_key}.{own}" if parent_key else own


def _renumber(framework: Framework) -> None:
    """Give every node its position among its siblings (1, 2, …) and its tree sort key."""
    nodes = list(
        Node.objects.filter(framework=framework).only("pk", "parent_id", "order", "sort_key")
    )
    children: dict[int | None, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.order, n.pk)):
        children.setdefault(node.parent_id, []).append(node)
    changed: list[Node] = []

    def number(parent_id: int | None, parent_key: str) -> None:
        for position, node in enumerate(children.get(parent_id, []), start=1):
            key = _sort_key(parent_key, position)
            if node.order != position or node.sort_key != key:
                node.order, node.sort_key = position, key
                changed.append(node)
            number(node.pk, key)

    number(None, "")
    if changed:
        Node.objects.bulk_update(changed, ["order", "sort_key"])
