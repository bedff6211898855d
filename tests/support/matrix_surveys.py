"""Authorization-matrix subjects of the surveys module: each side's body owns a survey whose
policy names the side's group, with an open round inviting the side's organization (which
has a draft response), a consent of that organization to its group, and a repository folder
open to the group holding one document."""

from __future__ import annotations

from typing import Any

from tests.support.surveys_factories import example_survey, folder, open_round, valid_answers
from tutela.surveys import services
from tutela.surveys.models import ConsentScope

PARAMETERS = {
    "survey_id": "survey",
    "survey_round_id": "survey_round",
    "survey_consent_id": "survey_consent",
    "repository_folder_id": "repository_folder",
    "repository_document_id": "repository_document",
}

API_BODIES = {
    "survey_response_save": lambda round_: {"answers": {"has_policy": "no"}, "submit": False},
    "survey_consent_give": lambda group: {"scope": "answers"},
    "survey_consent_revoke": lambda consent: {},
}


def add_subjects(side: Any) -> None:
    side.group.member_organizations.add(side.organization)
    survey = example_survey(side.body, groups=[side.group])
    round_ = open_round(survey, [side.organization])
    services.response_save(
        actor=None,
        round_=round_,
        organization=side.organization,
        answers=valid_answers(),
        submit=True,
    )
    consent = services.consent_give(
        actor=None,
        organization=side.organization,
        group=side.group,
        scope=ConsentScope.ATTRIBUTED_RESULTS,
    )
    repository = folder(side.body, [side.group])
    version = services.document_upload(
        actor=None,
        folder=repository,
        filename="policy.txt",
        content=b"Policy on sexual harassment.",
    )
    side.subjects["survey"] = survey
    side.subjects["survey_round"] = round_
    side.subjects["survey_consent"] = consent
    side.subjects["repository_folder"] = repository
    side.subjects["repository_document"] = version.document
