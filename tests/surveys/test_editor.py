"""The web editor: order, deletion, groups and repeats, languages and translations, choice
lists; what it refuses once answers depend on the definition; and the XLSForm round trip."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tests.support.surveys_factories import example_survey, open_round, valid_answers
from tests.surveys.test_xlsform import workbook
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.surveys import editor, services
from tutela.surveys.models import RoundStatus, Survey
from tutela.surveys.xlsform import iter_nodes, read_xlsform, write_xlsform

pytestmark = pytest.mark.django_db


def _names(nodes: list[dict[str, Any]]) -> list[str]:
    return [node["name"] for node in nodes]


def _node(survey: Survey, name: str) -> dict[str, Any]:
    survey.refresh_from_db()
    return next(node for node in iter_nodes(survey.definition["children"]) if node["name"] == name)


def _choices(survey: Survey, list_name: str) -> list[str]:
    survey.refresh_from_db()
    return [choice["name"] for choice in survey.definition["choices"][list_name]]


@pytest.fixture
def survey() -> Survey:
    return example_survey(BodyFactory())


def _submitted(survey: Survey, **overrides: Any) -> None:
    organization = OrganizationFactory()
    round_ = open_round(survey, [organization])
    services.response_save(
        actor=None,
        round_=round_,
        organization=organization,
        answers=valid_answers(**overrides),
        submit=True,
    )


# --- the round trip ------------------------------------------------------------------------------


def test_an_edited_example_exports_an_xlsform_that_reimports_to_the_same_definition(
    survey: Survey,
) -> None:
    editor.question_move(actor=None, survey=survey, name="comments", direction="up")
    editor.question_move(actor=None, survey=survey, name="policy_covers", direction="up")
    editor.question_delete(actor=None, survey=survey, name="best_practice")
    editor.container_add(
        actor=None,
        survey=survey,
        kind="group",
        name="focal_points",
        label="Focal points",
        relevant="${has_policy} = 'yes'",
    )
    editor.container_add(
        actor=None,
        survey=survey,
        kind="repeat",
        name="trainings",
        label="Trainings",
        parent="focal_points",
    )
    editor.language_add(actor=None, survey=survey, language="Spanish (es)")
    editor.survey_edit(
        actor=None,
        survey=survey,
        edits={
            "has_policy": {
                "label::Spanish (es)": "¿Tiene su organización una política?",
                "hint::French (fr)": "Une politique adoptée.",
                "required_message": "Please answer.",
            },
            "formal_reports": {"constraint_message::Spanish (es)": "Un número, 0 o más."},
            "focal_points": {"name": "focal_point", "label::Spanish (es)": "Puntos focales"},
        },
        new_question={
            "type": "select_one",
            "name": "training_kind",
            "label": "Kind of training",
            "choices": "online = Online\nin_person = In person",
            "parent": "trainings",
            "required": True,
        },
    )
    editor.survey_edit(
        actor=None,
        survey=survey,
        edits={},
        new_question={"type": "integer", "name": "focal_count", "label": "How many?"},
    )
    editor.choice_list_update(
        actor=None,
        survey=survey,
        list_name="policy_status",
        choices={
            "in_development": {
                "name": "drafting",
                "label": {"English (en)": "Being drafted", "Spanish (es)": "En preparación"},
            }
        },
        new_choice={
            "name": "suspended",
            "label": {"English (en)": "Suspended", "French (fr)": "Suspendue"},
        },
    )
    editor.choice_move(
        actor=None, survey=survey, list_name="policy_status", name="no", direction="up"
    )
    editor.choice_delete(actor=None, survey=survey, list_name="rating", name="adequate")

    survey.refresh_from_db()
    definition = survey.definition
    top = _names(definition["children"])
    assert top.index("comments") < top.index("channels")
    assert _names(definition["children"][1]["children"]) == [
        "has_policy",
        "policy_covers",
        "policy_date",
    ]
    assert "best_practice" not in _names(iter_nodes(definition["children"]))
    assert definition["languages"] == ["English (en)", "French (fr)", "Spanish (es)"]
    assert _choices(survey, "policy_status") == ["yes", "no", "drafting", "suspended"]
    assert _names(_node(survey, "trainings")["children"]) == ["training_kind"]

    exported = services.survey_export(actor=None, survey=survey)
    again, report = read_xlsform(exported)
    assert report.unsupported == []
    assert again == definition
    reimported = services.survey_import(actor=None, body=survey.body, content=exported)
    assert reimported.definition == definition


@pytest.mark.parametrize(
    ("header", "settings", "languages"),
    [
        (["label", "hint"], [["form_title"], ["T"]], ["default", "French (fr)"]),
        (
            ["label::English (en)", "hint::English (en)"],
            [["form_title"], ["T"]],
            ["English (en)", "French (fr)"],
        ),
    ],
    ids=["untranslated", "translated-without-default-language"],
)
def test_a_survey_gains_a_language_whose_texts_round_trip(
    header: list[str], settings: list[list[str]], languages: list[str]
) -> None:
    content = workbook(
        [["type", "name", *header], ["select_one yn", "q", "Question", "Hint"]],
        [["list_name", "name", header[0]], ["yn", "y", "Yes"], ["yn", "n", "No"]],
        settings,
    )
    survey = services.survey_import(actor=None, body=BodyFactory(), content=content)
    editor.language_add(actor=None, survey=survey, language="French (fr)")
    editor.survey_edit(
        actor=None,
        survey=survey,
        edits={"q": {"label::French (fr)": "Question ?", "label": "The question"}},
        new_question={"type": "text", "name": "t", "label": "Text"},
    )
    editor.choice_list_update(
        actor=None,
        survey=survey,
        list_name="yn",
        choices={"y": {"name": "y", "label": {"French (fr)": "Oui"}}},
    )
    survey.refresh_from_db()
    definition = survey.definition
    assert definition["languages"] == languages
    assert _node(survey, "q")["label"] == {
        languages[0]: "The question",
        "French (fr)": "Question ?",
    }
    assert _node(survey, "t")["label"] == {languages[0]: "Text"}
    assert read_xlsform(write_xlsform(definition))[0] == definition


# --- order and deletion ---------------------------------------------------------------------------


def test_questions_move_within_their_group_and_groups_move_with_their_questions(
    survey: Survey,
) -> None:
    editor.question_move(actor=None, survey=survey, name="policy", direction="down")
    survey.refresh_from_db()
    assert _names(survey.definition["children"])[:3] == ["intro", "assessment", "policy"]
    assert _names(_node(survey, "policy")["children"])[0] == "has_policy"
    with pytest.raises(ValidationError, match="already first in its group"):
        editor.question_move(actor=None, survey=survey, name="has_policy", direction="up")
    with pytest.raises(ValidationError, match="no question named"):
        editor.question_move(actor=None, survey=survey, name="nowhere", direction="up")
    assert AuditEvent.objects.filter(action="surveys.question_move").count() == 1


def test_deletion_is_refused_while_an_open_round_holds_responses_or_once_a_round_is_closed(
    survey: Survey,
) -> None:
    organization = OrganizationFactory()
    round_ = open_round(survey, [organization])
    editor.question_delete(actor=None, survey=survey, name="best_practice")  # no response yet
    services.response_save(
        actor=None, round_=round_, organization=organization, answers={}, submit=False
    )
    with pytest.raises(ValidationError, match="cannot be deleted while a round"):
        editor.question_delete(actor=None, survey=survey, name="comments")
    services.round_set_status(actor=None, round_=round_, status=RoundStatus.CLOSED)
    round_.responses.all().delete()
    with pytest.raises(ValidationError, match="once a round is closed"):
        editor.question_delete(actor=None, survey=survey, name="comments")
    assert _node(survey, "comments")["type"] == "text"
    # Moving stays possible: the order does not change what answers mean.
    editor.question_move(actor=None, survey=survey, name="comments", direction="up")


def test_deletion_is_refused_for_questions_others_refer_to_and_for_groups_with_questions(
    survey: Survey,
) -> None:
    with pytest.raises(ValidationError, match="“policy_date”, “policy_covers” refers"):
        editor.question_delete(actor=None, survey=survey, name="has_policy")
    with pytest.raises(ValidationError, match="still holds questions"):
        editor.question_delete(actor=None, survey=survey, name="priorities")
    editor.container_add(actor=None, survey=survey, kind="group", name="empty", label="Empty")
    editor.question_delete(actor=None, survey=survey, name="empty")
    assert "empty" not in _names(survey.definition["children"])


def test_groups_and_repeats_are_checked_before_they_are_added(survey: Survey) -> None:
    with pytest.raises(ValidationError) as refused:
        editor.container_add(
            actor=None,
            survey=survey,
            kind="section",
            name="has_policy",
            label="",
            relevant="pulldata('x')",
            parent="has_policy",
        )
    assert set(refused.value.message_dict) == {"kind", "name", "label", "relevant", "parent"}


def test_a_repeat_keeps_its_name_once_answers_are_filed_under_it(survey: Survey) -> None:
    _submitted(survey)
    with pytest.raises(ValidationError) as refused:
        editor.survey_edit(
            actor=None,
            survey=survey,
            edits={"channels": {"name": "reporting_channels"}, "policy": {"name": "the_policy"}},
        )
    assert list(refused.value.message_dict) == ["name__channels"]


# --- languages ---------------------------------------------------------------------------------


def test_a_language_is_declared_with_its_code_once(survey: Survey) -> None:
    for typed, message in (
        ("Spanish", "with its code"),
        ("label::Spanish (es)", "with its code"),
        ("Français (fr)", "already has a language with this code"),
    ):
        with pytest.raises(ValidationError, match=message):
            editor.language_add(actor=None, survey=survey, language=typed)
    editor.language_add(actor=None, survey=survey, language="  Arabic   (ar) ")
    survey.refresh_from_db()
    assert survey.definition["languages"] == ["English (en)", "Arabic (ar)", "French (fr)"]
    # Saving other changes keeps a language that has no text yet.
    editor.survey_edit(actor=None, survey=survey, edits={"comments": {"label": "Comments"}})
    survey.refresh_from_db()
    assert "Arabic (ar)" in survey.definition["languages"]


# --- choice lists --------------------------------------------------------------------------------


def test_a_choice_picked_in_submitted_answers_is_neither_deleted_nor_renamed(
    survey: Survey,
) -> None:
    _submitted(survey)
    with pytest.raises(ValidationError, match="Submitted answers picked “no”"):
        # picked inside the channels repeat (channel_anonymous)
        editor.choice_delete(actor=None, survey=survey, list_name="yes_no", name="no")
    with pytest.raises(ValidationError) as refused:
        editor.choice_list_update(
            actor=None,
            survey=survey,
            list_name="area",
            choices={"protection": {"name": "victims", "label": {"English (en)": "Victims"}}},
        )
    assert "its name cannot change" in refused.value.message_dict["name__protection"][0]
    editor.choice_delete(actor=None, survey=survey, list_name="area", name="investigation")
    assert "investigation" not in _choices(survey, "area")
    assert AuditEvent.objects.filter(action="surveys.choice_delete").count() == 1


def test_choice_edits_are_checked(survey: Survey) -> None:
    with pytest.raises(ValidationError) as refused:
        editor.choice_list_update(
            actor=None,
            survey=survey,
            list_name="yes_no",
            choices={"yes": {"name": "no", "label": {"English (en)": ""}}},
            new_choice={"name": "not sure", "label": {"French (fr)": "Ne sait pas"}},
        )
    assert set(refused.value.message_dict) == {"label__yes", "name__yes", "new_name", "new_label"}
    with pytest.raises(ValidationError, match="cannot move further"):
        editor.choice_move(
            actor=None, survey=survey, list_name="yes_no", name="no", direction="down"
        )
    with pytest.raises(ValidationError, match="no choice list"):
        editor.choice_delete(actor=None, survey=survey, list_name="nope", name="x")
    editor.choice_delete(actor=None, survey=survey, list_name="channel_kind", name="formal")
    with pytest.raises(ValidationError, match="at least one choice"):
        editor.choice_delete(actor=None, survey=survey, list_name="channel_kind", name="informal")
    editor.choice_list_update(
        actor=None,
        survey=survey,
        list_name="channel_kind",
        choices={},
        new_choice={"name": "3", "label": {"English (en)": "Other"}},
    )
    assert _choices(survey, "channel_kind") == ["informal", "3"]


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def secretariat(survey: Survey) -> Any:
    return signed_in(user_with_role(Role.SECRETARIAT, body=survey.body))


def test_the_outline_page_moves_deletes_and_adds_groups_and_languages(
    survey: Survey, secretariat: Any
) -> None:
    url = f"/surveys/{survey.pk}/outline/"
    page = secretariat.get(url).content.decode()
    assert "<h1>" in page
    assert "Move has_policy down" in page
    assert "Move has_policy up" not in page  # first of its group
    moved = secretariat.post(url, {"action": "down", "question": "has_policy"})
    assert moved.status_code == 302
    assert moved["Location"].endswith("#node-has_policy")
    assert _names(_node(survey, "policy")["children"])[1] == "has_policy"
    confirm = secretariat.get(f"{url}?delete=best_practice").content.decode()
    assert "Delete best_practice?" in confirm
    assert (
        secretariat.post(url, {"action": "delete", "question": "best_practice"}).status_code == 302
    )
    assert "best_practice" not in _names(_node(survey, "priorities")["children"])
    refused = secretariat.post(url, {"action": "delete", "question": "has_policy"}, follow=True)
    assert "refers to “has_policy”" in refused.content.decode()
    typed = {
        "action": "add_container",
        "container-kind": "repeat",
        "container-name": "1bad",
        "container-label": "Trainings given",
        "container-relevant": "",
        "container-parent": "policy",
    }
    again = secretariat.post(url, typed)
    assert again.status_code == 400
    content = again.content.decode()
    assert "Use letters, digits and underscores" in content
    assert 'value="Trainings given"' in content  # what was typed is kept
    typed["container-name"] = "trainings"
    assert secretariat.post(url, typed).status_code == 302
    assert _node(survey, "policy")["children"][-1]["type"] == "repeat"
    bad_language = secretariat.post(url, {"action": "add_language", "language-language": "Swahili"})
    assert bad_language.status_code == 400
    assert 'value="Swahili"' in bad_language.content.decode()
    assert (
        secretariat.post(
            url, {"action": "add_language", "language-language": "Swahili (sw)"}
        ).status_code
        == 302
    )
    edit_page = secretariat.get(f"/surveys/{survey.pk}/edit/").content.decode()
    assert "Label — Swahili (sw)" in edit_page
    assert 'name="label-2__has_policy"' in edit_page


def test_translations_are_edited_for_every_language_on_the_edit_page(
    survey: Survey, secretariat: Any
) -> None:
    url = f"/surveys/{survey.pk}/edit/"
    refused = secretariat.post(
        url,
        {
            "label-1__has_policy": "Politique ?",
            "constraint__formal_reports": "pulldata('x')",
            "name__policy": "the policy",
        },
    )
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "Politique ?" in content
    assert 'value="the policy"' in content
    saved = secretariat.post(
        url,
        {
            "label-1__has_policy": "Politique ?",
            "hint-1__has_policy": "Une politique adoptée.",
            "name__policy": "the_policy",
            "new_type": "text",
            "new_name": "policy_link",
            "new_label": "Link to the policy",
            "new_parent": "the_policy",
        },
    )
    assert saved.status_code == 302
    node = _node(survey, "has_policy")
    assert node["label"]["French (fr)"] == "Politique ?"
    assert node["label"]["English (en)"].startswith("Does your organization")
    assert node["hint"]["French (fr)"] == "Une politique adoptée."
    assert _names(_node(survey, "the_policy")["children"])[-1] == "policy_link"


def test_the_choice_page_saves_reorders_and_refuses_with_typed_values_kept(
    survey: Survey, secretariat: Any
) -> None:
    _submitted(survey)
    url = f"/surveys/{survey.pk}/choices/"
    page = secretariat.get(url).content.decode()
    assert 'id="list-yes_no"' in page
    assert "Label of yes — French (fr)" in page
    refused = secretariat.post(
        url,
        {
            "list": "yes_no",
            "action": "save",
            "name__yes": "oui",
            "label__yes": "Yes indeed",
            "label-1__yes": "Oui",
            "name__no": "no",
            "label__no": "No",
        },
    )
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "its name cannot change" in content
    assert 'value="Yes indeed"' in content
    saved = secretariat.post(
        url,
        {
            "list": "yes_no",
            "action": "save",
            "name__yes": "yes",
            "label__yes": "Yes indeed",
            "new_name": "unsure",
            "new_label": "Not sure",
            "new_label-1": "Ne sait pas",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"].endswith("#list-yes_no")
    assert _choices(survey, "yes_no") == ["yes", "no", "unsure"]
    assert survey.definition["choices"]["yes_no"][2]["label"]["French (fr)"] == "Ne sait pas"
    secretariat.post(url, {"list": "yes_no", "action": "up:unsure"})
    assert _choices(survey, "yes_no") == ["yes", "unsure", "no"]
    deleted = secretariat.post(url, {"list": "yes_no", "action": "delete:no"}, follow=True)
    assert "Submitted answers picked “no”" in deleted.content.decode()
    secretariat.post(url, {"list": "yes_no", "action": "delete:unsure"})
    assert _choices(survey, "yes_no") == ["yes", "no"]


def test_the_editor_pages_are_the_secretariats(survey: Survey) -> None:
    focal = signed_in(user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory()))
    other = signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
    for path in ("outline", "choices", "edit"):
        assert focal.get(f"/surveys/{survey.pk}/{path}/").status_code == 404
        assert other.post(f"/surveys/{survey.pk}/{path}/", {"action": "up"}).status_code == 404


def test_the_editor_pages_cost_a_fixed_number_of_queries(survey: Survey, secretariat: Any) -> None:
    organization = OrganizationFactory()
    round_ = open_round(survey, [organization])

    def add_rows(count: int) -> None:
        for _ in range(count):
            services.round_invite(actor=None, round_=round_, organizations=[OrganizationFactory()])

    for path, expected in (("outline", 7), ("choices", 5), ("edit", 5)):
        assert_constant_queries(
            lambda path=path: secretariat.get(f"/surveys/{survey.pk}/{path}/"),
            add_rows,
            expected=expected,
        )
