"""`tutela load_frameworks`: idempotent, and a changed published version is reported, not loaded."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tutela.audit.models import AuditEvent
from tutela.frameworks.models import Framework, Node, StatusLevel
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    reference_data_load()
    target = tmp_path / "library"
    shutil.copytree(FIXTURES / "library", target)
    return target


def _run(path: Path) -> str:
    out = StringIO()
    call_command("load_frameworks", "--path", str(path), stdout=out)
    return out.getvalue()


def test_loading_twice_changes_nothing_the_second_time(library: Path) -> None:
    first = _run(library)
    assert "Loaded sample-plan v1" in first
    assert StatusLevel.objects.filter(scale__code="test-progress").count() == 2
    nodes, events = Node.objects.count(), AuditEvent.objects.count()
    second = _run(library)
    assert "Unchanged, skipped sample-plan v1" in second
    assert (Node.objects.count(), AuditEvent.objects.count()) == (nodes, events)


def test_changed_content_of_a_loaded_version_is_reported_and_not_loaded(library: Path) -> None:
    _run(library)
    plan = library / "sample-plan.yaml"
    plan.write_text(plan.read_text().replace("Do the first thing.", "Do something else."))
    with pytest.raises(CommandError, match="sample-plan v1 is already loaded with different"):
        _run(library)
    assert Framework.objects.filter(slug="sample-plan").count() == 1
    assert Node.objects.filter(text="Do something else.").count() == 0


def test_an_invalid_file_loads_nothing(library: Path) -> None:
    shutil.copy(FIXTURES / "bad-plan.yaml", library / "bad-plan.yaml")
    with pytest.raises(CommandError) as raised:
        _run(library)
    assert "bad-plan.yaml:14: lead: unknown organization" in str(raised.value)
    assert not Framework.objects.exists()
    assert not StatusLevel.objects.exists()
