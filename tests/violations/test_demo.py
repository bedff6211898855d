"""The demo: DRC events for the demo officer and analyst, verifications, hidden SS events."""

from __future__ import annotations

import random

import pytest

from tests.support.clients import signed_in
from tests.support.violations_factories import analyst, officer
from tutela.accounts.roles import Role
from tutela.common.demo import DemoContext
from tutela.violations import demo
from tutela.violations.models import Act, Event, ReviewMeasure, Verification

pytestmark = pytest.mark.django_db


def _context(scale: str = "small") -> DemoContext:
    context = DemoContext(rng=random.Random(7), scale=scale)
    context.users_by_role[Role.HUMAN_RIGHTS_OFFICER.value] = officer()
    context.users_by_role[Role.ANALYST.value] = analyst()
    return context


def test_the_demo_records_verified_and_pending_events_in_the_drc() -> None:
    context = _context()
    demo.generate(context)
    assert Event.objects.filter(country="CD").count() == 60
    assert Event.objects.filter(country="SS").count() == 12
    assert Event.objects.filter(verification=Verification.VERIFIED).exists()
    assert Event.objects.filter(verification=Verification.PENDING).exists()
    assert context.notes
    page = signed_in(analyst()).get("/violations/analysis/").content.decode()
    assert "Democratic Republic of the Congo" in page
    assert "South Sudan" not in page
    warning = signed_in(analyst()).get("/violations/early-warning/").content.decode()
    assert "Democratic Republic of the Congo" in warning
    assert ReviewMeasure.objects.filter(country="CD").count() == 3


def test_the_demo_runs_once() -> None:
    demo.generate(_context())
    demo.generate(_context())
    assert Event.objects.filter(country="CD").count() == 60


def test_the_large_scale_bulk_inserts_acts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTELA_DEMO_VIOLATION_EVENTS", "30")
    monkeypatch.setattr(demo, "LARGE_BATCH", 20)
    demo.generate(_context("large"))
    assert Event.objects.filter(title__startswith="Recorded incident").count() == 30
    assert Act.objects.filter(event__title__startswith="Recorded incident").count() >= 300
