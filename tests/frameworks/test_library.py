"""The YAML format: strict validation naming file, line and field; the canonical round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.frameworks.library import (
    FRAMEWORK_KEYS,
    LibraryError,
    framework_dump,
    framework_parse,
    framework_to_spec,
    scales_parse,
)
from tutela.frameworks.loading import library_load
from tutela.frameworks.models import Framework
from tutela.frameworks.services import framework_create_from_spec
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def loaded() -> Framework:
    reference_data_load()
    library_load(directory=FIXTURES / "library")
    return Framework.objects.get(slug="sample-plan")


def test_the_sample_loads_with_every_field(loaded: Framework) -> None:
    nodes = {node.ref_id: node for node in loaded.nodes.all()}
    assert list(loaded.nodes.order_by("sort_key").values_list("ref_id", flat=True)) == [
        "I", "1", "1.1", "1.10", "II", "2.1",
    ]  # fmt: skip
    first = nodes["1.1"]
    assert [o.acronym for o in first.lead_organizations.all()] == ["DPA"]
    assert sorted(o.acronym for o in first.member_organizations.all()) == ["OCHA", "OHCHR"]
    assert first.responsibility_note == "DPA with OHCHR, OCHA"
    assert str(first.due_date) == "2020-12-31"
    assert first.milestone == "by December 2020"
    assert first.report_back_to is not None
    assert first.report_back_to.acronym == "HLCM"
    tenth = nodes["1.10"]  # an unquoted 1.10 would still be "1.10", never 1.1
    assert tenth.flags == ["no_consensus"]
    assert {a.personnel_category.code: a.level for a in tenth.applicability.all()} == {
        "consultants": "directly_applicable",
        "interns": "needs_discussion",
    }
    assert loaded.translations == {
        "fr": {"title": "Plan d'action exemple", "description": "Un petit plan."}
    }
    assert loaded.status == "published"


def test_load_dump_load_gives_the_same_text(loaded: Framework) -> None:
    text = framework_dump(framework_to_spec(loaded))
    spec = framework_parse(text, filename="export.yaml")
    spec.version = 2
    again = framework_create_from_spec(actor=None, spec=spec)
    second = framework_dump(framework_to_spec(again))
    assert second == text.replace("version: 1\n", "version: 2\n", 1)


def test_errors_name_the_file_the_line_and_the_field() -> None:
    reference_data_load()
    library_load(directory=FIXTURES / "library")
    text = (FIXTURES / "bad-plan.yaml").read_text()
    with pytest.raises(LibraryError) as raised:
        framework_parse(text, filename="bad-plan.yaml")
    errors = raised.value.errors
    expected_keys = ", ".join(FRAMEWORK_KEYS)
    assert expected_keys.endswith("source, description, translations, nodes")
    assert f"bad-plan.yaml:7: colour: unknown key; expected one of: {expected_keys}" in errors
    assert any(e.startswith('bad-plan.yaml:13: type: "action_pont" is not one of:') for e in errors)
    assert 'bad-plan.yaml:14: lead: unknown organization "NOPE"' in errors
    assert "bad-plan.yaml:15: due_date: expected a date as YYYY-MM-DD" in errors
    assert 'bad-plan.yaml:16: ref: "1.1" is already used on line 12' in errors
    assert any(e.startswith('bad-plan.yaml:18: flags: "disputed" is not one of') for e in errors)
    assert len(errors) == 6


def test_yaml_syntax_errors_and_missing_keys_have_lines_too() -> None:
    reference_data_load()
    with pytest.raises(LibraryError) as raised:
        framework_parse("slug: x\nnodes: [\n", filename="broken.yaml")
    assert raised.value.errors[0].startswith("broken.yaml:3: yaml:")
    with pytest.raises(LibraryError) as raised:
        framework_parse("slug: x\nversion: 0\n", filename="short.yaml")
    assert "short.yaml:1: title: is required" in raised.value.errors
    assert "short.yaml:1: nodes: is required" in raised.value.errors


def test_a_level_without_readable_contrast_is_refused() -> None:
    text = (
        "scales:\n  - code: pale\n    name: Pale\n    levels:\n"
        "      - {code: Y, label: Yellow, colour: '#ffff00', text_colour: '#ffffff'}\n"
    )
    with pytest.raises(LibraryError) as raised:
        scales_parse(text, filename="scales.yaml")
    assert raised.value.errors[0].startswith("scales.yaml:5: text_colour: contrast with the colour")


def test_every_shipped_framework_round_trips_and_renders() -> None:
    reference_data_load()
    library_load()
    client = signed_in(user_with_role(Role.VIEWER, organization=OrganizationFactory()))
    shipped = list(Framework.objects.all())
    assert len(shipped) >= 8
    for framework in shipped:
        text = framework_dump(framework_to_spec(framework))
        reparsed = framework_parse(text, filename=f"{framework.slug}.yaml")
        assert framework_dump(reparsed) == text, framework.slug
        page = client.get(f"/frameworks/{framework.pk}/")
        assert page.status_code == 200, framework.slug
        assert client.get(f"/frameworks/{framework.pk}/applicability/").status_code == 200
