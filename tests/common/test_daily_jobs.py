"""`tutela daily_jobs` runs every daily job, and names the ones that fail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_every_daily_job_runs() -> None:
    out = io.StringIO()
    call_command("daily_jobs", stdout=out)
    text = out.getvalue()
    for job in ("audit_verify", "send_risk_action_reminders", "cases_retention"):
        assert f"== {job}" in text
    assert "Daily jobs done." in text


def test_a_failing_job_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutela.common.management.commands import daily_jobs

    ran = []

    def fake(job: str, **kwargs: Any) -> None:
        ran.append(job)
        if job == "audit_verify":
            raise CommandError("chain broken at event 12")

    monkeypatch.setattr(daily_jobs, "call_command", fake)
    with pytest.raises(CommandError, match="audit_verify"):
        call_command("daily_jobs", stdout=io.StringIO(), stderr=io.StringIO())
    assert ran == list(daily_jobs.DAILY_JOBS)
