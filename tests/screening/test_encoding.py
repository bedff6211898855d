"""The encoding: shared test vectors, normalisation across scripts, what matches and what not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutela.screening import encoding
from tutela.screening.encoding import THRESHOLD, EncodingError, Person

KEY = b"test-key-0123456789abcdef"
VECTORS = json.loads(encoding.VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['given']} {v['family']}")
def test_shared_vectors(vector: dict[str, str]) -> None:
    person = Person(vector["given"], vector["family"], vector["date_of_birth"])
    assert encoding.normalise(vector["given"]) == vector["normalised_given"]
    assert encoding.normalise(vector["family"]) == vector["normalised_family"]
    assert encoding.skeleton(vector["normalised_family"]) == vector["skeleton_family"]
    assert encoding.encode(person, vector["key"].encode()) == vector["encoding"]


def test_vectors_cover_the_scripts() -> None:
    text = "".join(v["given"] + v["family"] for v in VECTORS)
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # Cyrillic
    assert any("\u0600" <= c <= "\u06ff" for c in text)  # Arabic
    assert len(VECTORS) >= 20


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("José María", "jose maria"),
        ("  O\u2019Brien-Smith ", "obrien smith"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("\uff2d\u00fcller", "muller"),
        ("Петров", "petrov"),
        ("Щербакова", "shcherbakova"),
        ("Сергей", "sergei"),
        ("محمد", "mhmd"),
        ("فاطمة", "fatma"),
        ("Łódź", "lodz"),
        ("Γιώργος", "giorgos"),
        ("李小龍", ""),
    ],
)
def test_normalise(written: str, expected: str) -> None:
    assert encoding.normalise(written) == expected


def test_skeleton_meets_across_scripts() -> None:
    latin = encoding.skeleton(encoding.normalise("Mohammed"))
    assert latin == encoding.skeleton(encoding.normalise("محمد")) == "md"


def test_bigrams_are_padded_and_distinct() -> None:
    assert encoding.bigrams("anna") == ["_a", "an", "nn", "na", "a_"]
    assert encoding.bigrams("") == []


def test_split_full_name() -> None:
    assert encoding.split_full_name("GARCÍA, José María") == ("José María", "GARCÍA")
    assert encoding.split_full_name("José María García") == ("José María", "García")
    assert encoding.split_full_name("  ") == ("", "")


def test_about_half_the_bits_are_set() -> None:
    counts = [encoding.popcount(encoding.decode(v["encoding"])) for v in VECTORS]
    assert 0.35 < sum(counts) / len(counts) / encoding.bits() < 0.6


def _dice(left: Person, right: Person) -> float:
    return encoding.dice(encoding.encode_bits(left, KEY), encoding.encode_bits(right, KEY))


LISTED = Person("Mohammed", "Al-Hassan", "1985-03-12")


@pytest.mark.parametrize(
    "candidate",
    [
        Person("Mohamed", "Al Hasan", "1985-03-12"),  # misspelt
        Person("Muhammad", "Hassan", "1985-03-12"),
        Person("محمد", "الحسن", "1985-03-12"),  # Arabic script
        Person("Al-Hassan", "Mohammed", "1985-03-12"),  # given and family swapped
        Person("Mohammed", "Al-Hassan", "1985-03-21"),  # day and month digits mistyped
    ],
)
def test_variants_of_the_listed_person_match(candidate: Person) -> None:
    assert _dice(LISTED, candidate) >= THRESHOLD


@pytest.mark.parametrize(
    ("listed", "candidate"),
    [
        (Person("Иван", "Петров", "1975-11-02"), Person("Ivan", "Petrov", "1975-11-02")),
        (Person("Александр", "Иванов", "1969-01-31"), Person("Alexander", "Ivanov", "1969-01-31")),
        (Person("José", "García", "1980-05-17"), Person("Jose", "Garcia", "1980-05-17")),
        (Person("Zoë", "Müller", "1990-07-04"), Person("Zoe", "Mueller", "1990-07-04")),
    ],
)
def test_accents_and_cyrillic_match(listed: Person, candidate: Person) -> None:
    assert _dice(listed, candidate) >= THRESHOLD


@pytest.mark.parametrize(
    "stranger",
    [
        Person("Anna", "Schmidt", "1985-03-12"),
        Person("Omar", "Farouk", "1985-03-12"),
        Person("Peter", "Jones", "1985-03-12"),
        Person("Olga", "Smirnova", "1985-03-12"),
        Person("Mohammed", "Al-Hassan", "1962-09-30"),
    ],
)
def test_unrelated_people_with_the_same_birth_date_do_not_match(stranger: Person) -> None:
    assert _dice(LISTED, stranger) < THRESHOLD


def test_another_key_gives_an_unrelated_encoding() -> None:
    left = encoding.encode_bits(LISTED, KEY)
    right = encoding.encode_bits(LISTED, b"another-key-0123456789")
    assert encoding.dice(left, right) < 0.6


@pytest.mark.parametrize(
    ("person", "secret", "message"),
    [
        (Person("", "", "1985-03-12"), KEY, "no letters"),
        (Person("A", "B", "1985-02-30"), KEY, "not a real date"),
        (Person("A", "B", "12/03/1985"), KEY, "YYYY-MM-DD"),
        (LISTED, b"short", "at least 16"),
    ],
)
def test_refusals(person: Person, secret: bytes, message: str) -> None:
    with pytest.raises(EncodingError, match=message):
        encoding.encode(person, secret)


@pytest.mark.parametrize("text", ["not base64!", "YWJj"])
def test_decode_refuses(text: str) -> None:
    with pytest.raises(EncodingError):
        encoding.decode(text)


def test_schema_is_plain_data() -> None:
    schema = encoding.schema()
    assert all(len(char) == 1 for char in schema["transliteration"])
    assert sum(f["k"] for f in schema["features"]) > 0
    assert Path(encoding.SCHEMA_PATH).name == "encoding-schema.json"


def test_encode_command(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_bytes(KEY + b"\n")
    people = tmp_path / "people.csv"
    people.write_text(
        "reference,given_name,family_name,date_of_birth\n"
        "A1,José,García,1980-05-17\nA2,,,1980-05-17\nA3,Ana,Silva,1980-13-01\n"
        "A4,Иван,Петров,1975-11-02\n",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603 — our own command with fixed arguments
        [
            sys.executable,
            "-m",
            "tutela.manage",
            "screening_encode",
            "--key-file",
            str(key),
            str(people),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={
            "DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": "src",
            "TUTELA_VAR_DIR": str(tmp_path),
        },
    )
    assert done.returncode == 0, done.stderr
    assert "2 encoded, 2 rejected" in done.stdout
    assert "row 3: the name has no letters" in done.stderr
    assert "row 4: date of birth" in done.stderr
    lines = (tmp_path / "people.encoded.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "reference,encoding"
    assert lines[1] == "A1," + encoding.encode(Person("José", "García", "1980-05-17"), KEY)
    assert "José" not in "".join(lines)
