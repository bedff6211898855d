"""The surveys API: surveys and rounds, the own organization's response, consents, published
results, and the repository."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import BodyFactory, GroupFactory, OrganizationFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tests.support.surveys_factories import example_survey, folder, open_round, valid_answers
from tutela.accounts.roles import Role
from tutela.surveys import services
from tutela.surveys.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    body, group = BodyFactory(), GroupFactory()
    organizations = [OrganizationFactory() for _ in range(3)]
    group.member_organizations.add(organizations[0])
    survey = example_survey(body, groups=[group])
    return {
        "survey": survey,
        "round": open_round(survey, organizations),
        "organizations": organizations,
        "group": group,
        "body": body,
        "focal": user_with_role(Role.FOCAL_POINT, organization=organizations[0]),
    }


def test_a_focal_point_saves_and_submits_over_the_api(world: dict) -> None:
    headers = token_headers(world["focal"])
    url = f"/api/v1/surveys/rounds/{world['round'].pk}/response"
    bad = (
        Client()
        .post(
            url,
            {"answers": valid_answers(formal_reports=-3), "submit": True},
            content_type="application/json",
            **headers,
        )
        .json()
    )
    assert bad["submitted"] is False
    assert bad["errors"] == {"formal_reports": ["Enter zero or more."]}
    good = (
        Client()
        .post(
            url,
            {"answers": valid_answers(), "submit": True},
            content_type="application/json",
            **headers,
        )
        .json()
    )
    assert (good["submitted"], good["version"]) == (True, 1)
    read = Client().get(url, **headers).json()
    assert read["answers"]["formal_reports"] == 4
    assert read["organization"] == world["organizations"][0].acronym
    other = token_headers(user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory()))
    assert Client().get(url, **other).status_code == 404


def test_surveys_rounds_and_published_results(world: dict) -> None:
    for organization in world["organizations"]:
        services.response_save(
            actor=None,
            round_=world["round"],
            organization=organization,
            answers=valid_answers(),
            submit=True,
        )
    headers = token_headers(world["focal"])
    listing = Client().get("/api/v1/surveys", **headers).json()
    assert listing["items"][0]["title"] == world["survey"].title
    detail = Client().get(f"/api/v1/surveys/{world['survey'].pk}", **headers).json()
    assert detail["definition"]["form_id"] == "sexual_harassment_policy_and_case_reporting"
    rounds = Client().get(f"/api/v1/surveys/{world['survey'].pk}/rounds", **headers).json()
    assert rounds["items"][0]["submitted"] == 3
    found = Client().get(f"/api/v1/surveys/rounds/{world['round'].pk}/results", **headers).json()
    assert found["respondents"] == 3
    assert found["threshold"] == 3
    policy = next(t for t in found["tables"] if t["key"] == "has_policy")
    assert policy["cells"][0][-1] == {"value": 3.0, "suppressed": False}


def test_consents_over_the_api(world: dict) -> None:
    headers = token_headers(world["focal"])
    given = Client().post(
        f"/api/v1/surveys/consents/groups/{world['group'].pk}",
        {"scope": "answers"},
        content_type="application/json",
        **headers,
    )
    assert given.status_code == 200
    consent = Consent.objects.get()
    assert consent.organization == world["organizations"][0]
    listing = Client().get("/api/v1/surveys/consents", **headers).json()
    assert listing["items"][0]["group"] == world["group"].code
    revoked = (
        Client()
        .post(
            f"/api/v1/surveys/consents/{consent.pk}/revoke",
            {},
            content_type="application/json",
            **headers,
        )
        .json()
    )
    assert revoked["revoked_at"] is not None
    stranger_group = GroupFactory()
    refused = Client().post(
        f"/api/v1/surveys/consents/groups/{stranger_group.pk}",
        {},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 404


def test_repository_over_the_api(world: dict) -> None:
    member = user_with_role(Role.GROUP_MEMBER, group=world["group"])
    repository = folder(world["body"], [world["group"]])
    services.document_upload(
        actor=None,
        folder=repository,
        filename="policy.md",
        content=b"Standards of proof",
        title="Reference Model",
    )
    headers = token_headers(member)
    listing = (
        Client()
        .get(f"/api/v1/surveys/repository/folders/{repository.pk}/documents", **headers)
        .json()
    )
    assert listing["items"][0]["title"] == "Reference Model"
    found = Client().get("/api/v1/surveys/repository/search", {"q": "proof"}, **headers).json()
    assert [item["title"] for item in found["items"]] == ["Reference Model"]

    def add_documents(count: int) -> None:
        for index in range(count):
            services.document_upload(
                actor=None, folder=repository, filename=f"{index}.txt", content=b"x"
            )

    assert_constant_queries(
        lambda: Client().get(
            f"/api/v1/surveys/repository/folders/{repository.pk}/documents", **headers
        ),
        add_documents,
    )


def test_api_lists_keep_constant_queries(world: dict) -> None:
    secretariat = user_with_role(Role.SECRETARIAT, body=world["body"])
    headers = token_headers(secretariat)
    focal_headers = token_headers(world["focal"])

    def add_rows(count: int) -> None:
        for index in range(count):
            survey = example_survey(world["body"])
            open_round(survey, world["organizations"][:1], title=f"Round {index}")
            open_round(world["survey"], world["organizations"][:1], title=f"Extra {index}")
            services.consent_give(
                actor=None,
                organization=world["organizations"][0],
                group=GroupFactory(),
                scope="answers",
            )

    add_rows(1)
    assert_constant_queries(
        lambda: Client().get("/api/v1/surveys", **headers), add_rows, expected=4
    )
    assert_constant_queries(
        lambda: Client().get(f"/api/v1/surveys/{world['survey'].pk}/rounds", **headers),
        add_rows,
        expected=5,
    )
    assert_constant_queries(
        lambda: Client().get("/api/v1/surveys/consents", **focal_headers), add_rows, expected=4
    )
