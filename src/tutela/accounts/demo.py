"""Demo people: one user per role, and at large scale many more focal points and viewers."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Q

from tutela.accounts.models import User
from tutela.accounts.roles import Role
from tutela.accounts.services import membership_grant, user_create
from tutela.common.demo import DemoContext, DemoLogin
from tutela.organizations.models import Body, Group, Organization

DEMO_PASSWORD = "Tutela-demo-2026"  # noqa: S105 — printed for the demo, documented in README
DEMO_DOMAIN = "tutela.example"

GIVEN = [
    "Amina",
    "Jean",
    "Li",
    "Olga",
    "Carlos",
    "Fatima",
    "Kwame",
    "Sofia",
    "Ravi",
    "Mariam",
    "Pierre",
    "Ana",
    "Yusuf",
    "Elena",
    "Tomás",
    "Aiko",
    "Nadia",
    "Samuel",
    "Leila",
    "Ivan",
]
FAMILY = [
    "Diallo",
    "Dubois",
    "Wang",
    "Petrova",
    "García",
    "Haddad",
    "Mensah",
    "Rossi",
    "Sharma",
    "Nasser",
    "Martin",
    "Silva",
    "Okafor",
    "Ivanova",
    "López",
    "Sato",
    "Rahman",
    "Kamau",
    "Benali",
    "Novak",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _user(email: str, name: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    return user_create(actor=None, email=email, full_name=name, password=DEMO_PASSWORD)


def administrator_permissions_grant(user: User) -> None:
    """Administrators manage accounts and reference data in the admin, and nothing else."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="accounts", content_type__model__in=["user", "membership"])
            | Q(content_type__app_label="accounts", codename="view_apitoken")
            | Q(content_type__app_label="organizations")
            | Q(content_type__app_label="axes")
        )
    )


def generate(context: DemoContext) -> None:
    rng, scale, units = context.rng, context.scale, context.units
    people = context
    unhcr = Organization.objects.get(acronym="UNHCR")
    undp = Organization.objects.get(acronym="UNDP")
    hlcm = Body.objects.get(acronym="HLCM")
    cds = Body.objects.get(acronym="CDS")
    sub_group = Group.objects.get(code="sg-1")
    mission_unit = next(unit for unit in units if unit.type == "mission")

    scopes: dict[Role, dict[str, Any]] = {
        Role.SECRETARIAT: {"body": hlcm},
        Role.FOCAL_POINT: {"organization": unhcr},
        Role.VIEWER: {"organization": undp},
        Role.GROUP_MEMBER: {"group": sub_group},
        Role.RISK_OFFICER: {"unit": mission_unit},
        Role.CONDUCT_REVIEWER: {"body": cds},
        Role.INTAKE_OFFICER: {"organization": unhcr},
        Role.INVESTIGATOR: {"organization": unhcr},
        Role.SUPPORT_OFFICER: {"organization": unhcr},
        Role.CUSTODIAN: {"organization": unhcr},
        Role.SCREENING_OFFICER: {"organization": unhcr},
        Role.HUMAN_RIGHTS_OFFICER: {"country": "CD"},
        Role.ANALYST: {"country": "CD"},
        Role.AUDITOR: {},
        Role.ADMINISTRATOR: {},
    }
    for role, scope in scopes.items():
        email = f"{role.value.replace('_', '.')}@{DEMO_DOMAIN}"
        user = _user(email, _person(rng))
        membership = membership_grant(actor=None, user=user, role=role, **scope)
        if role == Role.ADMINISTRATOR:
            administrator_permissions_grant(user)
        people.users_by_role[role.value] = user
        people.logins.append(DemoLogin(email, str(role.label), membership.scope_label))
    # The secretariat also serves the Duty of Care Task Force.
    membership_grant(
        actor=None,
        user=people.users_by_role[Role.SECRETARIAT.value],
        role=Role.SECRETARIAT,
        body=Body.objects.get(acronym="DoC-TF"),
    )

    if scale == "large":
        for organization in Organization.objects.exclude(type="other").order_by("acronym"):
            slug = organization.acronym.lower().replace(" ", "-")
            for number in range(1, 4):
                user = _user(f"focal.{slug}.{number}@{DEMO_DOMAIN}", _person(rng))
                membership_grant(
                    actor=None, user=user, role=Role.FOCAL_POINT, organization=organization
                )
            user = _user(f"viewer.{slug}@{DEMO_DOMAIN}", _person(rng))
            membership_grant(actor=None, user=user, role=Role.VIEWER, organization=organization)
