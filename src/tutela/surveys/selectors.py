"""Every read of surveys, rounds, responses, consents and the repository; each takes the
acting user and returns only what that user may see (a forbidden object is a missing one)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.organizations.models import Body, Group, Organization
from tutela.surveys import search
from tutela.surveys.access import (
    focal_point_organization_ids,
    member_group_ids,
    participant_organization_ids,
    secretariat_body_ids,
)
from tutela.surveys.models import (
    Consent,
    ConsentScope,
    DisclosurePolicy,
    Document,
    DocumentVersion,
    Folder,
    Invitation,
    Response,
    ResponseStatus,
    Round,
    Survey,
)


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


# --- surveys and rounds -------------------------------------------------------------------------


def survey_list(*, user: Any) -> QuerySet[Survey]:
    _signed_in(user)
    visible = Q(body_id__in=secretariat_body_ids(user))
    organizations = participant_organization_ids(user)
    if organizations:
        visible |= Q(
            pk__in=Invitation.objects.filter(organization_id__in=organizations).values(
                "round__survey_id"
            )
        )
    groups = member_group_ids(user)
    if groups:
        visible |= Q(pk__in=DisclosurePolicy.objects.filter(groups__in=groups).values("survey_id"))
    return (
        Survey.objects.filter(visible)
        .select_related("body")
        .annotate(round_count=Count("rounds", distinct=True))
        .order_by("-is_example", "title", "pk")
    )


def survey_get(*, user: Any, survey_id: int) -> Survey:
    return get_object_or_404(survey_list(user=user), pk=survey_id)


def may_manage_survey(*, user: Any, survey: Survey) -> bool:
    return survey.body_id in secretariat_body_ids(user)


def survey_for_managing(*, user: Any, survey_id: int) -> Survey:
    survey = survey_get(user=user, survey_id=survey_id)
    require(may_manage_survey(user=user, survey=survey))
    return survey


def bodies_for_new_survey(*, user: Any) -> QuerySet[Body]:
    bodies = secretariat_body_ids(user)
    if not bodies:
        raise PermissionDenied
    return Body.objects.filter(pk__in=bodies).order_by("acronym")


def policy_of(*, survey: Survey) -> DisclosurePolicy:
    policy, _created = DisclosurePolicy.objects.get_or_create(survey=survey)
    return policy


def round_list(*, user: Any, survey: Survey) -> QuerySet[Round]:
    """Rounds of a survey the user may see (the survey itself was checked by survey_get)."""
    rounds = Round.objects.filter(survey=survey)
    if not may_manage_survey(user=user, survey=survey):
        readable = Q(invitations__organization_id__in=participant_organization_ids(user))
        groups = member_group_ids(user)
        if groups and survey.disclosure_policy.groups.filter(pk__in=groups).exists():
            readable = Q()
        rounds = rounds.filter(readable)
    return (
        rounds.annotate(
            invited=Count("invitations", distinct=True),
            submitted=Count(
                "responses",
                filter=Q(responses__status=ResponseStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("-opens_on", "pk")
    )


def _rounds_visible(user: Any) -> QuerySet[Round]:
    _signed_in(user)
    visible = Q(survey__body_id__in=secretariat_body_ids(user))
    organizations = participant_organization_ids(user)
    if organizations:
        visible |= Q(
            pk__in=Invitation.objects.filter(organization_id__in=organizations).values("round_id")
        )
    groups = member_group_ids(user)
    if groups:
        visible |= Q(
            survey_id__in=DisclosurePolicy.objects.filter(groups__in=groups).values("survey_id")
        )
    return Round.objects.filter(visible).select_related("survey", "survey__body")


def round_get(*, user: Any, round_id: int) -> Round:
    return get_object_or_404(_rounds_visible(user), pk=round_id)


def round_for_managing(*, user: Any, round_id: int) -> Round:
    round_ = round_get(user=user, round_id=round_id)
    require(may_manage_survey(user=user, survey=round_.survey))
    return round_


def organizations_to_invite(*, round_: Round) -> QuerySet[Organization]:
    """Organizations not yet invited to a round (the caller manages it)."""
    return Organization.objects.exclude(survey_invitations__round=round_).order_by("acronym")


def round_invitations(*, user: Any, round_: Round) -> list[dict[str, Any]]:
    """Each invited organization, whether it answered and how often it was reminded; the
    secretariat sees all, a participant its own organizations."""
    invitations = Invitation.objects.filter(round=round_).select_related("organization")
    if not may_manage_survey(user=user, survey=round_.survey):
        invitations = invitations.filter(organization_id__in=participant_organization_ids(user))
    responses = {
        response.organization_id: response
        for response in Response.objects.filter(round=round_).only(
            "organization_id", "status", "version", "submitted_at"
        )
    }
    return [
        {"invitation": invitation, "response": responses.get(invitation.organization_id)}
        for invitation in invitations
    ]


def response_rate(*, round_: Round) -> tuple[int, int]:
    """(submitted, invited): the figure people quote ("100% response rate")."""
    invited = Invitation.objects.filter(round=round_).count()
    submitted = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).count()
    return submitted, invited


def answering_organizations(*, user: Any, round_: Round) -> QuerySet[Organization]:
    """The invited organizations the user answers for (as their focal point)."""
    return Organization.objects.filter(
        pk__in=focal_point_organization_ids(user), survey_invitations__round=round_
    ).order_by("acronym")


def round_for_answering(*, user: Any, round_id: int) -> Round:
    round_ = round_get(user=user, round_id=round_id)
    require(answering_organizations(user=user, round_=round_).exists())
    return round_


def response_of(*, user: Any, round_: Round, organization: Organization) -> Response | None:
    require(
        organization.pk in participant_organization_ids(user)
        and Invitation.objects.filter(round=round_, organization=organization).exists()
    )
    return (
        Response.objects.filter(round=round_, organization=organization)
        .prefetch_related("versions")
        .first()
    )


def participant_organizations(*, user: Any, round_: Round) -> QuerySet[Organization]:
    """Invited organizations the user reads the response of (focal point or viewer)."""
    return Organization.objects.filter(
        pk__in=participant_organization_ids(user), survey_invitations__round=round_
    ).order_by("acronym")


def submitted_responses(*, round_: Round) -> list[Response]:
    """Every submitted response of the round, for aggregation (never shown as such)."""
    return list(
        Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).select_related(
            "organization"
        )
    )


def attributable_organizations(*, user: Any, round_: Round) -> dict[int, bool] | None:
    """Whose answers the user may read attributed, and whether in full (free text included)
    or only the results: None for everything (the survey's secretariat, for processing), else
    the organizations that consented to share with one of the user's groups that the
    survey's policy names."""
    if may_manage_survey(user=user, survey=round_.survey):
        return None
    groups = member_group_ids(user) & set(
        round_.survey.disclosure_policy.groups.values_list("pk", flat=True)
    )
    if not groups:
        return {}
    shared: dict[int, bool] = {}
    for organization_id, scope in (
        Consent.objects.filter(group_id__in=groups, revoked_at=None)
        .filter(Q(survey=round_.survey) | Q(survey__isnull=True))
        .values_list("organization_id", "scope")
    ):
        shared[organization_id] = shared.get(organization_id, False) or (
            scope == ConsentScope.ANSWERS
        )
    return shared


# --- consents -------------------------------------------------------------------------------------


def may_give_consents(*, user: Any) -> bool:
    return bool(focal_point_organization_ids(user))


def consent_organizations(*, user: Any) -> QuerySet[Organization]:
    organizations = focal_point_organization_ids(user)
    if not organizations:
        raise PermissionDenied
    return Organization.objects.filter(pk__in=organizations).order_by("acronym")


def consent_list(*, user: Any) -> QuerySet[Consent]:
    organizations = consent_organizations(user=user)
    return (
        Consent.objects.filter(organization__in=organizations)
        .select_related("organization", "group", "survey", "given_by", "revoked_by")
        .order_by("revoked_at", "organization__acronym", "group__name", "-created_at")
    )


def consent_groups(*, user: Any) -> QuerySet[Group]:
    """Groups a focal point's organization may consent to share with: the groups it belongs
    to or leads, and those named by the policies of surveys it is invited to."""
    organizations = focal_point_organization_ids(user)
    return (
        Group.objects.filter(
            Q(member_organizations__in=organizations)
            | Q(lead_organizations__in=organizations)
            | Q(survey_policies__survey__rounds__invitations__organization_id__in=organizations)
        )
        .distinct()
        .order_by("name")
    )


def consent_group_get(*, user: Any, group_id: int) -> Group:
    return get_object_or_404(consent_groups(user=user), pk=group_id)


def consent_surveys(*, user: Any) -> QuerySet[Survey]:
    organizations = focal_point_organization_ids(user)
    return Survey.objects.filter(rounds__invitations__organization_id__in=organizations).distinct()


def consent_get(*, user: Any, consent_id: int) -> Consent:
    _signed_in(user)
    return get_object_or_404(
        Consent.objects.filter(organization_id__in=focal_point_organization_ids(user)),
        pk=consent_id,
    )


# --- repository -----------------------------------------------------------------------------------


def folder_list(*, user: Any) -> QuerySet[Folder]:
    _signed_in(user)
    return (
        Folder.objects.filter(
            Q(groups__in=member_group_ids(user)) | Q(body_id__in=secretariat_body_ids(user))
        )
        .distinct()
        .select_related("body")
        .prefetch_related("groups")
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("name", "pk")
    )


def folder_get(*, user: Any, folder_id: int) -> Folder:
    return get_object_or_404(folder_list(user=user), pk=folder_id)


def may_create_folders(*, user: Any) -> bool:
    return bool(secretariat_body_ids(user))


def folder_groups(*, user: Any) -> QuerySet[Group]:
    if not secretariat_body_ids(user):
        raise PermissionDenied
    return Group.objects.order_by("name")


def documents_in(*, user: Any, folder: Folder) -> QuerySet[Document]:
    return (
        Document.objects.filter(folder=folder)
        .defer("search_text")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.defer("content").select_related("uploaded_by"),
            )
        )
        .order_by("title", "pk")
    )


def _documents_visible(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(folder__in=folder_list(user=user)).select_related("folder")


def document_get(*, user: Any, document_id: int) -> Document:
    return get_object_or_404(_documents_visible(user).defer("search_text"), pk=document_id)


def document_version_get(*, document: Document, number: int | None) -> DocumentVersion:
    versions = DocumentVersion.objects.filter(document=document)
    return get_object_or_404(versions, number=number or document.current_version)


def document_search(*, user: Any, query: str) -> QuerySet[Document]:
    return search.search(_documents_visible(user).defer("search_text"), query)
