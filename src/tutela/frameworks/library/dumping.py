"""The canonical dump, so load → dump → load gives the same text, and a stored framework read
back as the library format holds it."""

from __future__ import annotations

from typing import Any

import yaml
from django.db.models import Prefetch

from tutela.frameworks.library.specs import FrameworkSpec, NodeSpec
from tutela.frameworks.models import Applicability, Framework, Node
from tutela.organizations.models import Body, Organization


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
