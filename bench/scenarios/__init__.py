"""The benchmark scenarios, by name. A new scenario is a module here that defines SCENARIO.

A scenario receives the run's Options and returns its result as a JSON-ready dictionary with
at least `scenario`, `errors` (how many requests failed) and `summary` (lines to print);
bench/__main__.py writes it to bench/results/ and prints the summary.
"""

import importlib
import pkgutil

from bench.scenarios.base import Options, Scenario


def _discover() -> dict[str, Scenario]:
    found: dict[str, Scenario] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        scenario = getattr(module, "SCENARIO", None)
        if scenario is not None:
            found[scenario.name] = scenario
    return found


SCENARIOS: dict[str, Scenario] = _discover()

__all__ = ["SCENARIOS", "Options", "Scenario"]
