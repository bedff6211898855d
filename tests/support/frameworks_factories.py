"""Factories for frameworks: scales with levels, framework versions, nodes in a tree."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from tests.support.factories import BodyFactory
from tutela.frameworks.models import Framework, Node, StatusLevel, StatusScale


class StatusScaleFactory(DjangoModelFactory[StatusScale]):
    class Meta:
        model = StatusScale
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"scale-{n}")
    name = factory.Sequence(lambda n: f"Scale {n}")

    @factory.post_generation
    def levels(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            for order, (code, label, colour, text) in enumerate(
                [
                    ("A", "Action required", "#b2182b", "#ffffff"),
                    ("O", "Done", "#1a7f3c", "#ffffff"),
                ]
            ):
                StatusLevel.objects.create(
                    scale=self, code=code, label=label, colour=colour, text_colour=text, order=order
                )


class FrameworkFactory(DjangoModelFactory[Framework]):
    """A published framework unless `status="draft"` is given."""

    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    version = 1
    title = factory.Sequence(lambda n: f"Action plan {n}")
    kind = "action_plan"
    owner_body = factory.SubFactory(BodyFactory)
    status_scale = factory.SubFactory(StatusScaleFactory)
    status = "published"


def node_in(framework: Framework, parent: Node | None = None, **values: Any) -> Node:
    """A node appended under `parent`, with its position and sort key as the services keep them."""
    order = Node.objects.filter(framework=framework, parent=parent).count() + 1
    key = f"{order:04d}"
    values.setdefault("type", "action_point")
    values.setdefault("text", f"Action point number {order}")
    return Node.objects.create(
        framework=framework,
        parent=parent,
        order=order,
        sort_key=f"{parent.sort_key}.{key}" if parent else key,
        **values,
    )
