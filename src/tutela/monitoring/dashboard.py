"""The organizations x nodes matrix of a cycle, read in a constant number of queries.

Every read here is flat (`values_list`), whatever the number of organizations and nodes: the
cycle, the scale, the sections, the nodes shown, the organizations, the cells, the completeness
per organization, and the previous cycle's cells. Nothing is cached between requests: what a
user sees depends on who they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tutela.frameworks.models import Node, StatusLevel
from tutela.monitoring.access import runs_cycle
from tutela.monitoring.models import CycleStatus, ReportingCycle, ReportState, StatusReport

# Above this many reportable nodes the matrix is shown one framework section at a time.
SECTION_PAGING_THRESHOLD = 100
DONE_STATES = (ReportState.SUBMITTED, ReportState.VALIDATED)


@dataclass(frozen=True)
class Level:
    id: int
    code: str
    label: str
    colour: str
    text_colour: str
    css_class: str


@dataclass(frozen=True)
class Section:
    id: int
    ref_id: str
    title: str
    sort_key: str


@dataclass(frozen=True)
class NodeRow:
    id: int
    ref_id: str
    label: str
    sort_key: str

    @property
    def key(self) -> str:
        return self.ref_id or f"#{self.sort_key}"


@dataclass(frozen=True)
class OrganizationColumn:
    id: int
    acronym: str
    name: str
    type: str


@dataclass
class Matrix:
    cycle: ReportingCycle
    published_only: bool
    levels: list[Level]
    sections: list[Section]
    section: Section | None
    organizations: list[OrganizationColumn]
    nodes: list[NodeRow]
    # (node id, organization id) -> level id, for cells shown (None: not reported / hidden).
    cells: dict[tuple[int, int], int | None]
    # Over the nodes shown (one section when the framework is paged by section).
    changed: set[tuple[int, int]]
    previous_cycle: tuple[int, str] | None
    completeness_by_organization: dict[int, tuple[int, int]]
    completeness_by_node: dict[int, tuple[int, int]]
    level_filter: str = ""
    level_by_id: dict[int, Level] = field(default_factory=dict)

    def code(self, node_id: int, organization_id: int) -> str:
        level_id = self.cells.get((node_id, organization_id))
        return self.level_by_id[level_id].code if level_id is not None else ""


def css_class(scale_code: str, level_code: str) -> str:
    return f"status-{slugify(scale_code)}-{slugify(level_code) or 'x'}"


def percent(done_total: tuple[int, int]) -> int | None:
    done, total = done_total
    return round(100 * done / total) if total else None


def levels_of(cycle: ReportingCycle) -> list[Level]:
    scale = cycle.framework.status_scale
    return [
        Level(pk, code, label, colour, text_colour, css_class(scale.code, code))
        for pk, code, label, colour, text_colour in StatusLevel.objects.filter(scale=scale)
        .order_by("order", "code")
        .values_list("pk", "code", "label", "colour", "text_colour")
    ]


def sections_of(cycle: ReportingCycle) -> list[Section]:
    return [
        Section(pk, ref_id, title or text, sort_key)
        for pk, ref_id, title, text, sort_key in Node.objects.filter(
            framework_id=cycle.framework_id, parent__isnull=True
        )
        .annotate(short=Left("text", 100))
        .order_by("sort_key")
        .values_list("pk", "ref_id", "title", "short", "sort_key")
    ]


def _in_section(section: Section | None, prefix: str = "") -> Q:
    if section is None:
        return Q()
    return Q(**{f"{prefix}sort_key": section.sort_key}) | Q(
        **{f"{prefix}sort_key__startswith": f"{section.sort_key}."}
    )


def matrix(
    *,
    user: Any,
    cycle: ReportingCycle,
    section_id: int | None = None,
    organization_type: str = "",
    level_code: str = "",
    published_view: bool = False,
    all_sections: bool = False,
    levels: list[Level] | None = None,
    sections: list[Section] | None = None,
) -> Matrix:
    """The cycle's matrix as the user may see it (the caller has checked they may see it).

    A caller that has already read the cycle's levels and sections passes them in."""
    published_only = published_view or not runs_cycle(user, cycle)
    levels = levels_of(cycle) if levels is None else levels
    level_by_id = {level.id: level for level in levels}
    sections = sections_of(cycle) if sections is None else sections
    nodes_queryset = Node.objects.filter(framework_id=cycle.framework_id, reportable=True)
    section = None if all_sections else next((s for s in sections if s.id == section_id), None)
    if (
        section is None
        and not all_sections
        and len(sections) > 1
        and nodes_queryset.count() > SECTION_PAGING_THRESHOLD
    ):
        # Page by section when the whole framework would be too big a table.
        section = sections[0]
    node_rows = [
        NodeRow(pk, ref_id, title or short, sort_key)
        for pk, ref_id, title, short, sort_key in nodes_queryset.filter(_in_section(section))
        .annotate(short=Left("text", 90))
        .order_by("sort_key")
        .values_list("pk", "ref_id", "title", "short", "sort_key")
    ]
    organizations_queryset = cycle.organizations.all()
    if organization_type:
        organizations_queryset = organizations_queryset.filter(type=organization_type)
    organizations = [
        OrganizationColumn(*row)
        for row in organizations_queryset.order_by("acronym").values_list(
            "pk", "acronym", "name", "type"
        )
    ]
    shown_organizations = {o.id for o in organizations}
    done_states = (ReportState.VALIDATED,) if published_only else DONE_STATES

    cells: dict[tuple[int, int], int | None] = {}
    by_node: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_organization: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    # By node id (the index's second column) rather than by a join on the nodes' sort keys.
    reports = StatusReport.objects.filter(cycle=cycle)
    if section is not None:
        reports = reports.filter(node_id__in=[row.id for row in node_rows])
    for node_id, organization_id, level_id, state in reports.values_list(
        "node_id", "organization_id", "level_id", "state"
    ):
        if organization_id not in shown_organizations:
            continue
        shown = level_id if (state in done_states or not published_only) else None
        if shown is not None and level_code and level_by_id[shown].code != level_code:
            shown = None
        cells[(node_id, organization_id)] = shown
        done = state in done_states
        for counts in (by_node[node_id], by_organization[organization_id]):
            counts[1] += 1
            counts[0] += done
    if level_code:
        with_match = {node_id for (node_id, _), value in cells.items() if value is not None}
        node_rows = [row for row in node_rows if row.id in with_match]

    previous = _previous_cycle(user, cycle)
    changed = _changed(previous, cycle, node_rows, cells, level_by_id) if previous else set()
    return Matrix(
        cycle=cycle,
        published_only=published_only,
        levels=levels,
        sections=sections,
        section=section,
        organizations=organizations,
        nodes=node_rows,
        cells=cells,
        changed=changed,
        previous_cycle=(previous.pk, previous.title) if previous else None,
        completeness_by_organization={key: (c[0], c[1]) for key, c in by_organization.items()},
        completeness_by_node={node_id: (c[0], c[1]) for node_id, c in by_node.items()},
        level_filter=level_code,
        level_by_id=level_by_id,
    )


def previous_cycles(user: Any, cycle: ReportingCycle) -> Q:
    """Earlier cycles of the same framework (any version) the user may compare with."""
    allowed = [CycleStatus.PUBLISHED]
    if runs_cycle(user, cycle):
        allowed += [CycleStatus.CLOSED, CycleStatus.OPEN]
    return Q(
        framework__slug=cycle.framework.slug,
        period_start__lt=cycle.period_start,
        status__in=allowed,
    )


def _previous_cycle(user: Any, cycle: ReportingCycle) -> ReportingCycle | None:
    return (
        ReportingCycle.objects.filter(previous_cycles(user, cycle))
        .order_by("-period_start", "-pk")
        .only("pk", "title", "framework_id")
        .first()
    )


def _changed(
    previous: ReportingCycle,
    cycle: ReportingCycle,
    node_rows: list[NodeRow],
    cells: dict[tuple[int, int], int | None],
    level_by_id: dict[int, Level],
) -> set[tuple[int, int]]:
    """Cells whose validated status differs from the previous cycle's (nodes matched by
    reference, or by position when they have none, so a new framework version compares too)."""
    node_key = {row.id: row.key for row in node_rows}
    before: dict[tuple[str, int], str] = {}
    earlier = StatusReport.objects.filter(cycle=previous)
    if previous.framework_id == cycle.framework_id:
        # The same version: same nodes and scale, so no join is needed; the state is checked
        # here so that the (cycle, node) index is the one the database picks.
        codes = {level_id: level.code for level_id, level in level_by_id.items()}
        for node_id, organization_id, level_id, state in earlier.filter(
            node_id__in=list(node_key)
        ).values_list("node_id", "organization_id", "level_id", "state"):
            if state == ReportState.VALIDATED and level_id in codes:
                before[(node_key[node_id], organization_id)] = codes[level_id]
    else:
        earlier = earlier.filter(state=ReportState.VALIDATED, level__isnull=False)
        refs = [row.ref_id for row in node_rows if row.ref_id]
        keys = [row.sort_key for row in node_rows if not row.ref_id]
        for ref_id, sort_key, organization_id, code in earlier.filter(
            Q(node__ref_id__in=refs) | Q(node__ref_id="", node__sort_key__in=keys)
        ).values_list("node__ref_id", "node__sort_key", "organization_id", "level__code"):
            before[(ref_id or f"#{sort_key}", organization_id)] = code
    changed = set()
    for (row_id, column_id), shown in cells.items():
        if shown is None or row_id not in node_key:
            continue
        old = before.get((node_key[row_id], column_id))
        if old is not None and old != level_by_id[shown].code:
            changed.add((row_id, column_id))
    return changed


@dataclass(frozen=True)
class TrendPoint:
    cycle_id: int
    title: str
    label: str  # the period, short enough for a chart axis
    counts: dict[str, int]


def period_label(start: date, end: date) -> str:
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    return f"{start:%m/%Y}"


def node_trend(
    *, user: Any, cycle: ReportingCycle, node: Node, limit: int = 10
) -> list[TrendPoint]:
    """Counts per status level of one node over the framework's cycles up to this one."""
    cycles = list(
        ReportingCycle.objects.filter(Q(pk=cycle.pk) | previous_cycles(user, cycle))
        .order_by("-period_start", "-pk")
        .values_list("pk", "title", "period_start", "period_end")[:limit]
    )
    cycles.reverse()
    published_only = not runs_cycle(user, cycle)
    node_match = Q(ref_id=node.ref_id) if node.ref_id else Q(ref_id="", sort_key=node.sort_key)
    # The same node in every version of the framework, then its reports by the index.
    node_ids = Node.objects.filter(node_match, framework__slug=cycle.framework.slug).values("pk")
    reports = StatusReport.objects.filter(
        cycle_id__in=[row[0] for row in cycles], node_id__in=node_ids
    )
    if published_only:
        reports = reports.filter(state=ReportState.VALIDATED)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for cycle_id, code, number in (
        reports.filter(level__isnull=False)
        .values("cycle_id", "level__code")
        .annotate(number=Count("pk"))
        .values_list("cycle_id", "level__code", "number")
    ):
        counts[cycle_id][code] = number
    return [
        TrendPoint(pk, title, period_label(start, end), counts.get(pk, {}))
        for pk, title, start, end in cycles
    ]


def matrix_rows(m: Matrix, *, node_url: str) -> list[SafeString]:
    """The table body's rows as ready HTML: one string per node, built once per request.

    A template loop over 100 x 60 cells costs far more than this join; each value is escaped.
    """
    not_reported = escape(_("not reported"))
    changed_text = escape(_("changed"))
    dash = "\u2013"
    empty = (
        f'<td class="status-none">{dash}<span class="visually-hidden">{not_reported}</span></td>'
    )
    cell_html: dict[int | None, str] = {None: empty}
    changed_html: dict[int, str] = {}
    for level in m.levels:
        code = escape(level.code)
        cell_html[level.id] = f'<td class="{level.css_class}">{code}</td>'
        changed_html[level.id] = (
            f'<td class="{level.css_class} changed">{code}<span class="marker" '
            f'aria-hidden="true">▲</span><span class="visually-hidden">{changed_text}</span></td>'
        )
    rows = []
    for node in m.nodes:
        parts = [
            f'<tr><th scope="row"><a href="{escape(node_url)}?node={node.id}">'
            f'{escape(node.ref_id)}</a> <span class="node-label">{escape(node.label)}</span></th>'
        ]
        for organization in m.organizations:
            key = (node.id, organization.id)
            level_id = m.cells.get(key)
            if level_id is not None and key in m.changed:
                parts.append(changed_html[level_id])
            else:
                parts.append(cell_html[level_id])
        share = percent(m.completeness_by_node.get(node.id, (0, 0)))
        parts.append(f'<td class="completeness">{"" if share is None else f"{share}%"}</td></tr>')
        rows.append(mark_safe("".join(parts)))  # noqa: S308 — every value above is escaped
    return rows


def matrix_header_and_footer(m: Matrix, *, organization_url: str) -> tuple[SafeString, SafeString]:
    """The organizations' header cells and completeness footer cells, built once."""
    header = "".join(
        f'<th scope="col"><a href="{escape(organization_url)}?organization={o.id}" '
        f'title="{escape(o.name)}">{escape(o.acronym)}</a></th>'
        for o in m.organizations
    )
    footer = []
    for o in m.organizations:
        share = percent(m.completeness_by_organization.get(o.id, (0, 0)))
        footer.append(f'<td class="completeness">{"" if share is None else f"{share}%"}</td>')
    return mark_safe(header), mark_safe("".join(footer))  # noqa: S308 — values escaped above
