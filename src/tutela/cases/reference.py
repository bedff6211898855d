"""The reporting channel's shipped reference data (library/cases.yaml), read once."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LIBRARY = Path(__file__).parent / "library" / "cases.yaml"


@cache
def reference() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))
    return loaded


def default_seriousness(category: str) -> str:
    return str(reference()["categories"][category]["seriousness"])


def onward_delay(seriousness: str) -> timedelta:
    return timedelta(hours=int(reference()["onward_report_hours"][seriousness]))


def allowed_transitions(status: str) -> list[str]:
    return list(reference()["transitions"].get(status, []))


def attachment_limits() -> dict[str, Any]:
    limits: dict[str, Any] = reference()["attachments"]
    return limits


def default_retention_days(category: str) -> int:
    return int(reference()["categories"][category]["keep_days_after_closure"])


def default_questionnaire() -> dict[str, Any]:
    questionnaire: dict[str, Any] = reference()["questionnaire"]
    return questionnaire
