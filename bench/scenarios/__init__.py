"""The benchmark scenarios, by name. A new scenario is a module here that defines SCENARIO.

A scenario receives the run's Options and returns its result as a JSON-ready dictionary with
at least `scenario`, `errors` (how many requests failed) and `summary` (lines to print);
bench/__main__.py writes it to bench/results/ and prints the summary.
"""

from bench.scenarios import api_list, monitoring_dashboard
from bench.scenarios.base import Options, Scenario

SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario for scenario in (api_list.SCENARIO, monitoring_dashboard.SCENARIO)
}

__all__ = ["SCENARIOS", "Options", "Scenario"]
