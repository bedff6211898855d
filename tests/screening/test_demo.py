"""The demo: listings of several organizations made with a demo key kept in var/, and a check."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.common.demo import DemoContext
from tutela.organizations.models import Organization
from tutela.organizations.reference_data import reference_data_load
from tutela.screening import demo
from tutela.screening import encoding as codec
from tutela.screening.models import Listing, ScreeningCheck

pytestmark = pytest.mark.django_db


def test_demo_listings_and_check(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    reference_data_load()
    unhcr = Organization.objects.get(acronym="UNHCR")
    context = DemoContext(rng=random.Random(1), scale="small")
    context.users_by_role["screening_officer"] = user_with_role(
        Role.SCREENING_OFFICER, organization=unhcr
    )

    demo.generate(context)
    demo.generate(context)  # a second run adds nothing

    assert Listing.objects.count() == len(demo.PEOPLE)
    assert set(Listing.objects.values_list("organization__acronym", flat=True)) == {
        "UNHCR",
        "WFP",
        "UNICEF",
    }
    key = (tmp_path / demo.KEY_FILE).read_bytes()
    listing = Listing.objects.get(reference="WFP-2024-17")
    expected = codec.encode_bits(codec.Person("Оксана", "Мельник", "1988-02-11"), key)
    assert bytes(listing.encoding) == expected
    check = ScreeningCheck.objects.get()
    assert check.matches.get().listing_reference == "WFP-2024-17"
    assert any("screening-demo.key" in note for note in context.notes)
