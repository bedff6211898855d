"""Demo screening data: a demo key (written to var/screening-demo.key, never committed) and
listings of fictitious people from several organizations, encoded with that key as a
participating organization would, plus one check with a possible match."""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tutela.audit.services import audit_record
from tutela.common.demo import DemoContext
from tutela.organizations.models import Organization
from tutela.screening import encoding as codec
from tutela.screening import services
from tutela.screening.index import bump_version
from tutela.screening.models import Listing, ListingBasis, ListingCategory

KEY_FILE = "screening-demo.key"

# Fictitious people: (organization, reference, given, family, date of birth, category, basis).
PEOPLE = [
    (
        "UNHCR",
        "UNHCR-SCR-001",
        "Dmitri",
        "Volkov",
        "1979-04-18",
        ListingCategory.SEXUAL_EXPLOITATION_ABUSE,
        ListingBasis.FINDING,
    ),
    (
        "UNHCR",
        "UNHCR-SCR-002",
        "Samir",
        "Haddad",
        "1984-09-02",
        ListingCategory.SEXUAL_HARASSMENT,
        ListingBasis.FINDING,
    ),
    (
        "UNHCR",
        "UNHCR-SCR-003",
        "Pieter",
        "van Dalen",
        "1971-12-24",
        ListingCategory.SEXUAL_HARASSMENT,
        ListingBasis.PENDING,
    ),
    (
        "WFP",
        "WFP-2024-17",
        "Оксана",
        "Мельник",
        "1988-02-11",
        ListingCategory.SEXUAL_EXPLOITATION_ABUSE,
        ListingBasis.FINDING,
    ),
    (
        "WFP",
        "WFP-2025-03",
        "Jean-Baptiste",
        "Mukendi",
        "1976-06-30",
        ListingCategory.OTHER_SERIOUS_MISCONDUCT,
        ListingBasis.FINDING,
    ),
    (
        "UNICEF",
        "UNICEF/SEA/0042",
        "خالد",
        "المصري",
        "1981-03-05",
        ListingCategory.SEXUAL_EXPLOITATION_ABUSE,
        ListingBasis.PENDING,
    ),
    (
        "UNICEF",
        "UNICEF/SH/0107",
        "Lucía",
        "Fernández Ortega",
        "1990-10-09",
        ListingCategory.SEXUAL_HARASSMENT,
        ListingBasis.FINDING,
    ),
]
CONTACTS = {
    "UNHCR": "Ethics and screening desk, UNHCR (screening@unhcr.example)",
    "WFP": "Office of the Inspector General, WFP (oig.screening@wfp.example)",
    "UNICEF": "Office of Internal Audit and Investigations, UNICEF (screening@unicef.example)",
}


def demo_key() -> bytes:
    path = Path(settings.VAR_DIR) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(24) + "\n", encoding="ascii")
        path.chmod(0o600)
    return path.read_bytes()


def generate(context: DemoContext) -> None:
    key = demo_key()
    officer = context.users_by_role.get("screening_officer")
    organizations = {
        organization.acronym: organization
        for organization in Organization.objects.filter(acronym__in=CONTACTS)
    }
    today = timezone.localdate()
    created = 0
    for acronym, reference, given, family, born, category, basis in PEOPLE:
        organization = organizations.get(acronym)
        if (
            organization is None
            or Listing.objects.filter(organization=organization, reference=reference).exists()
        ):
            continue
        raw = codec.encode_bits(codec.Person(given, family, born), key)
        decided_on = today - datetime.timedelta(days=context.rng.randint(60, 900))
        listing = Listing.objects.create(
            organization=organization,
            reference=reference,
            encoding=raw,
            popcount=codec.popcount(raw),
            category=category,
            basis=basis,
            decided_on=decided_on,
            expires_on=decided_on + datetime.timedelta(days=365 * 7),
            contact_point=CONTACTS[acronym],
        )
        audit_record(
            actor=None,
            action="screening.listing_create",
            target=listing,
            changes={"reference": reference, "source": "demo"},
        )
        created += 1
    if created:
        bump_version()
    unhcr = organizations.get("UNHCR")
    if officer is not None and unhcr is not None and created:
        candidate = codec.encode_bits(codec.Person("Oksana", "Melnyk", "1988-02-11"), key)
        services.check_run(
            actor=officer,
            organization=unhcr,
            candidates=[services.Candidate("Application 2026-118", candidate)],
            kind="single",
        )
    context.notes.append(
        f"Screening: {created} demo listings encoded with the demo key "
        f"{Path(settings.VAR_DIR) / KEY_FILE} (choose it as the key file on the check page); "
        "try Oksana Melnyk, born 1988-02-11."
    )
