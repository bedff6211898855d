"""Privacy-preserving encoding of a person (given name, family name, date of birth) into a keyed
1024-bit Bloom filter.

The algorithm and its parameters are data (static/screening/encoding-schema.json) shared with the
browser encoder (static/screening/encode.js); both must give bit-identical results on the test
vectors in encoding_vectors.json. docs/screening-encoding.md explains every step.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "static" / "screening" / "encoding-schema.json"
VECTORS_PATH = Path(__file__).parent / "encoding_vectors.json"
KEY_LABEL = b"tutela-screening/v1/"
MIN_KEY_BYTES = 16
CENTURY_DIGITS = 2
# A pair at or above this Dice similarity is a possible match (chosen on FEBRL4, see the bench).
THRESHOLD = 0.78
_SPACES = re.compile(r" +")
_DATE = re.compile(r"^([0-9]{4})-?([0-9]{2})-?([0-9]{2})$")


class EncodingError(ValueError):
    """Input that cannot be encoded (no usable name, unreadable date, short key)."""


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    date_of_birth: str = ""


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def bits() -> int:
    return int(schema()["bits"])


def normalise(text: str) -> str:
    """Latin lower-case letters and single spaces: the same person in any supported script, with or
    without accents or punctuation, gives the same string. Steps: NFKC, case-fold, NFD and drop
    the combining marks (accents, Arabic short vowels), transliterate what is left with the
    schema's table, turn anything but a-z into a space, collapse spaces."""
    table: dict[str, str] = schema()["transliteration"]
    dropped = set(schema()["dropped"])
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for char in unicodedata.normalize("NFD", folded):
        if unicodedata.category(char).startswith("M") or char in dropped:
            continue
        out.extend(latin if "a" <= latin <= "z" else " " for latin in table.get(char, char))
    return _SPACES.sub(" ", "".join(out)).strip()


def skeleton(normalised: str) -> str:
    """The consonant outline of a normalised name, so that a name written without short vowels
    (Arabic script) meets its Latin spelling: fold look-alike consonants, drop vowels and h/w/y,
    collapse doubled letters."""
    rule = schema()["skeleton"]
    folded = "".join(rule["fold"].get(char, char) for char in normalised.replace(" ", ""))
    kept = [char for char in folded if char not in rule["drop"]]
    collapsed = [char for index, char in enumerate(kept) if index == 0 or kept[index - 1] != char]
    return "".join(collapsed)


def bigrams(text: str) -> list[str]:
    """Distinct bigrams of the text padded at both ends, in first-seen order."""
    if not text:
        return []
    pad = schema()["padding"]
    padded = f"{pad}{text}{pad}"
    seen: dict[str, None] = {}
    for index in range(len(padded) - 1):
        seen.setdefault(padded[index : index + 2], None)
    return list(seen)


def parse_date_of_birth(value: str) -> tuple[str, str, str] | None:
    """(year, month, day) from YYYY-MM-DD or YYYYMMDD; None when empty."""
    value = value.strip()
    if not value:
        return None
    found = _DATE.match(value)
    if found is None:
        raise EncodingError(f"date of birth {value!r} is not YYYY-MM-DD")
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError as error:
        raise EncodingError(f"date of birth {value!r} is not a real date") from error
    return year, month, day


def date_tokens(value: str) -> list[str]:
    """Positional tokens: year, month, day, and each digit after the century with its position,
    so a single mistyped digit keeps most tokens in common (the century digits are left out:
    nearly everyone shares them)."""
    parts = parse_date_of_birth(value)
    if parts is None:
        return []
    year, month, day = parts
    digits = year + month + day
    positional = [f"{i}:{digit}" for i, digit in enumerate(digits) if i >= CENTURY_DIGITS]
    return [f"y{year}", f"m{month}", f"d{day}", *positional]


def split_full_name(full_name: str) -> tuple[str, str]:
    """(given, family) from one name: "FAMILY, Given" or "Given Middle Family"."""
    text = unicodedata.normalize("NFKC", full_name).strip()
    if "," in text:
        family, _, given = text.partition(",")
        return given.strip(), family.strip()
    words = text.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def feature_tokens(person: Person) -> list[tuple[str, int, list[str]]]:
    """(feature name, k, tokens) for every feature of the schema."""
    names = {"given": normalise(person.given), "family": normalise(person.family)}
    if not names["given"] and not names["family"]:
        raise EncodingError("the name has no letters that can be encoded")
    found = []
    for feature in schema()["features"]:
        kind = feature["kind"]
        # "names" pools the given and family names, so a swapped order still matches.
        sources = ("given", "family") if feature["source"] == "names" else (feature["source"],)
        tokens: list[str] = []
        if kind == "date":
            tokens = date_tokens(person.date_of_birth)
        else:
            for source in sources:
                text = skeleton(names[source]) if kind == "skeleton" else names[source]
                tokens.extend(token for token in bigrams(text) if token not in tokens)
        found.append((feature["name"], int(feature["k"]), tokens))
    return found


def feature_key(secret: bytes, feature: str) -> bytes:
    return hmac.new(secret, KEY_LABEL + feature.encode(), hashlib.sha256).digest()


def token_positions(key: bytes, token: str, k: int, size: int) -> list[int]:
    """Double hashing: one HMAC-SHA256 gives a start and an odd step (odd, so that the k
    positions are distinct in a power-of-two filter)."""
    digest = hmac.new(key, token.encode(), hashlib.sha256).digest()
    start = int.from_bytes(digest[0:4], "big") % size
    step = (int.from_bytes(digest[4:8], "big") % size) | 1
    return [(start + i * step) % size for i in range(k)]


def check_secret(secret: bytes) -> bytes:
    secret = secret.strip()
    if len(secret) < MIN_KEY_BYTES:
        raise EncodingError(f"the key must be at least {MIN_KEY_BYTES} bytes long")
    return secret


def encode_bits(person: Person, secret: bytes) -> bytes:
    """The Bloom filter as bytes, bit p at byte p // 8, mask 0x80 >> (p % 8)."""
    secret = check_secret(secret)
    size = bits()
    filled = bytearray(size // 8)
    for feature, k, tokens in feature_tokens(person):
        key = feature_key(secret, feature)
        for token in tokens:
            for position in token_positions(key, token, k, size):
                filled[position >> 3] |= 0x80 >> (position & 7)
    return bytes(filled)


def encode(person: Person, secret: bytes) -> str:
    """The encoding as base64 text (what is uploaded)."""
    return base64.b64encode(encode_bits(person, secret)).decode("ascii")


def key_fingerprint(secret: bytes) -> str:
    """A short public label of the key, so that encodings made with different keys are refused
    rather than silently never matching. It reveals nothing about the key."""
    digest = hmac.new(check_secret(secret), KEY_LABEL + b"fingerprint", hashlib.sha256)
    return digest.hexdigest()[:16]


def decode(encoding: str) -> bytes:
    """The filter bytes of a base64 encoding, or EncodingError."""
    try:
        raw = base64.b64decode(encoding.strip(), validate=True)
    except (ValueError, TypeError) as error:
        raise EncodingError("the encoding is not base64") from error
    if len(raw) != bits() // 8:
        raise EncodingError(f"the encoding must be {bits()} bits ({bits() // 8} bytes)")
    return raw


def popcount(raw: bytes) -> int:
    return int.from_bytes(raw, "big").bit_count()


def dice(left: bytes, right: bytes) -> float:
    a, b = int.from_bytes(left, "big"), int.from_bytes(right, "big")
    total = a.bit_count() + b.bit_count()
    return 2 * (a & b).bit_count() / total if total else 0.0
