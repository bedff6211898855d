"""The shipped vocabularies: HURIDOCS lists, hierarchical, translated, loaded idempotently."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tutela.violations import thesauri
from tutela.violations.models import Term, Vocabulary
from tutela.violations.thesauri import VocabularyError, vocabularies_load

pytestmark = pytest.mark.django_db

EXPECTED = {
    thesauri.TYPES_OF_ACTS: 500,
    thesauri.PERPETRATOR_TYPES: 40,
    thesauri.DEGREES_OF_INVOLVEMENT: 20,
    thesauri.SOURCE_CONNECTION: 20,
    thesauri.RELIABILITY: 6,
    thesauri.VIOLATION_STATUS: 8,
    thesauri.COUNTING_UNITS: 6,
    thesauri.DATE_TYPES: 4,
    thesauri.INTERVENTION_TYPES: 12,
    thesauri.RESPONSES: 20,
    thesauri.IMPACT: 7,
    thesauri.INTERVENTION_STATUS: 7,
    thesauri.PRIORITY: 5,
    thesauri.GRAVE_VIOLATIONS: 6,
}


def test_every_vocabulary_is_loaded_by_the_migration() -> None:
    for code, at_least in EXPECTED.items():
        assert Term.objects.filter(vocabulary__code=code).count() >= at_least, code


def test_the_grave_violations_are_the_six() -> None:
    labels = list(
        Term.objects.filter(vocabulary__code=thesauri.GRAVE_VIOLATIONS).values_list(
            "label", flat=True
        )
    )
    assert len(labels) == 6
    assert "Abduction of children" in labels


def test_terms_form_a_tree() -> None:
    execution = Term.objects.get(vocabulary__code=thesauri.TYPES_OF_ACTS, code="010101010000")
    assert execution.level == 3
    ancestors = []
    node = execution.parent
    while node is not None:
        ancestors.append(node.code)
        node = node.parent
    assert ancestors[-1] == "010000000000"
    assert len(ancestors) == 3


def test_labels_follow_the_language() -> None:
    reliable = Term.objects.get(vocabulary__code=thesauri.RELIABILITY, code="010000000000")
    assert reliable.display_label == "Highly reliable"
    with translation.override("fr"):
        assert reliable.display_label == "Hautement fiable"
        assert str(Vocabulary.objects.get(code=thesauri.RELIABILITY)) == "Fiabilité"


def test_loading_again_changes_nothing() -> None:
    before = Term.objects.count()
    summary = vocabularies_load()
    assert summary.created == 0
    assert summary.updated == 0
    assert Term.objects.count() == before


def test_the_command_brings_an_edited_label_back() -> None:
    term = Term.objects.get(vocabulary__code=thesauri.PRIORITY, code="010000000000")
    term.label = "Edited"
    term.save()
    out = StringIO()
    call_command("load_violation_vocabularies", stdout=out)
    assert "1 updated" in out.getvalue()
    term.refresh_from_db()
    assert term.label == "Urgent"


def test_a_broken_file_is_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "code: a\nterms:\n- code: x\n  label: X\n- code: x\n  label: Y\n"
    )
    with pytest.raises(VocabularyError, match="appears twice"):
        vocabularies_load(directory=tmp_path)
    with pytest.raises(CommandError):
        call_command("load_violation_vocabularies", path=tmp_path)
    assert not Vocabulary.objects.filter(code="a").exists()
