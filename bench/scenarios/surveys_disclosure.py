"""`surveys_disclosure`: the cost of disclosure-controlled survey results, in process.

1. Aggregating a round of 200 organizations x 60 questions (30 ratings in six matrix tables,
   10 multiple choices, 10 single choices, 10 numbers in two magnitude tables) with primary
   and secondary suppression of every table, plus the attributable view — goal <= 1 s.
2. Secondary suppression of one 50 x 50 frequency table with many small cells — goal <= 2 s.

Each is timed 5 times in a fresh Python process (Django set up, no database needed); the
median and the slowest are reported. The 50 x 50 table's protection is also checked by the
linear program of tests/surveys/lp_audit.py on a sample of 40 suppressed cells.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.scenarios.base import Options, Scenario

NAME = "surveys_disclosure"
ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = r"""
import json, random, statistics, sys, time
from types import SimpleNamespace
import django
django.setup()
import numpy as np
from tutela.surveys import results
from tutela.surveys.disclosure import Rules, Table, protect

rng = random.Random(7)
def texts(text):
    return {"English (en)": text}
def node(kind, name, choices=""):
    return {"type": kind, "name": name, "label": texts(name), "hint": {}, "required": False,
            "required_message": {}, "relevant": "", "constraint": "", "constraint_message": {},
            "calculation": "", "choices": choices, "appearance": "", "children": []}
lists = {
    "rating": [{"name": n, "label": texts(n)} for n in ("strong", "adequate", "weak", "very_weak")],
    "areas": [{"name": f"a{i}", "label": texts(f"Area {i}")} for i in range(8)],
}
children = []
for g in range(6):
    group = node("group", f"ratings{g}")
    group["children"] = [node("select_one", f"r{g}_{i}", "rating") for i in range(5)]
    children.append(group)
children += [node("select_multiple", f"m{i}", "areas") for i in range(10)]
children += [node("select_one", f"s{i}", "areas") for i in range(10)]
for g in range(2):
    group = node("group", f"numbers{g}")
    group["children"] = [node("integer", f"n{g}_{i}") for i in range(5)]
    children.append(group)
definition = {"title": "bench", "default_language": "English (en)", "children": children,
              "choices": lists, "languages": ["English (en)"]}
types = ["agency", "fund", "programme", "specialized_agency", "related_organization",
         "secretariat_entity"]
responses = []
for index in range(200):
    answers = {}
    for g in range(6):
        for i in range(5):
            answers[f"r{g}_{i}"] = rng.choice(["strong", "adequate", "weak", "very_weak"])
    for i in range(10):
        answers[f"m{i}"] = rng.sample([f"a{k}" for k in range(8)], 3)
        answers[f"s{i}"] = f"a{rng.randrange(8)}"
    for g in range(2):
        for i in range(5):
            answers[f"n{g}_{i}"] = rng.choice([0, 1, 2, 5, 10, 40, 300])
    kind = rng.choices(types, weights=[70, 50, 50, 20, 6, 4])[0]
    organization = SimpleNamespace(type=kind, acronym=f"ORG{index:03d}")
    responses.append(SimpleNamespace(organization=organization, organization_id=index,
                                     answers=answers))

def timed(function, runs=5):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        value = function()
        durations.append(time.perf_counter() - start)
    return durations, value

aggregate, found = timed(lambda: results.round_results(
    definition=definition, responses=responses, policy_rules=Rules(), language="en",
    attributable=None))
suppressed_cells = sum(table.protected.suppressed_count for table in found.tables)

values = np.random.default_rng(50).choice(
    [0, 1, 2, 3, 4, 6, 9, 20, 40], p=[0.1, 0.08, 0.07, 0.15, 0.15, 0.15, 0.1, 0.1, 0.1],
    size=(50, 50))
table = Table("50x50", [str(i) for i in range(50)], [str(i) for i in range(50)],
              values.astype(float))
suppress, protected = timed(lambda: protect(table, Rules()))

sys.path.insert(0, sys.argv[1])
from scipy.optimize import linprog
aug = protected.augmented
rows, cols = aug.shape
count = rows * cols
equations = []
for r in range(rows):
    line = np.zeros(count); line[r * cols:(r + 1) * cols - 1] = 1; line[r * cols + cols - 1] = -1
    equations.append(line)
for c in range(cols):
    line = np.zeros(count); line[[r * cols + c for r in range(rows - 1)]] = 1
    line[(rows - 1) * cols + c] = -1
    equations.append(line)
a_eq = np.array(equations)
bounds = [(0.0, None) if protected.suppressed[r, c] else (aug[r, c], aug[r, c])
          for r in range(rows) for c in range(cols)]
cells = list(zip(*np.nonzero(protected.suppressed)))
random.Random(1).shuffle(cells)
narrowest = float("inf")
for r, c in cells[:40]:
    objective = np.zeros(count); objective[r * cols + c] = 1
    low = linprog(objective, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds,
                  method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds,
                   method="highs")
    width = float("inf") if high.status == 3 else -high.fun - low.fun
    narrowest = min(narrowest, width)

print(json.dumps({
    "aggregate_seconds": aggregate,
    "aggregate_tables": len(found.tables),
    "aggregate_suppressed_cells": suppressed_cells,
    "suppress_seconds": suppress,
    "suppress_primary": int((protected.status == "primary").sum()),
    "suppress_secondary": int((protected.status == "secondary").sum()),
    "lp_sampled_cells": min(40, len(cells)),
    "lp_narrowest_interval": narrowest,
}))
"""


def run(options: Options) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tutela.config.settings",
            "DEBUG": "1",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
    )
    completed = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if completed.returncode != 0:
        return {
            "scenario": NAME,
            "errors": 1,
            "summary": [f"{NAME} failed: {completed.stderr.strip()[-2000:]}"],
        }
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    aggregate = sorted(figures["aggregate_seconds"])
    suppress = sorted(figures["suppress_seconds"])
    figures.update(
        {
            "scenario": NAME,
            "errors": 0,
            "aggregate_median_seconds": aggregate[len(aggregate) // 2],
            "aggregate_max_seconds": aggregate[-1],
            "suppress_median_seconds": suppress[len(suppress) // 2],
            "suppress_max_seconds": suppress[-1],
            "goals": {"aggregate_seconds": 1.0, "suppress_seconds": 2.0},
        }
    )
    figures["summary"] = [
        f"Round of 200 organizations x 60 questions, {figures['aggregate_tables']} tables under "
        f"disclosure control: median {figures['aggregate_median_seconds']:.3f} s, slowest "
        f"{figures['aggregate_max_seconds']:.3f} s (goal <= 1 s).",
        f"Secondary suppression of a 50 x 50 table ({figures['suppress_primary']} sensitive, "
        f"{figures['suppress_secondary']} hidden to protect them): median "
        f"{figures['suppress_median_seconds']:.3f} s, slowest "
        f"{figures['suppress_max_seconds']:.3f} s (goal <= 2 s).",
        f"Linear-program check of {figures['lp_sampled_cells']} suppressed cells: narrowest "
        f"feasible interval {figures['lp_narrowest_interval']:.1f} (protection 3).",
    ]
    return figures


SCENARIO = Scenario(
    name=NAME,
    description="Disclosure-controlled results of a 200 x 60 round, and secondary suppression "
    "of a 50 x 50 table.",
    run=run,
)
