"""Surveys pages: answering with drafts and submission, results under disclosure control and
consent, the secretariat's round management, exports, and pinned query counts."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from tests.support.clients import signed_in
from tests.support.factories import (
    BodyFactory,
    GroupFactory,
    OrganizationFactory,
    user_with_role,
)
from tests.support.queries import assert_constant_queries
from tests.support.surveys_factories import example_survey, open_round, valid_answers
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.surveys import services
from tutela.surveys.models import Consent, Response, ResponseStatus, RoundStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    body = BodyFactory()
    group = GroupFactory()
    organizations = [OrganizationFactory(type="agency") for _ in range(4)]
    survey = example_survey(body, groups=[group])
    round_ = open_round(survey, organizations)
    return {
        "body": body,
        "group": group,
        "organizations": organizations,
        "survey": survey,
        "round": round_,
        "secretariat": user_with_role(Role.SECRETARIAT, body=body),
        "focal": user_with_role(Role.FOCAL_POINT, organization=organizations[0]),
        "other_focal": user_with_role(Role.FOCAL_POINT, organization=organizations[1]),
        "member": user_with_role(Role.GROUP_MEMBER, group=group),
    }


def _post_answers(answers: dict[str, object], action: str) -> dict[str, object]:
    data: dict[str, object] = {"action": action}
    for name, value in answers.items():
        if name == "channels":
            assert isinstance(value, list)
            data["q_count__channels"] = str(len(value))
            for index, instance in enumerate(value):
                for inner, inner_value in instance.items():
                    data[f"q__channels__{index}__{inner}"] = inner_value
        else:
            data[f"q__{name}"] = value
    return data


def test_a_focal_point_answers_saves_a_draft_submits_and_updates(world: dict) -> None:
    client = signed_in(world["focal"])
    url = f"/surveys/rounds/{world['round'].pk}/answer/"
    page = client.get(url).content.decode()
    assert 'data-relevant="${has_policy} = &#x27;yes&#x27;"' in page
    assert "expressions.js" in page
    # A bad answer: the draft keeps it and the submission explains it next to the question.
    answers = valid_answers(formal_reports="twelve")
    page = client.post(url, _post_answers(answers, "submit")).content.decode()
    assert "Enter a whole number." in page
    assert 'value="twelve"' in page
    response = Response.objects.get(organization=world["organizations"][0])
    assert response.status == ResponseStatus.DRAFT
    assert response.answers["formal_reports"] == "twelve"
    # Corrected, it is submitted.
    answer = client.post(url, _post_answers(valid_answers(), "submit"))
    assert answer.status_code == 302
    response.refresh_from_db()
    assert (response.status, response.version) == (ResponseStatus.SUBMITTED, 1)
    # An update later is a resubmission with history.
    client.post(url, _post_answers(valid_answers(formal_reports=6), "submit"))
    response.refresh_from_db()
    assert response.version == 2
    assert list(response.versions.values_list("number", flat=True)) == [2, 1]
    assert response.versions.get(number=2).changed == ["formal_reports", "total_reports"]
    page = client.get(url).content.decode()
    assert "Submission history" in page


def test_adding_a_repeat_entry_keeps_what_was_typed(world: dict) -> None:
    client = signed_in(world["focal"])
    url = f"/surveys/rounds/{world['round'].pk}/answer/"
    data = _post_answers({"best_practice": "Joint help line"}, "save")
    data["add"] = "channels"
    page = client.post(url, data).content.decode()
    assert "Joint help line" in page
    assert 'name="q__channels__0__channel_name"' in page
    assert not Response.objects.exists()  # adding an entry does not save


def test_another_organization_cannot_see_the_answer(world: dict) -> None:
    services.response_save(
        actor=world["focal"],
        round_=world["round"],
        organization=world["organizations"][0],
        answers=valid_answers(best_practice="Secret practice"),
        submit=True,
    )
    client = signed_in(world["other_focal"])
    page = client.get(f"/surveys/rounds/{world['round'].pk}/answer/").content.decode()
    assert "Secret practice" not in page
    results = client.get(f"/surveys/rounds/{world['round'].pk}/results/").content.decode()
    assert "Secret practice" not in results
    assert "Results by organization" not in results
    outsider = signed_in(user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory()))
    assert outsider.get(f"/surveys/rounds/{world['round'].pk}/answer/").status_code == 404


def test_a_group_member_sees_attributed_answers_only_while_consent_lasts(world: dict) -> None:
    organization = world["organizations"][0]
    services.response_save(
        actor=world["focal"],
        round_=world["round"],
        organization=organization,
        answers=valid_answers(best_practice="Bystander training"),
        submit=True,
    )
    member = signed_in(world["member"])
    url = f"/surveys/rounds/{world['round'].pk}/results/"
    row = f'<th scope="row">{organization.acronym}</th>'
    page = member.get(url).content.decode()
    assert row not in page
    assert "Bystander training" not in page
    focal = signed_in(world["focal"])
    for scope in ("attributed_results", "answers"):
        focal.post(
            "/surveys/consents/",
            {"organization": organization.pk, "group": world["group"].pk, "scope": scope},
        )
        page = member.get(url).content.decode()
        assert row in page
        # Written answers (best practices) only with consent to the full answers.
        assert ("Bystander training" in page) == (scope == "answers")
    assert AuditEvent.objects.filter(action="surveys.attributable_read").count() == 2
    for consent in Consent.objects.all():
        focal.post(f"/surveys/consents/{consent.pk}/revoke/")
        consent.refresh_from_db()
        assert consent.revoked_at is not None
    page = member.get(url).content.decode()
    assert row not in page
    assert "Bystander training" not in page
    assert AuditEvent.objects.filter(action="surveys.consent_revoke").exists()


def test_results_suppress_small_cells_and_exports_carry_only_published_values(world: dict) -> None:
    for index, organization in enumerate(world["organizations"]):
        services.response_save(
            actor=None,
            round_=world["round"],
            organization=organization,
            answers=valid_answers(has_policy="no" if index == 0 else "yes"),
            submit=True,
        )
    client = signed_in(world["member"])
    page = client.get(f"/surveys/rounds/{world['round'].pk}/results/").content.decode()
    assert "Areas most in need of improvement" in page
    assert "<svg" in page
    assert 'class="number suppressed"' in page  # the one "no" is below the threshold
    export = client.get(f"/surveys/rounds/{world['round'].pk}/results/export/?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    policy_table = rows.index(["Does your organization have a policy on sexual harassment?"])
    no_row = next(row for row in rows[policy_table:] if row[0] == "No")
    assert no_row[1] == "x"
    workbook = load_workbook(
        io.BytesIO(client.get(f"/surveys/rounds/{world['round'].pk}/results/export/").content)
    )
    assert "About" in workbook.sheetnames
    assert AuditEvent.objects.filter(action="surveys.results_export").count() == 2


def test_the_secretariat_runs_the_round(world: dict, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    services.response_save(
        actor=None,
        round_=world["round"],
        organization=world["organizations"][0],
        answers=valid_answers(),
        submit=True,
    )
    client = signed_in(world["secretariat"])
    page = client.get(f"/surveys/rounds/{world['round'].pk}/").content.decode()
    assert "25% (1 of 4 invited organizations)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/surveys/rounds/{world['round'].pk}/remind/")
    assert {message.to[0] for message in mail.outbox} == {world["other_focal"].email}
    client.post(f"/surveys/rounds/{world['round'].pk}/status/", {"status": "closed"})
    world["round"].refresh_from_db()
    assert world["round"].status == RoundStatus.CLOSED
    focal = signed_in(world["focal"])
    answer = focal.post(
        f"/surveys/rounds/{world['round'].pk}/answer/", _post_answers(valid_answers(), "submit")
    )
    assert "not open for answers" in answer.content.decode()


def test_the_secretariat_imports_exports_and_creates_rounds(world: dict) -> None:
    from tests.support.surveys_factories import EXAMPLE

    client = signed_in(world["secretariat"])
    with EXAMPLE.open("rb") as handle:
        answer = client.post("/surveys/import/", {"body": world["body"].pk, "file": handle})
    assert answer.status_code == 302
    detail = client.get(answer["Location"]).content.decode()
    assert "Every feature of the workbook was imported." in detail
    survey_id = int(answer["Location"].rstrip("/").split("/")[-1])
    exported = client.get(f"/surveys/{survey_id}/xlsform/")
    assert exported.content.startswith(b"PK")
    bad = client.post("/surveys/import/", {"body": world["body"].pk, "file": io.BytesIO(b"hello")})
    assert "not an Excel workbook" in bad.content.decode()
    created = client.post(
        f"/surveys/{survey_id}/rounds/new/",
        {
            "title": "Second round",
            "opens_on": "2026-01-01",
            "closes_on": "2025-01-01",
            "organizations": [world["organizations"][0].pk],
        },
    )
    assert "cannot close before it opens" in created.content.decode()


def test_list_and_results_pages_keep_constant_queries(world: dict) -> None:
    client = signed_in(world["secretariat"])
    participant = signed_in(world["focal"])
    organizations = world["organizations"]

    def add_responses(count: int) -> None:
        for _ in range(count):
            organization = OrganizationFactory(type="fund")
            world["round"].invitations.create(organization=organization)
            services.response_save(
                actor=None,
                round_=world["round"],
                organization=organization,
                answers=valid_answers(),
                submit=True,
            )

    services.response_save(
        actor=None,
        round_=world["round"],
        organization=organizations[0],
        answers=valid_answers(),
        submit=True,
    )
    assert_constant_queries(
        lambda: participant.get(f"/surveys/rounds/{world['round'].pk}/results/"),
        add_responses,
        expected=9,
    )
    assert_constant_queries(
        lambda: client.get(f"/surveys/rounds/{world['round'].pk}/"), add_responses, expected=9
    )
    assert_constant_queries(lambda: client.get("/surveys/"), add_responses, expected=5)


def test_the_web_editor_changes_wording_and_logic_and_adds_a_question(world: dict) -> None:
    client = signed_in(world["secretariat"])
    survey = world["survey"]
    url = f"/surveys/{survey.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="label__has_policy"' in page
    refused = client.post(
        url,
        {
            "label__has_policy": "Do you have a policy?",
            "relevant__policy_date": "pulldata('x')",
            "new_type": "select_one",
            "new_name": "has_focal",
            "new_label": "Is there a focal point?",
            "new_choices": "yes = Yes\nno = No",
        },
    ).content.decode()
    assert "pulldata()" in refused
    assert "Do you have a policy?" in refused  # what was typed is shown back
    survey.refresh_from_db()
    assert survey.definition["children"][1]["children"][0]["label"]["English (en)"] != (
        "Do you have a policy?"
    )
    saved = client.post(
        url,
        {
            "label__has_policy": "Do you have a policy?",
            "required__has_policy": "on",
            "new_type": "select_one",
            "new_name": "has_focal",
            "new_label": "Is there a focal point?",
            "new_choices": "yes = Yes\nno = No",
        },
    )
    assert saved.status_code == 302
    exported = client.get(f"/surveys/{survey.pk}/xlsform/").content
    from tutela.surveys.xlsform import iter_nodes, read_xlsform

    definition, report = read_xlsform(exported)
    names = {node["name"]: node for node in iter_nodes(definition["children"])}
    assert names["has_policy"]["label"]["English (en)"] == "Do you have a policy?"
    assert names["has_policy"]["label"]["French (fr)"].startswith("Votre organisation")
    assert names["has_focal"]["type"] == "select_one"
    assert [c["name"] for c in definition["choices"]["has_focal_choices"]] == ["yes", "no"]
    assert report.unsupported == []


def test_the_home_page_lists_rounds_waiting_for_the_organization(world: dict) -> None:
    page = signed_in(world["focal"]).get("/").content.decode()
    assert "Surveys waiting for your organization" in page
    assert f"/surveys/rounds/{world['round'].pk}/answer/" in page
    services.response_save(
        actor=None,
        round_=world["round"],
        organization=world["organizations"][0],
        answers=valid_answers(),
        submit=True,
    )
    page = signed_in(world["focal"]).get("/").content.decode()
    assert "Surveys waiting for your organization" not in page
    listing = signed_in(world["focal"]).get("/surveys/").content.decode()
    assert "Consents to share attributable results" in listing
    assert "Consents to share" not in signed_in(world["member"]).get("/surveys/").content.decode()


def test_a_kobo_shaped_form_renders_with_its_import_report(world: dict) -> None:
    from tests.surveys.test_xlsform import KOBO_FORM

    survey = services.survey_import(
        actor=None, body=world["body"], content=KOBO_FORM, filename="kobo.xlsx"
    )
    client = signed_in(world["secretariat"])
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "question type “geopoint” (question “where”)" in page
    assert "<legend>Organization</legend>" in page
    assert "<legend>Cases</legend>" in page
    french = client.get(f"/surveys/{survey.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Politique ?" in french.content.decode()
    round_ = open_round(survey, [world["organizations"][0]])
    form = signed_in(world["focal"]).get(f"/surveys/rounds/{round_.pk}/answer/")
    assert 'name="add" value="cases"' in form.content.decode()


def test_the_disclosure_policy_is_configurable_per_survey(world: dict) -> None:
    for organization in world["organizations"]:
        services.response_save(
            actor=None,
            round_=world["round"],
            organization=organization,
            answers=valid_answers(),
            submit=True,
        )
    member = signed_in(world["member"])
    url = f"/api/v1/surveys/rounds/{world['round'].pk}/results"
    from tests.support.clients import token_headers

    headers = token_headers(world["member"])

    def policy_total() -> object:
        found = member.get(url, **headers).json()
        table = next(t for t in found["tables"] if t["key"] == "has_policy")
        return table["cells"][0][-1]

    assert policy_total() == {"value": 4.0, "suppressed": False}
    client = signed_in(world["secretariat"])
    answer = client.post(
        f"/surveys/{world['survey'].pk}/policy/",
        {
            "threshold": 5,
            "dominance_n": 2,
            "dominance_k": 85,
            "protection": 5,
            "protection_percent": 10,
            "groups": [world["group"].pk],
        },
    )
    assert answer.status_code == 302
    assert policy_total() == {"value": None, "suppressed": True}
    assert AuditEvent.objects.filter(action="surveys.policy_update").exists()


def test_the_secretariat_invites_more_organizations(world: dict) -> None:
    client = signed_in(world["secretariat"])
    late = OrganizationFactory(acronym="LATE")
    url = f"/surveys/rounds/{world['round'].pk}/invite/"
    assert "LATE" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200  # nothing chosen: the form says so
    assert client.post(url, {"organizations": [late.pk]}).status_code == 302
    assert world["round"].invitations.filter(organization=late).exists()
    assert "LATE" not in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="surveys.round_invite").exists()


def test_consent_page_keeps_constant_queries(world: dict) -> None:
    client = signed_in(world["focal"])
    organization = world["organizations"][0]

    def add_consents(count: int) -> None:
        for _ in range(count):
            group = GroupFactory()
            consent = services.consent_give(
                actor=None, organization=organization, group=group, scope="answers"
            )
            services.consent_revoke(actor=None, consent=consent)

    add_consents(1)
    assert_constant_queries(lambda: client.get("/surveys/consents/"), add_consents, expected=8)


def test_survey_detail_keeps_constant_queries(world: dict) -> None:
    client = signed_in(world["secretariat"])

    def add_rounds(count: int) -> None:
        for index in range(count):
            open_round(world["survey"], world["organizations"], title=f"Round {index}")

    assert_constant_queries(
        lambda: client.get(f"/surveys/{world['survey'].pk}/"), add_rounds, expected=8
    )
