"""Who may do what in the surveys module and the restricted repository.

- The secretariat of the survey's body imports surveys, runs rounds and reads every response
  (for processing; reads of attributable data are audited).
- Focal points and viewers of an invited organization see the survey, its rounds and the
  aggregated results; the focal point answers for the organization and gives or revokes its
  consents.
- Members of the groups a survey's disclosure policy names see the aggregated results, and
  the attributable results of the organizations that consented to share with their group.
- A repository folder is open to the members of its groups and the secretariat of its body.
Auditors and administrators read none of it.
"""

from __future__ import annotations

from typing import Any

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    body_ids,
    declare,
    group_ids,
    organization_ids,
    roles,
)
from tutela.accounts.roles import Role


def secretariat_body_ids(user: Any) -> set[int]:
    return body_ids(user, Role.SECRETARIAT)


def participant_organization_ids(user: Any) -> set[int]:
    return organization_ids(user, Role.FOCAL_POINT, Role.VIEWER)


def focal_point_organization_ids(user: Any) -> set[int]:
    return organization_ids(user, Role.FOCAL_POINT)


def member_group_ids(user: Any) -> set[int]:
    return group_ids(user, Role.GROUP_MEMBER)


SECRETARIAT = roles(Role.SECRETARIAT)
FOCAL_POINT = roles(Role.FOCAL_POINT)
PARTICIPANTS = roles(Role.FOCAL_POINT, Role.VIEWER)
SURVEY_READERS = roles(Role.SECRETARIAT, Role.FOCAL_POINT, Role.VIEWER, Role.GROUP_MEMBER)
REPOSITORY_READERS = roles(Role.SECRETARIAT, Role.GROUP_MEMBER)

declare(
    EndpointRule("surveys:survey_list", own=SIGNED_IN),
    EndpointRule("surveys:survey_import", own=SECRETARIAT),
    EndpointRule("surveys:survey_detail", own=SURVEY_READERS, subject="survey"),
    EndpointRule("surveys:survey_export", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:policy_edit", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:survey_edit", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:survey_outline", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:survey_choices", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:round_create", own=SECRETARIAT, subject="survey"),
    EndpointRule("surveys:round_detail", own=SURVEY_READERS, subject="survey_round"),
    EndpointRule(
        "surveys:round_status",
        own=SECRETARIAT,
        subject="survey_round",
        method="POST",
        answers=302,
    ),
    EndpointRule("surveys:round_invite", own=SECRETARIAT, subject="survey_round"),
    EndpointRule(
        "surveys:round_remind",
        own=SECRETARIAT,
        subject="survey_round",
        method="POST",
        answers=302,
    ),
    EndpointRule("surveys:response_edit", own=FOCAL_POINT, subject="survey_round"),
    EndpointRule("surveys:round_results", own=SURVEY_READERS, subject="survey_round"),
    EndpointRule("surveys:round_results_export", own=SURVEY_READERS, subject="survey_round"),
    EndpointRule("surveys:consent_list", own=FOCAL_POINT),
    EndpointRule(
        "surveys:consent_revoke",
        own=FOCAL_POINT,
        subject="survey_consent",
        method="POST",
        answers=302,
    ),
    EndpointRule("surveys:folder_list", own=SIGNED_IN),
    EndpointRule("surveys:folder_create", own=SECRETARIAT),
    EndpointRule("surveys:folder_detail", own=REPOSITORY_READERS, subject="repository_folder"),
    EndpointRule("surveys:document_upload", own=REPOSITORY_READERS, subject="repository_folder"),
    EndpointRule(
        "surveys:document_download", own=REPOSITORY_READERS, subject="repository_document"
    ),
    EndpointRule("surveys:document_search", own=SIGNED_IN),
    EndpointRule("api:survey_list", own=SIGNED_IN),
    EndpointRule("api:survey_detail", own=SURVEY_READERS, subject="survey"),
    EndpointRule("api:survey_round_list", own=SURVEY_READERS, subject="survey"),
    EndpointRule("api:survey_response_get", own=PARTICIPANTS, subject="survey_round"),
    EndpointRule(
        "api:survey_response_save",
        own=FOCAL_POINT,
        subject="survey_round",
        method="POST",
        answers=200,
    ),
    EndpointRule("api:survey_results", own=SURVEY_READERS, subject="survey_round"),
    EndpointRule("api:survey_consent_list", own=FOCAL_POINT),
    EndpointRule(
        "api:survey_consent_give", own=FOCAL_POINT, subject="group", method="POST", answers=200
    ),
    EndpointRule(
        "api:survey_consent_revoke",
        own=FOCAL_POINT,
        subject="survey_consent",
        method="POST",
        answers=200,
    ),
    EndpointRule(
        "api:repository_document_list", own=REPOSITORY_READERS, subject="repository_folder"
    ),
    EndpointRule("api:repository_search", own=SIGNED_IN),
)
