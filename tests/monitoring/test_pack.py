"""The committee pack: a PDF with a title page, the matrix by section, completeness and the
narratives."""

from __future__ import annotations

from typing import Any

import pytest
from weasyprint import HTML

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory
from tests.support.monitoring_factories import (
    fill,
    framework_with_nodes,
    open_cycle,
    secretariat_of,
)
from tutela.audit.models import AuditEvent
from tutela.monitoring.dashboard import matrix
from tutela.monitoring.pack import committee_pack_html
from tutela.monitoring.selectors import pack_narratives

pytestmark = pytest.mark.django_db


def _texts(box: Any) -> list[str]:
    found = []
    if getattr(box, "text", None):
        found.append(box.text)
    for child in getattr(box, "children", []):
        found.extend(_texts(child))
    return found


def test_the_committee_pack_renders_several_pages_with_the_narratives() -> None:
    framework = framework_with_nodes(12, sections=3)
    organizations = [OrganizationFactory(acronym=a) for a in ("UNHCR", "UNDP", "WFP")]
    cycle = open_cycle(framework, organizations, title="Spring 2026 session")
    fill(cycle, "L", progress="Mental health strategy launched in 14 duty stations.")
    secretariat = secretariat_of(framework)
    m = matrix(user=secretariat, cycle=cycle, all_sections=True)
    html = committee_pack_html(
        m, pack_narratives(user=secretariat, cycle=cycle, published_only=m.published_only)
    )
    document = HTML(string=html).render()
    assert len(document.pages) > 1
    text = " ".join(t for page in document.pages for t in _texts(page._page_box))
    assert "Spring 2026 session" in text
    assert "Mental health strategy launched in 14 duty stations." in text
    assert "UNHCR" in text
    assert "Section 2" in text

    response = signed_in(secretariat).get(f"/monitoring/cycles/{cycle.pk}/committee-pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="monitoring.export.committee_pack").exists()
