"""The ESF JSON export re-imports to the same records."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.support.violations_factories import make_event, officer
from tutela.violations.exports import esf_document, esf_event, esf_import
from tutela.violations.models import Event
from tutela.violations.selectors import events_for_export

pytestmark = pytest.mark.django_db


def _without_identity(entry: dict[str, Any]) -> dict[str, Any]:
    """An exported event minus what a new record necessarily changes (its numbers, workflow)."""
    copy = dict(entry)
    for key in ("event_record_number", "monitoring"):
        copy.pop(key)
    number = {p["person_record_number"]: i for i, p in enumerate(copy["persons"])}
    copy["persons"] = [
        {**p, "person_record_number": number[p["person_record_number"]]} for p in copy["persons"]
    ]
    copy["acts"] = [
        {
            **{k: v for k, v in act.items() if k != "act_record_number"},
            "victim": number[act["victim"]],
            "involvements": [
                {**i, "perpetrator": number[i["perpetrator"]]} for i in act["involvements"]
            ],
        }
        for act in copy["acts"]
    ]
    return copy


def test_the_esf_export_reimports_to_the_same_records() -> None:
    actor = officer()
    make_event(actor)
    make_event(actor, title="Second")
    document = esf_document(events_for_export(user=actor))
    Event.objects.all().delete()
    created = esf_import(actor=actor, document=document)
    assert len(created) == 2
    again = [esf_event(event) for event in events_for_export(user=actor)]
    assert sorted(map(str, map(_without_identity, again))) == sorted(
        map(str, map(_without_identity, document["events"]))
    )


def test_an_import_with_one_bad_event_creates_nothing() -> None:
    actor = officer()
    make_event(actor)
    document = esf_document(events_for_export(user=actor))
    document["events"].append({**document["events"][0], "initial_date": "not a date"})
    Event.objects.all().delete()
    with pytest.raises(ValidationError, match="not a date"):
        esf_import(actor=actor, document=document)
    assert not Event.objects.exists()


def test_the_command_imports_an_export(tmp_path: Path) -> None:
    actor = officer()
    make_event(actor)
    document = esf_document(events_for_export(user=actor))
    Event.objects.all().delete()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    out = StringIO()
    call_command("import_violations_esf", str(path), "--as", actor.email, stdout=out)
    assert "1 events imported" in out.getvalue()
    assert Event.objects.count() == 1
    path.write_text("{}")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_violations_esf", str(path), "--as", actor.email)
