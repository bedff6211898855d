"""The shipped reference data is complete (as the seeds name it) and loads idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tutela.organizations.models import Body, Group, Organization, PersonnelCategory
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db

# The 21 organizations of seed 000's dashboard example.
DASHBOARD_000 = [
    "AfDB",
    "FAO",
    "IFAD",
    "ILO",
    "ITU",
    "PAHO",
    "UNAIDS",
    "UNDP",
    "UNESCO",
    "UNFPA",
    "UNHCR",
    "UNICEF",
    "UNOPS",
    "UNRWA",
    "UN Secretariat",
    "UN Women",
    "WFP",
    "WHO",
    "WIPO",
    "WMO",
    "UNIDO",
]
# Secretariat entities that seed 002 names as responsible.
RESPONSIBLE_002 = ["DPA", "OHCHR", "OCHA", "DSS", "OLA", "EOSG", "DPI", "DOCO"]
BODIES = [
    "HLCM",
    "CEB",
    "DoC-TF",
    "TF-SH",
    "TF-SH-WG",
    "CDS",
    "HRN",
    "HLCM-PN",
    "SBP-DoC-WG",
    "UNDG",
]


def test_everything_named_is_loaded() -> None:
    reference_data_load()
    acronyms = set(Organization.objects.values_list("acronym", flat=True))
    assert set(DASHBOARD_000) <= acronyms
    assert set(RESPONSIBLE_002) <= acronyms
    assert set(BODIES) <= set(Body.objects.values_list("acronym", flat=True))
    assert Body.objects.get(acronym="HLCM").parent.acronym == "CEB"  # type: ignore[union-attr]


def test_the_four_thematic_sub_groups_have_their_leads_and_members() -> None:
    reference_data_load()
    sub_groups = Group.objects.filter(kind="thematic_sub_group").order_by("code")
    assert sub_groups.count() == 4
    for group in sub_groups:
        assert group.lead_organizations.exists(), group.name
        assert group.member_organizations.exists(), group.name
    assert len(Group.objects.get(code="sg-4").initiatives) == 6


def test_personnel_categories_of_000() -> None:
    reference_data_load()
    codes = set(PersonnelCategory.objects.values_list("code", flat=True))
    assert {
        "staff",
        "non_staff",
        "consultants",
        "individual_contractors",
        "interns",
        "standby_personnel",
        "institutional_contractors",
    } <= codes
    assert PersonnelCategory.objects.get(code="consultants").parent is not None


def test_loading_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_reference_data")
    counts = (Organization.objects.count(), Body.objects.count(), Group.objects.count())
    call_command("load_reference_data")
    assert (Organization.objects.count(), Body.objects.count(), Group.objects.count()) == counts
    assert "Created: nothing; updated: nothing" in capsys.readouterr().out
