"""The shipped library against the seed texts: Rights Up Front (002) has its 5 headings, 16 areas
and 63 action points with "no consensus" where the seed marks it; the Duty of Care
applicability matches 000's HRN table cell for cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.frameworks.loading import library_load
from tutela.frameworks.models import Applicability, Framework, Node
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db

# The source documents ship with the repository (docs/seeds), so the check runs anywhere.
SEEDS = Path(__file__).resolve().parents[2] / "docs" / "seeds"
ACTION_POINT = re.compile(r"^(?:- )?(\d{1,2}\.\d{1,2})\.\s")
TABLE_HEADER = "Directly applicable\tNot applicable\tNeeds further discussion"
LEVEL_OF_COLUMN = ["directly_applicable", "not_applicable", "needs_discussion"]


def _seed(number: str) -> str:
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert found, f"Seed {number} not found under {SEEDS.resolve()}: the seeds are required."
    return found[0].read_text(encoding="utf-8")


@pytest.fixture
def library() -> None:
    reference_data_load()
    library_load()


def test_rights_up_front_has_every_heading_area_and_action_point(library: None) -> None:
    seed_lines = _seed("002").splitlines()
    seed_points = [m.group(1) for line in seed_lines if (m := ACTION_POINT.match(line))]
    seed_no_consensus = {
        m.group(1) for line in seed_lines if (m := ACTION_POINT.match(line)) and "*" in line
    }
    assert len(seed_points) == 63
    assert (seed_points[0], seed_points[-1]) == ("1.1", "16.2")
    assert seed_no_consensus == {"8.3", "15.3"}

    framework = Framework.objects.get(slug="rights-up-front", version=1)
    nodes = list(Node.objects.filter(framework=framework).order_by("sort_key"))
    headings = [n for n in nodes if n.type == "heading"]
    areas = [n for n in nodes if n.type == "area"]
    points = [n for n in nodes if n.type == "action_point"]
    assert len(headings) == 5
    assert all(h.parent_id is None for h in headings)
    assert len(areas) == 16
    assert [a.ref_id for a in areas] == [str(i) for i in range(1, 17)]
    assert all(a.parent_id in {h.pk for h in headings} for a in areas)
    assert [p.ref_id for p in points] == seed_points
    area_of = {a.pk: a.ref_id for a in areas}
    assert all(area_of[p.parent_id] == p.ref_id.split(".")[0] for p in points)
    assert all(p.reportable for p in points)
    assert {p.ref_id for p in points if "no_consensus" in p.flags} == seed_no_consensus
    assert not [n.ref_id for n in nodes if n.flags and n.ref_id not in seed_no_consensus]


def _hrn_table() -> dict[str, str]:
    """000's HRN table: action point (normalised) -> applicability level."""
    lines = _seed("000").splitlines()
    start = lines.index(TABLE_HEADER)
    row = next(line for line in lines[start + 1 :] if line.strip())
    cells = row.split("\t")
    assert len(cells) == 3, row
    table: dict[str, str] = {}
    for level, cell in zip(LEVEL_OF_COLUMN, cells, strict=True):
        text = re.sub(r"<[^>]+>", "", cell)
        for item in text.split("•"):
            if item.strip():
                table[_normalised(item)] = level
    return table


def _normalised(text: str) -> str:
    return " ".join(text.replace("-", " ").lower().split())


def test_duty_of_care_applicability_matches_the_hrn_table(library: None) -> None:
    table = _hrn_table()
    assert len(table) == 13
    entries = Applicability.objects.filter(
        personnel_category__code="individual_non_staff"
    ).select_related("node")
    shipped = {_normalised(entry.node.title or entry.node.text): entry.level for entry in entries}
    assert shipped == table
    # The four kinds of individual non-staff personnel, where recorded, say the same.
    for entry in Applicability.objects.filter(node__in=[e.node for e in entries]).select_related(
        "node", "personnel_category"
    ):
        assert entry.level == table[_normalised(entry.node.title or entry.node.text)], (
            entry.personnel_category.code
        )
