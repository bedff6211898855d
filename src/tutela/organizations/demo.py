"""Demo units: missions, regional and country offices, duty stations of a few organizations."""

from __future__ import annotations

from tutela.common.demo import DemoContext
from tutela.organizations.models import Organization, Unit
from tutela.organizations.services import unit_create

# (organization, [(name, type, country, [children (name, type, country)])])
SMALL: list[tuple[str, list[tuple[str, str, str, list[tuple[str, str, str]]]]]] = [
    (
        "UN Secretariat",
        [
            (
                "MONUSCO",
                "mission",
                "CD",
                [
                    ("Goma", "duty_station", "CD"),
                    ("Bukavu", "duty_station", "CD"),
                    ("Bunia", "duty_station", "CD"),
                ],
            ),
            (
                "UNMISS",
                "mission",
                "SS",
                [("Juba", "duty_station", "SS"), ("Malakal", "duty_station", "SS")],
            ),
            ("MINUSCA", "mission", "CF", [("Bangui", "duty_station", "CF")]),
        ],
    ),
    (
        "UNHCR",
        [
            (
                "Regional Bureau for East and Horn of Africa",
                "regional_office",
                "KE",
                [
                    ("Country Office Ethiopia", "country_office", "ET"),
                    ("Country Office South Sudan", "country_office", "SS"),
                ],
            ),
            (
                "Country Office Democratic Republic of the Congo",
                "country_office",
                "CD",
                [("Goma sub-office", "duty_station", "CD")],
            ),
        ],
    ),
    (
        "UNDP",
        [
            (
                "Regional Bureau for Africa",
                "regional_office",
                "US",
                [
                    ("Country Office Central African Republic", "country_office", "CF"),
                    ("Country Office Mali", "country_office", "ML"),
                ],
            ),
            ("Bureau for Crisis Response", "department", "US", []),
        ],
    ),
    (
        "WFP",
        [
            (
                "Country Office Yemen",
                "country_office",
                "YE",
                [("Aden", "duty_station", "YE"), ("Sana'a", "duty_station", "YE")],
            )
        ],
    ),
    ("UNICEF", [("Country Office Haiti", "country_office", "HT", [])]),
]

LARGE_COUNTRIES = [
    "AF",
    "BD",
    "BF",
    "CD",
    "CF",
    "CO",
    "ET",
    "HT",
    "IQ",
    "JO",
    "KE",
    "LB",
    "LY",
    "ML",
    "MM",
    "MZ",
    "NE",
    "NG",
    "PK",
    "PS",
    "SD",
    "SO",
    "SS",
    "SY",
    "TD",
    "UA",
    "VE",
    "YE",
]


def _unit(
    organization: Organization, name: str, type: str, country: str, parent: Unit | None = None
) -> Unit:
    existing = Unit.objects.filter(organization=organization, parent=parent, name=name).first()
    if existing is not None:
        return existing
    return unit_create(
        actor=None, organization=organization, name=name, type=type, parent=parent, country=country
    )


def generate(context: DemoContext) -> None:
    rng, scale = context.rng, context.scale
    units: list[Unit] = context.units
    for acronym, tops in SMALL:
        organization = Organization.objects.get(acronym=acronym)
        for name, type, country, children in tops:
            top = _unit(organization, name, type, country)
            units.append(top)
            units.extend(_unit(organization, *child, parent=top) for child in children)
    if scale == "large":
        for organization in Organization.objects.exclude(type="other").order_by("acronym"):
            for country in rng.sample(LARGE_COUNTRIES, 6):
                office = _unit(organization, f"Country Office {country}", "country_office", country)
                units.append(office)
                units.append(
                    _unit(
                        organization,
                        f"Field office {country}-1",
                        "duty_station",
                        country,
                        parent=office,
                    )
                )
