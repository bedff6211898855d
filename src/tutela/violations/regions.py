"""Countries and the regions whose quarterly reviews cover them (vocabularies/regions.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils import translation

REGIONS_FILE = Path(__file__).parent / "vocabularies" / "regions.yaml"


@dataclass(frozen=True)
class Country:
    code: str
    iso: int
    name: str
    region: str


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    translations: dict[str, str]
    countries: tuple[Country, ...]

    @property
    def display_name(self) -> str:
        return self.translations.get((translation.get_language() or "en")[:2], self.name)


@cache
def regions() -> tuple[Region, ...]:
    document = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Region(
            code=entry["code"],
            name=entry["name"],
            translations=dict(entry.get("translations") or {}),
            countries=tuple(
                Country(code=c["code"], iso=int(c["iso"]), name=c["name"], region=entry["code"])
                for c in entry["countries"]
            ),
        )
        for entry in document["regions"]
    )


@cache
def countries_by_code() -> dict[str, Country]:
    return {country.code: country for region in regions() for country in region.countries}


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c.code, c.name) for c in countries_by_code().values()), key=lambda pair: pair[1]
    )


def country_name(code: str) -> str:
    country = countries_by_code().get(code)
    return country.name if country else code


def region_of(code: str) -> Region | None:
    country = countries_by_code().get(code)
    if country is None:
        return None
    return next(region for region in regions() if region.code == country.region)


def region_choices() -> list[tuple[str, str]]:
    return [(region.code, region.display_name) for region in regions()]


def countries_of_region(code: str) -> list[str]:
    return [c.code for region in regions() if region.code == code for c in region.countries]
