"""The demo registers, visits and quarterly reports, and what each demo role sees of them."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.common.demo import DemoContext
from tutela.organizations import demo as organizations_demo
from tutela.organizations.models import Body
from tutela.organizations.reference_data import reference_data_load
from tutela.risks import demo, selectors, services
from tutela.risks.models import QuarterlyReport, Register, Visit

pytestmark = pytest.mark.django_db


def test_demo_builds_registers_visits_and_a_year_of_reports() -> None:
    reference_data_load()
    call_command("load_frameworks")
    context = DemoContext(rng=random.Random(1), scale="small")
    organizations_demo.generate(context)
    mission = next(unit for unit in context.units if unit.type == "mission")
    officer = user_with_role(Role.RISK_OFFICER, unit=mission)
    reviewer = user_with_role(Role.CONDUCT_REVIEWER, body=Body.objects.get(acronym="CDS"))
    context.users_by_role["risk_officer"] = officer

    demo.generate(context)
    demo.generate(context)  # a second run adds nothing

    kinds = set(Register.objects.filter(unit=mission).values_list("kind", flat=True))
    assert kinds == {"misconduct_sea", "fraud", "duty_of_care", "health"}
    assert Visit.objects.filter(unit=mission, kind="follow_up").count() == 1
    draft = QuarterlyReport.objects.get(unit=mission, status="draft")
    assert selectors.overdue_actions_owned(user=officer).exists()
    view = selectors.consolidated(user=reviewer)
    states = {row.state for row in view.rows}
    assert {"on_time", "late", "missing"} <= states
    assert view.heat_maps
    assert view.trend
    assert all(
        services.report_snapshot_intact(report)
        for report in QuarterlyReport.objects.filter(status="submitted")
    )
    services.report_submit(actor=officer, report=draft)
    assert Register.objects.filter(unit=mission, kind="health").exists()
