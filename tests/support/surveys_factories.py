"""Factories for surveys: the shipped example survey, rounds with invitations, consents and
repository folders."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from tests.support.factories import BodyFactory
from tutela.organizations.models import Body, Group, Organization
from tutela.surveys import services
from tutela.surveys.models import Folder, Round, RoundStatus, Survey

EXAMPLE = (
    Path(services.__file__).parent / "library" / "sexual_harassment_policy_and_case_reporting.xlsx"
)


def example_survey(body: Body | None = None, *, groups: list[Group] | None = None) -> Survey:
    survey = services.survey_import(
        actor=None, body=body or BodyFactory(), content=EXAMPLE.read_bytes(), filename="x.xlsx"
    )
    if groups:
        survey.disclosure_policy.groups.set(groups)
    return survey


def open_round(survey: Survey, organizations: list[Organization], **kwargs: Any) -> Round:
    today = timezone.localdate()
    return services.round_create(
        actor=None,
        survey=survey,
        title=kwargs.pop("title", "2026 round"),
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        organizations=organizations,
        status=kwargs.pop("status", RoundStatus.OPEN),
    )


def valid_answers(**overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "has_policy": "yes",
        "policy_date": "2020-01-15",
        "policy_covers": ["staff"],
        "rating_policy": "strength",
        "rating_prevention": "weakness",
        "rating_reporting": "weakness",
        "rating_protection": "major_weakness",
        "rating_investigation": "adequate",
        "improvement_areas": ["protection", "reporting", "prevention"],
        "top_priority": "protection",
        "formal_reports": 4,
        "informal_reports": 9,
        "formal_investigated": 2,
        "has_helpline": "yes",
        "channels": [
            {"channel_name": "Ethics office", "channel_kind": "formal", "channel_anonymous": "no"}
        ],
    }
    answers.update(overrides)
    return answers


def folder(body: Body, groups: list[Group], name: str = "Policies") -> Folder:
    return services.folder_create(actor=None, body=body, name=name, groups=groups)
