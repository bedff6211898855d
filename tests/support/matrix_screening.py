"""Authorization matrix subjects of the screening module: one listing and one check per side,
each of the side's organization."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.screening_factories import encoded, make_check, make_listing

PARAMETERS = {
    "screening_listing_id": "screening_listing",
    "screening_check_id": "screening_check",
}


def add_subjects(side: Any) -> None:
    side.subjects["screening_listing"] = make_listing(side.organization)
    side.subjects["screening_check"] = make_check(side.organization)


def _listing_body(_subject: Any) -> dict[str, Any]:
    return {
        "reference": f"M-{uuid.uuid4().hex[:8]}",
        "encoding": encoded("Matrix", "Person"),
        "category": "sexual_harassment",
        "basis": "finding",
        "decided_on": "2024-01-01",
        "contact_point": "Matrix desk",
    }


API_BODIES = {
    "screening_listing_create": _listing_body,
    "screening_listing_remove": lambda listing: {"reason": "appeal"},
    "screening_check_create": lambda _subject: {
        "candidates": [{"reference": "c1", "encoding": encoded("Matrix", "Candidate")}]
    },
}
