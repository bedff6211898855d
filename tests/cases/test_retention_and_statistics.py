"""Retention destroys content (keys and ciphertext) and keeps anonymous counts; statistics
suppress cells under the threshold."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.support.cases_factories import submit_report
from tests.support.clients import signed_in, token_headers
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.cases import services
from tutela.cases.models import Attachment, DestroyedCaseCount, Message, Report
from tutela.cases.selectors import statistics

pytestmark = pytest.mark.django_db


def _closed(organization, category: str = "fraud", days_ago: int = 4000):  # type: ignore[no-untyped-def]
    submission = submit_report(
        organization,
        category=category,
        uploads=[services.Upload(name="a.txt", data=b"evidence")],
    )
    report = submission.report
    Report.objects.filter(pk=report.pk).update(
        status="closed",
        outcome="substantiated",
        closed_at=timezone.now() - timedelta(days=days_ago),
    )
    return submission


def test_retention_destroys_expired_cases_and_keeps_counts() -> None:
    organization = OrganizationFactory()
    expired = _closed(organization)
    kept = _closed(organization, days_ago=10)
    open_case = submit_report(organization)
    out = StringIO()
    call_command("cases_retention", stdout=out)
    assert "1 case(s) destroyed" in out.getvalue()
    assert not Report.objects.filter(pk=expired.report.pk).exists()
    assert set(Report.objects.values_list("pk", flat=True)) == {kept.report.pk, open_case.report.pk}
    assert Attachment.objects.count() == 1  # the kept case's
    assert Message.objects.filter(report_id=expired.report.pk).count() == 0
    count = DestroyedCaseCount.objects.get()
    assert (count.category, count.outcome, count.count) == ("fraud", "substantiated", 1)
    with pytest.raises(services.ReceiptRefusedError):
        services.reporter_sign_in(receipt_text=expired.receipt)


def test_statistics_count_live_and_destroyed_cases_and_suppress_small_cells() -> None:
    organization = OrganizationFactory(acronym="STATS")
    for _ in range(3):
        submit_report(organization, category="sexual_harassment")
    submit_report(organization, category="fraud")
    quarter = services.quarter_of(timezone.now())
    DestroyedCaseCount.objects.create(
        organization=organization,
        category="fraud",
        channel="formal",
        quarter=quarter,
        outcome="",
        count=2,
    )
    reviewer = user_with_role(Role.CONDUCT_REVIEWER, body=BodyFactory())
    rows = {(r.category, r.quarter): r.count for r in statistics(user=reviewer)}
    assert rows[("sexual_harassment", quarter)] == 3
    assert rows[("fraud", quarter)] == 3  # one live and two destroyed
    submit_report(OrganizationFactory(acronym="SMALL"), category="sea")
    small = [r for r in statistics(user=reviewer) if r.organization == "SMALL"]
    assert small[0].count is None
    page = signed_in(reviewer).get("/cases/statistics/").content.decode()
    assert "fewer than 3" in page
    api = signed_in(reviewer).get("/api/v1/cases/statistics", **token_headers(reviewer)).json()
    assert {
        "organization": "SMALL",
        "category": "sea",
        "channel": "formal",
        "quarter": quarter,
        "outcome": "",
        "count": None,
    } in api
    viewer = user_with_role(Role.VIEWER, organization=organization)
    assert signed_in(viewer).get("/cases/statistics/").status_code == 403
