"""Surveys, rounds, the own organization's responses, consents, published results and the
restricted repository over the API."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.surveys import results, selectors, services
from tutela.surveys.models import ConsentScope

API_PREFIX = "/surveys"
router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    title: str
    body: str
    is_example: bool
    description: str

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return obj.body.acronym  # type: ignore[no-any-return]


class SurveyDetailOut(SurveyOut):
    definition: dict[str, Any]
    import_report: dict[str, Any]


class RoundOut(Schema):
    id: int
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str
    invited: int
    submitted: int


class ResponseOut(Schema):
    round_id: int
    organization: str
    status: str
    version: int
    submitted_at: datetime.datetime | None
    answers: dict[str, Any]


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(default_factory=dict)
    submit: bool = False
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)


class ResponseSaveOut(Schema):
    status: str
    version: int
    submitted: bool
    errors: dict[str, list[str]]


class CellOut(Schema):
    value: float | None
    suppressed: bool


class TableOut(Schema):
    key: str
    title: str
    kind: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[CellOut]]


class RankingOut(Schema):
    title: str
    entries: list[tuple[str, str]]


class ResultsOut(Schema):
    respondents: int
    threshold: int
    dominance_n: int
    dominance_k: float
    tables: list[TableOut]
    rankings: list[RankingOut]


class ConsentOut(Schema):
    id: int
    organization: str
    group: str
    survey_id: int | None
    scope: str
    given_at: datetime.datetime
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.acronym  # type: ignore[no-any-return]

    @staticmethod
    def resolve_group(obj: Any) -> str:
        return obj.group.code  # type: ignore[no-any-return]

    @staticmethod
    def resolve_given_at(obj: Any) -> datetime.datetime:
        return obj.created_at  # type: ignore[no-any-return]


class ConsentIn(Schema):
    scope: ConsentScope = ConsentScope.ATTRIBUTED_RESULTS
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)
    survey_id: int | None = Field(None, ge=1, le=MAX_ID)


class DocumentOut(Schema):
    id: int
    title: str
    folder_id: int
    current_version: int


class SearchFilters(Schema):
    q: str = Field("", max_length=200, pattern=NO_NUL)


class ResponseFilters(Schema):
    organization_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.get("", response={200: list[SurveyOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def survey_list(request: HttpRequest) -> object:
    return selectors.survey_list(user=acting_user(request))


@router.get("/consents", response={200: list[ConsentOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def survey_consent_list(request: HttpRequest) -> object:
    return selectors.consent_list(user=acting_user(request))


@router.post("/consents/groups/{group_id}", response={200: ConsentOut, **ERROR_RESPONSES})
def survey_consent_give(
    request: HttpRequest, payload: ConsentIn, group_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    group = selectors.consent_group_get(user=user, group_id=group_id)
    organizations = list(selectors.consent_organizations(user=user))
    organization = organizations[0]
    if payload.organization_id is not None:
        matching = [o for o in organizations if o.pk == payload.organization_id]
        if not matching:
            raise ValidationError({"organization_id": "You are not a focal point of it."})
        organization = matching[0]
    survey = None
    if payload.survey_id is not None:
        survey = selectors.consent_surveys(user=user).filter(pk=payload.survey_id).first()
        if survey is None:
            raise ValidationError({"survey_id": "No such survey addressed to your organization."})
    return services.consent_give(
        actor=user, organization=organization, group=group, scope=payload.scope.value, survey=survey
    )


@router.post("/consents/{survey_consent_id}/revoke", response={200: ConsentOut, **ERROR_RESPONSES})
def survey_consent_revoke(
    request: HttpRequest, survey_consent_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    consent = selectors.consent_get(user=user, consent_id=survey_consent_id)
    return services.consent_revoke(actor=user, consent=consent)


@router.get(
    "/repository/folders/{repository_folder_id}/documents",
    response={200: list[DocumentOut], **ERROR_RESPONSES},
)
@paginate(PageNumber)
def repository_document_list(
    request: HttpRequest, repository_folder_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    folder = selectors.folder_get(user=user, folder_id=repository_folder_id)
    return selectors.documents_in(user=user, folder=folder)


@router.get("/repository/search", response={200: list[DocumentOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def repository_search(request: HttpRequest, filters: Query[SearchFilters]) -> object:
    return selectors.document_search(user=acting_user(request), query=filters.q)


@router.get("/rounds/{survey_round_id}/response", response={200: ResponseOut, **ERROR_RESPONSES})
def survey_response_get(
    request: HttpRequest,
    filters: Query[ResponseFilters],
    survey_round_id: int = Path(..., ge=1, le=MAX_ID),
) -> object:
    user = acting_user(request)
    round_ = selectors.round_get(user=user, round_id=survey_round_id)
    organizations = list(selectors.participant_organizations(user=user, round_=round_))
    if filters.organization_id is not None:
        organizations = [o for o in organizations if o.pk == filters.organization_id]
    if not organizations:
        raise Http404
    organization = organizations[0]
    response = selectors.response_of(user=user, round_=round_, organization=organization)
    return {
        "round_id": round_.pk,
        "organization": organization.acronym,
        "status": response.status if response else "not_started",
        "version": response.version if response else 0,
        "submitted_at": response.submitted_at if response else None,
        "answers": response.answers if response else {},
    }


@router.post(
    "/rounds/{survey_round_id}/response", response={200: ResponseSaveOut, **ERROR_RESPONSES}
)
def survey_response_save(
    request: HttpRequest, payload: ResponseIn, survey_round_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    round_ = selectors.round_for_answering(user=user, round_id=survey_round_id)
    organizations = list(selectors.answering_organizations(user=user, round_=round_))
    organization = organizations[0]
    if payload.organization_id is not None:
        matching = [o for o in organizations if o.pk == payload.organization_id]
        if not matching:
            raise ValidationError({"organization_id": "You do not answer for it."})
        organization = matching[0]
    saved = services.response_save(
        actor=user,
        round_=round_,
        organization=organization,
        answers=payload.answers,
        submit=payload.submit,
        language=(get_language() or "en")[:2],
    )
    return {
        "status": saved.response.status,
        "version": saved.response.version,
        "submitted": saved.submitted,
        "errors": saved.errors,
    }


@router.get("/rounds/{survey_round_id}/results", response={200: ResultsOut, **ERROR_RESPONSES})
def survey_results(
    request: HttpRequest, survey_round_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    round_ = selectors.round_get(user=user, round_id=survey_round_id)
    policy = selectors.policy_of(survey=round_.survey)
    found = results.round_results(
        definition=round_.survey.definition,
        responses=selectors.submitted_responses(round_=round_),
        policy_rules=results.rules_of(policy),
        language=(get_language() or "en")[:2],
        attributable={},  # the API publishes aggregated tables only
    )
    return {
        "respondents": found.respondents,
        "threshold": policy.threshold,
        "dominance_n": policy.dominance_n,
        "dominance_k": policy.dominance_k,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "kind": table.protected.kind.value,
                "row_labels": [*table.protected.row_labels, "Total"],
                "column_labels": table.column_labels,
                "cells": [
                    [{"value": value, "suppressed": value is None} for value in row]
                    for row in table.protected.cells()
                ],
            }
            for table in found.tables
        ],
        "rankings": [
            {"title": ranking.title, "entries": ranking.entries} for ranking in found.rankings
        ],
    }


@router.get("/{survey_id}/rounds", response={200: list[RoundOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def survey_round_list(request: HttpRequest, survey_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    user = acting_user(request)
    survey = selectors.survey_get(user=user, survey_id=survey_id)
    return selectors.round_list(user=user, survey=survey)


@router.get("/{survey_id}", response={200: SurveyDetailOut, **ERROR_RESPONSES})
def survey_detail(request: HttpRequest, survey_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.survey_get(user=acting_user(request), survey_id=survey_id)
