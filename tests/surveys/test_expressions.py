"""The XLSForm expression subset, and the browser's copy of it giving the same values."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tutela.surveys.expressions import ExpressionError, evaluate, is_true, parse, references

ANSWERS = {
    "has_policy": "yes",
    "n": 4,
    "empty": "",
    "areas": "protection reporting",
    "when": "2020-01-02",
    "name": "Ethics office",
}

CASES = [
    ("${has_policy} = 'yes'", None, True),
    ("${has_policy} != 'yes'", None, False),
    ("${n} > 3 and ${n} < 10", None, True),
    ("${empty} > 3", None, False),
    ("${empty} = ''", None, True),
    (". >= 0 and . <= ${n}", 3, True),
    (". >= 0 and . <= ${n}", 5, False),
    ("selected(${areas}, 'reporting')", None, True),
    ("selected(${areas}, 'policy')", None, False),
    ("count-selected(${areas}) <= 3", None, True),
    ("string-length(${name}) > 20", None, False),
    ("regex(${name}, '^[A-Z]')", None, True),
    ("${n} * 2 + 1", None, 9.0),
    ("${n} div 8", None, 0.5),
    ("${n} mod 3", None, 1.0),
    ("-${n} + 10", None, 6.0),
    ("if(${n} > 3, 'many', 'few')", None, "many"),
    ("not(${has_policy} = 'no')", None, True),
    ("${when} <= '2021-01-01'", None, True),
    ("concat(${name}, ' (', ${n}, ')')", None, "Ethics office (4)"),
    ("coalesce(${empty}, 0) + ${n}", None, 4.0),
    ("round(2.456, 2)", None, 2.46),
    ("int(7.9)", None, 7.0),
    ("contains(${name}, 'office')", None, True),
    ("starts-with(${name}, 'Eth')", None, True),
    ("(${n} > 3 or false()) and true()", None, True),
]


@pytest.mark.parametrize(("source", "current", "expected"), CASES)
def test_python_evaluation(source: str, current: object, expected: object) -> None:
    assert evaluate(source, ANSWERS, current) == expected


def test_today_is_an_iso_date() -> None:
    assert evaluate("today()", {}) == date.today().isoformat()  # noqa: DTZ011
    assert is_true(". <= today()", {}, "2000-01-01")


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("pulldata('x', 'y', 'z', 'w')", "pulldata"),
        ("/data/group/q = 1", "cannot read"),
        ("${a} = ", "ends too early"),
        ("instance('list')/root", "instance"),
    ],
)
def test_unsupported_expressions_are_named(source: str, named: str) -> None:
    with pytest.raises(ExpressionError, match=named):
        parse(source)


def test_references() -> None:
    assert references("${a} > 1 and selected(${b}, 'x')") == {"a", "b"}


JS = Path(__file__).parents[2] / "src/tutela/surveys/static/surveys/expressions.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_browser_gives_the_same_values() -> None:
    script = (
        "global.window = {};\n"
        + JS.read_text()
        + "\nconst X = window.TutelaExpressions;\n"
        + f"const answers = {json.dumps(ANSWERS)};\n"
        + f"const cases = {json.dumps([[s, c] for s, c, _ in CASES])};\n"
        + "console.log(JSON.stringify(cases.map(([s, c]) => "
        + "X.evaluate(s, (n) => answers[n], c === null ? undefined : c))));\n"
    )
    output = subprocess.run(  # noqa: S603 — a fixed local script
        [shutil.which("node") or "node", "-e", script], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(output) == [expected for _, _, expected in CASES]
