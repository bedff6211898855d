"""Answers against the definition: types, choices, required, relevant, constraints, repeats;
the posted form read back without losing anything typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from tests.support.surveys_factories import EXAMPLE, valid_answers
from tutela.surveys.answering import answers_from_post, check, layout
from tutela.surveys.xlsform import read_xlsform

DEFINITION, _REPORT = read_xlsform(EXAMPLE.read_bytes())


def test_valid_answers_pass_and_get_calculations() -> None:
    checked = check(DEFINITION, valid_answers(), complete=True)
    assert checked.errors == {}
    assert checked.answers["total_reports"] == "13"
    assert checked.answers["formal_reports"] == 4


def test_required_questions_are_asked_for_on_submission_only() -> None:
    answers = valid_answers()
    del answers["has_policy"]
    assert "has_policy" in check(DEFINITION, answers, complete=True).errors
    assert check(DEFINITION, answers, complete=False).errors == {}


def test_constraints_give_the_form_message_in_the_reader_language() -> None:
    answers = valid_answers(
        formal_investigated=7, improvement_areas=["policy", "prevention", "reporting", "protection"]
    )
    errors = check(DEFINITION, answers, complete=True, language="fr").errors
    assert errors["formal_investigated"] == [
        "Ne peut pas dépasser le nombre de signalements formels reçus."
    ]
    assert errors["improvement_areas"] == ["Choisissez trois domaines au plus."]


def test_non_relevant_answers_are_dropped_on_submission_but_kept_in_a_draft() -> None:
    answers = valid_answers(has_policy="no")
    submitted = check(DEFINITION, answers, complete=True)
    assert "policy_date" not in submitted.answers
    assert submitted.relevant["policy_date"] is False
    draft = check(DEFINITION, answers, complete=False)
    assert draft.answers["policy_date"] == "2020-01-15"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("formal_reports", "four", "whole number"),
        ("formal_reports", "-1", "Enter zero or more."),
        ("policy_date", "15/01/2020", "YYYY-MM-DD"),
        ("policy_date", "2999-01-01", "cannot be in the future"),
        ("has_policy", "perhaps", "Choose one"),
        ("policy_covers", ["staff", "aliens"], "Choose among"),
    ],
)
def test_bad_answers_are_explained(name: str, value: Any, message: str) -> None:
    errors = check(DEFINITION, valid_answers(**{name: value}), complete=True).errors
    assert any(message in text for text in errors[name])


def test_repeat_instances_are_checked_one_by_one() -> None:
    answers = valid_answers(
        channels=[
            {"channel_name": "Ombudsman", "channel_kind": "informal"},
            {"channel_name": "", "channel_kind": "formal"},
        ]
    )
    errors = check(DEFINITION, answers, complete=True).errors
    assert list(errors) == ["channels.1.channel_name"]


def test_the_posted_form_is_read_back_whole() -> None:
    post = QueryDict(mutable=True)
    post.update(
        {
            "q__has_policy": "yes",
            "q__formal_reports": "twelve",
            "q_count__channels": "1",
            "q__channels__0__channel_name": "Ethics office",
            "add": "channels",
        }
    )
    post.setlist("q__improvement_areas", ["protection", "reporting"])
    answers = answers_from_post(DEFINITION, post)
    assert answers["formal_reports"] == "twelve"
    assert answers["improvement_areas"] == ["protection", "reporting"]
    assert len(answers["channels"]) == 2
    assert answers["channels"][0]["channel_name"] == "Ethics office"
    post["remove"] = "channels__0"
    post.pop("add")
    assert answers_from_post(DEFINITION, post)["channels"] == []


def test_layout_puts_errors_next_to_their_question() -> None:
    checked = check(DEFINITION, valid_answers(formal_reports="x"), complete=True)
    fields = layout(
        DEFINITION, checked.answers, checked.errors, language="en", relevant=checked.relevant
    )
    case_group = next(field for field in fields if field.name == "case_reporting")
    formal = next(field for field in case_group.children if field.name == "formal_reports")
    assert formal.errors == ["Enter a whole number."]
    assert formal.value == "x"
