"""What a scenario is, and the options the command line passes to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Options:
    """How the command line asked scenarios to run."""

    database: str
    duration: float
    warmup: float
    concurrency: int
    generator: str


@dataclass(frozen=True)
class Scenario:
    """A named benchmark; `run` returns its JSON-ready result."""

    name: str
    description: str
    run: Callable[[Options], dict[str, Any]]
