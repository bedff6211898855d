"""The controlled vocabularies (HURIDOCS micro-thesauri, the grave violations against children,
the risk factors of atrocity crimes and their indicators) shipped as YAML in vocabularies/, and
the loader that puts them in the database, however deep their trees.

Loading is idempotent: a vocabulary or term is matched by its code, its labels, translations,
place in the tree and order are brought up to date, and nothing is ever deleted (records may
point at a term that a later edition of a list dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

DIRECTORY = Path(__file__).parent / "vocabularies"
NOT_VOCABULARIES = {"regions.yaml"}

# Where each record field takes its values from.
TYPES_OF_ACTS = "types_of_acts"
COUNTING_UNITS = "counting_units"
DEGREES_OF_INVOLVEMENT = "degrees_of_involvement"
SOURCE_CONNECTION = "source_connection"
INTERVENTION_TYPES = "intervention_types"
CHAIN_TYPES = "chain_types"
PERPETRATOR_TYPES = "perpetrator_types"
VICTIM_STATUS = "victim_status"
RESPONSES = "responses"
SEX = "sex"
VIOLATION_STATUS = "violation_status"
RELIABILITY = "reliability"
IMPACT = "impact"
INTERVENTION_STATUS = "intervention_status"
PRIORITY = "priority"
DATE_TYPES = "date_types"
GRAVE_VIOLATIONS = "grave_violations"
ATROCITY_RISK_FACTORS = "atrocity_risk_factors"


class VocabularyError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LoadSummary:
    vocabularies: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read(directory: Path) -> list[dict[str, Any]]:
    documents = []
    errors = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name in NOT_VOCABULARIES:
            continue
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            errors.append(f"{path.name}: not valid YAML ({error}).")
            continue
        if not isinstance(document, dict) or not document.get("code"):
            errors.append(f"{path.name}: a vocabulary needs a code.")
            continue
        if not isinstance(document.get("terms"), list) or not document["terms"]:
            errors.append(f"{path.name}: a vocabulary needs terms.")
            continue
        seen: set[str] = set()
        for term, _parent, _level in _walk(document["terms"]):
            code = str(term.get("code", ""))
            if not code or not term.get("label"):
                errors.append(f"{path.name}: every term needs a code and a label.")
            elif code in seen:
                errors.append(f"{path.name}: term code {code} appears twice.")
            seen.add(code)
        documents.append(document)
    if errors:
        raise VocabularyError(errors)
    return documents


def _walk(
    terms: list[dict[str, Any]], parent: str | None = None, level: int = 0
) -> list[tuple[dict[str, Any], str | None, int]]:
    found: list[tuple[dict[str, Any], str | None, int]] = []
    for term in terms:
        found.append((term, parent, level))
        found.extend(_walk(term.get("terms") or [], str(term.get("code", "")), level + 1))
    return found


def vocabularies_load(
    *, directory: Path = DIRECTORY, vocabulary_model: Any = None, term_model: Any = None
) -> LoadSummary:
    """Load every vocabulary file; the models can be a migration's historical models."""
    if vocabulary_model is None or term_model is None:
        from tutela.violations.models import Term, Vocabulary

        vocabulary_model, term_model = Vocabulary, Term
    documents = _read(directory)
    summary = LoadSummary()
    with transaction.atomic():
        for document in documents:
            vocabulary, _created = vocabulary_model.objects.update_or_create(
                code=document["code"],
                defaults={
                    "name": document.get("name", document["code"]),
                    "translations": document.get("translations") or {},
                    "huridocs_list": document.get("huridocs_list"),
                },
            )
            summary.vocabularies.append(vocabulary.code)
            existing = {
                term.code: term for term in term_model.objects.filter(vocabulary=vocabulary)
            }
            wanted = _walk(document["terms"])
            for order, (entry, _parent, level) in enumerate(wanted, start=1):
                code = str(entry["code"])
                values = {
                    "label": str(entry["label"]),
                    "translations": entry.get("translations") or {},
                    "level": level,
                    "order": order,
                }
                term = existing.get(code)
                if term is None:
                    existing[code] = term_model.objects.create(
                        vocabulary=vocabulary, code=code, **values
                    )
                    summary.created += 1
                elif any(getattr(term, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(term, name, value)
                    term.save()
                    summary.updated += 1
                else:
                    summary.unchanged += 1
            for entry, parent_code, _level in wanted:
                term = existing[str(entry["code"])]
                parent = existing[parent_code] if parent_code else None
                if term.parent_id != (parent.pk if parent else None):
                    term.parent = parent
                    term.save(update_fields=["parent"])
    return summary
