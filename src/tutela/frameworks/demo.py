"""Demo frameworks: the shipped library (as `tutela load_frameworks` loads it) and, at the
large scale, a 500-action-point framework owned by HLCM for the monitoring benchmark."""

from __future__ import annotations

from tutela.common.demo import DemoContext
from tutela.frameworks.library import FrameworkSpec, NodeSpec
from tutela.frameworks.loading import library_load
from tutela.frameworks.models import Framework, FrameworkStatus
from tutela.frameworks.services import framework_create_from_spec
from tutela.organizations.models import Organization

LARGE_SLUG = "large-monitoring-framework"
LARGE_AREAS = 20
LARGE_POINTS_PER_AREA = 25

THEMES = [
    "pre-deployment preparation",
    "health risk assessment",
    "mental health and well-being",
    "security risk management",
    "living and working conditions",
    "medical evacuation and travel",
    "insurance coverage",
    "training for managers",
    "prevention of sexual harassment",
    "protection from sexual exploitation and abuse",
    "reporting channels",
    "investigations",
    "victim support",
    "screening and vetting",
    "human rights due diligence",
    "early warning and information management",
    "country-level coordination",
    "headquarters coordination",
    "non-staff personnel",
    "monitoring and evaluation",
]
VERBS = ["Develop", "Review", "Extend", "Implement", "Report on"]


def _large_spec(acronyms: list[str]) -> FrameworkSpec:
    areas = []
    for area in range(1, LARGE_AREAS + 1):
        theme = THEMES[(area - 1) % len(THEMES)]
        points = []
        for point in range(1, LARGE_POINTS_PER_AREA + 1):
            verb = VERBS[(point - 1) % len(VERBS)]
            lead = acronyms[(area * LARGE_POINTS_PER_AREA + point) % len(acronyms)]
            points.append(
                NodeSpec(
                    type="action_point",
                    ref=f"{area}.{point}",
                    text=(
                        f"Action point {area}.{point}: {verb} the system-wide measures on "
                        f"{theme} (measure {point} of {LARGE_POINTS_PER_AREA}) and report "
                        "progress to the committee."
                    ),
                    reportable=True,
                    lead=[lead],
                    responsibility=lead,
                )
            )
        areas.append(
            NodeSpec(type="area", ref=str(area), title=f"Area {area}: {theme}", children=points)
        )
    return FrameworkSpec(
        slug=LARGE_SLUG,
        version=1,
        title="Large monitoring framework",
        kind="action_plan",
        owner_body="HLCM",
        status_scale="progress",
        source="Synthetic demo data for the monitoring benchmark (not from a seed)",
        description=(
            f"{LARGE_AREAS} areas of {LARGE_POINTS_PER_AREA} action points each, every one "
            "reported on by the responsible organizations."
        ),
        nodes=areas,
    )


def generate(context: DemoContext) -> None:
    summary = library_load()
    context.notes.append(
        f"Frameworks: {len(summary.created)} loaded, {len(summary.skipped)} already there."
    )
    if context.large and not Framework.objects.filter(slug=LARGE_SLUG).exists():
        acronyms = list(
            Organization.objects.filter(is_active=True)
            .exclude(type="other")
            .order_by("acronym")
            .values_list("acronym", flat=True)
        )
        framework_create_from_spec(
            actor=None,
            spec=_large_spec(acronyms),
            status=FrameworkStatus.PUBLISHED,
            action="framework.demo",
        )
