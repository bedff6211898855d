"""What `tutela demo_data` hands from one app's demo generator to the next."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoLogin:
    email: str
    role: str
    scope: str


@dataclass
class DemoContext:
    """Each app's `demo.generate(context)` reads what earlier apps made and adds its own."""

    rng: random.Random
    scale: str
    units: list[Any] = field(default_factory=list)
    users_by_role: dict[str, Any] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def large(self) -> bool:
        return self.scale == "large"
