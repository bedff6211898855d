"""The CSV files the screening module reads and writes: people to encode (kept on the
organization's own computer) and encodings to upload (what the server receives)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tutela.screening.encoding import EncodingError, Person, decode, split_full_name

PEOPLE_COLUMNS = ("given_name", "family_name", "date_of_birth")
ENCODED_COLUMNS = ("reference", "encoding")
MAX_REFERENCE = 100


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class PersonRow:
    row: int
    reference: str
    person: Person


@dataclass(frozen=True)
class EncodedRow:
    row: int
    reference: str
    raw: bytes


def _reader(lines: Iterable[str]) -> csv.DictReader[str]:
    reader = csv.DictReader(lines)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    return reader


def read_people(lines: Iterable[str]) -> Iterator[PersonRow | RowError]:
    """Rows of given_name, family_name (or one `name` column), date_of_birth and an optional
    reference; row numbers count the header as row 1, as a spreadsheet shows them."""
    reader = _reader(lines)
    columns = set(reader.fieldnames or [])
    if not ({"given_name", "family_name"} <= columns or "name" in columns):
        yield RowError(1, "the header needs given_name and family_name (or name) columns")
        return
    for number, record in enumerate(reader, start=2):
        reference = (record.get("reference") or "").strip() or str(number)
        if "name" in columns and not (record.get("given_name") or record.get("family_name")):
            given, family = split_full_name(record.get("name") or "")
        else:
            given, family = record.get("given_name") or "", record.get("family_name") or ""
        if len(reference) > MAX_REFERENCE:
            yield RowError(number, f"the reference is longer than {MAX_REFERENCE} characters")
            continue
        yield PersonRow(number, reference, Person(given, family, record.get("date_of_birth") or ""))


def read_encoded(text: str) -> Iterator[EncodedRow | RowError]:
    """Rows of reference, encoding as written by `tutela screening_encode`."""
    reader = _reader(io.StringIO(text))
    if "encoding" not in (reader.fieldnames or []):
        yield RowError(1, "the header needs an encoding column")
        return
    for number, record in enumerate(reader, start=2):
        reference = (record.get("reference") or "").strip() or str(number)
        if len(reference) > MAX_REFERENCE:
            yield RowError(number, f"the reference is longer than {MAX_REFERENCE} characters")
            continue
        try:
            raw = decode(record.get("encoding") or "")
        except EncodingError as error:
            yield RowError(number, str(error))
            continue
        yield EncodedRow(number, reference, raw)
