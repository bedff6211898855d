"""The XLSForm expressions Tutela supports in `relevant`, `constraint` and `calculation`.

A small XPath subset, evaluated the same way here (on the server) and in
`static/surveys/expressions.js` (as the respondent types): `${name}` references, `.` (the
current answer), numbers, quoted strings, `and or = != < <= > >= + - * div mod`,
parentheses and the functions in FUNCTIONS. Anything else is refused at import, by name.

Values follow XPath: an empty answer compares false with a number; a select_multiple answer
is its choice names separated by spaces; dates are ISO strings (`today()` gives one).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

FUNCTIONS = frozenset(
    {
        "selected",
        "count-selected",
        "string-length",
        "regex",
        "if",
        "not",
        "true",
        "false",
        "today",
        "number",
        "int",
        "round",
        "concat",
        "coalesce",
        "contains",
        "starts-with",
    }
)

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{[A-Za-z_][\w.\-]*\})
    | (?P<number>\d+(?:\.\d+)?|\.\d+)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
    | (?P<name>[A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)
    | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


class ExpressionError(ValueError):
    """An expression outside the supported subset, or malformed."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"cannot read “{source[position:]}”")
        kind = match.lastgroup or ""
        tokens.append(Token(kind, match.group(kind)))
        position = match.end()
    return tokens


# The parsed form: nested tuples ("num", 1.0), ("str", "a"), ("ref", "name"), ("dot",),
# ("op", "+", left, right), ("neg", operand), ("call", "name", (args...)).
Node = tuple[Any, ...]

_BINARY_LEVELS: list[tuple[str, ...]] = [
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
]


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ExpressionError(f"expected “{text}”, found “{token.text}”")

    def parse(self) -> Node:
        node = self.binary(0)
        if self.peek() is not None:
            raise ExpressionError(f"unexpected “{self.take().text}”")
        return node

    def binary(self, level: int) -> Node:
        if level == len(_BINARY_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while True:
            token = self.peek()
            if token is None or token.kind not in ("op", "name"):
                return node
            if token.text not in _BINARY_LEVELS[level]:
                return node
            self.take()
            node = ("op", token.text, node, self.binary(level + 1))

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text == "-":
            self.take()
            return ("neg", self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return ("num", float(token.text))
        if token.kind == "string":
            return ("str", token.text[1:-1])
        if token.kind == "ref":
            return ("ref", token.text[2:-1])
        if token.kind == "dot":
            return ("dot",)
        if token.kind == "op" and token.text == "(":
            node = self.binary(0)
            self.expect(")")
            return node
        if token.kind == "name":
            following = self.peek()
            if following is None or following.text != "(":
                raise ExpressionError(f"“{token.text}” is not supported (paths are not)")
            if token.text not in FUNCTIONS:
                raise ExpressionError(f"function “{token.text}()” is not supported")
            self.take()
            arguments: list[Node] = []
            if self.peek() is not None and self.peek().text == ")":  # type: ignore[union-attr]
                self.take()
                return ("call", token.text, tuple(arguments))
            while True:
                arguments.append(self.binary(0))
                separator = self.take()
                if separator.text == ")":
                    return ("call", token.text, tuple(arguments))
                if separator.text != ",":
                    raise ExpressionError(f"expected “,” or “)”, found “{separator.text}”")
        raise ExpressionError(f"unexpected “{token.text}”")


_CACHE: dict[str, Node] = {}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_CALLED = re.compile(r"(?<![\w$.{\-])([A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)\s*\(")


def parse(source: str) -> Node:
    """The expression's tree; raises ExpressionError naming what is not supported."""
    cached = _CACHE.get(source)
    if cached is None:
        for name in _CALLED.findall(_QUOTED.sub("''", source)):
            if name not in FUNCTIONS:
                raise ExpressionError(f"function “{name}()” is not supported")
        cached = _Parser(tokenize(source)).parse()
        if len(_CACHE) < 10_000:
            _CACHE[source] = cached
    return cached


def references(source: str) -> set[str]:
    """The question names an expression reads."""
    found: set[str] = set()

    def walk(node: Node) -> None:
        if node[0] == "ref":
            found.add(node[1])
        elif node[0] == "op":
            walk(node[2])
            walk(node[3])
        elif node[0] == "neg":
            walk(node[1])
        elif node[0] == "call":
            for argument in node[2]:
                walk(argument)

    walk(parse(source))
    return found


# --- evaluation ----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | tuple):
        return " ".join(as_text(item) for item in value)
    return str(value)


def as_number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    text = as_text(value).strip()
    try:
        return float(text)
    except ValueError:
        return math.nan


def as_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not math.isnan(value) and value != 0
    return as_text(value) != ""


def _compare(operator: str, left: Any, right: Any) -> bool:
    if operator in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = as_boolean(left) == as_boolean(right)
        elif isinstance(left, int | float) or isinstance(right, int | float):
            equal = as_number(left) == as_number(right)
        else:
            equal = as_text(left) == as_text(right)
        return equal if operator == "=" else not equal
    left_text, right_text = as_text(left), as_text(right)
    if _ISO_DATE.match(left_text) and _ISO_DATE.match(right_text):
        a: Any = left_text
        b: Any = right_text
    else:
        a, b = as_number(left), as_number(right)
        if math.isnan(a) or math.isnan(b):
            return False
    if operator == "<":
        return bool(a < b)
    if operator == "<=":
        return bool(a <= b)
    if operator == ">":
        return bool(a > b)
    return bool(a >= b)


def _arithmetic(operator: str, left: Any, right: Any) -> float:
    a, b = as_number(left), as_number(right)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0 or math.isnan(b):
        return math.nan
    if operator == "div":
        return a / b
    return math.fmod(a, b)


def _call(name: str, arguments: list[Any]) -> Any:
    def argument(index: int) -> Any:
        if index >= len(arguments):
            raise ExpressionError(f"{name}() needs at least {index + 1} arguments")
        return arguments[index]

    if name == "selected":
        return as_text(argument(1)) in as_text(argument(0)).split()
    if name == "count-selected":
        return float(len(as_text(argument(0)).split()))
    if name == "string-length":
        return float(len(as_text(argument(0))))
    if name == "regex":
        try:
            return re.search(as_text(argument(1)), as_text(argument(0))) is not None
        except re.error as error:
            raise ExpressionError(f"regex(): {error}") from error
    if name == "if":
        return argument(1) if as_boolean(argument(0)) else argument(2)
    if name == "not":
        return not as_boolean(argument(0))
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "today":
        return date.today().isoformat()  # noqa: DTZ011 — the respondent's calendar day
    if name == "number":
        return as_number(argument(0))
    if name == "int":
        number = as_number(argument(0))
        return number if math.isnan(number) else float(math.trunc(number))
    if name == "round":
        number = as_number(argument(0))
        digits = int(as_number(arguments[1])) if len(arguments) > 1 else 0
        if math.isnan(number):
            return number
        scale = 10**digits
        return math.floor(number * scale + 0.5) / scale
    if name == "concat":
        return "".join(as_text(value) for value in arguments)
    if name == "coalesce":
        return argument(0) if as_text(argument(0)) != "" else argument(1)
    if name == "contains":
        return as_text(argument(1)) in as_text(argument(0))
    return as_text(argument(0)).startswith(as_text(argument(1)))


Lookup = Callable[[str], Any]


def evaluate(source: str, lookup: Lookup | Mapping[str, Any], current: Any = None) -> Any:
    """The expression's value; `lookup` gives a question's answer by name."""
    read: Lookup = lookup.get if isinstance(lookup, Mapping) else lookup

    def run(node: Node) -> Any:
        kind = node[0]
        if kind in ("num", "str"):
            return node[1]
        if kind == "ref":
            value = read(node[1])
            return "" if value is None else value
        if kind == "dot":
            return "" if current is None else current
        if kind == "neg":
            return -as_number(run(node[1]))
        if kind == "op":
            operator = node[1]
            if operator == "or":
                return as_boolean(run(node[2])) or as_boolean(run(node[3]))
            if operator == "and":
                return as_boolean(run(node[2])) and as_boolean(run(node[3]))
            left, right = run(node[2]), run(node[3])
            if operator in ("=", "!=", "<", "<=", ">", ">="):
                return _compare(operator, left, right)
            return _arithmetic(operator, left, right)
        return _call(node[1], [run(argument) for argument in node[2]])

    return run(parse(source))


def is_true(source: str, lookup: Lookup | Mapping[str, Any], current: Any = None) -> bool:
    return as_boolean(evaluate(source, lookup, current))
