"""Receipts, client tokens and proof-of-work tokens: the reporter's only credentials.

A receipt reads `ABCDEF-GHJK-MNPQ-RSTV-WXYZ-0123` in Crockford base32: the first group (30
bits) is a non-secret lookup id stored in clear with a unique index, the other five groups
(100 bits) are the secret, stored only as an Argon2id hash. A login reads one row by the
lookup id and verifies one hash: no scan over all receipts, and no deterministic hash that
would let a stolen database be searched for a guessed receipt.

Abuse is limited without any address: every submission carries a hashcash-style token
(a server-signed, time-limited challenge plus a nonce whose SHA-256 has N leading zero bits),
each challenge is accepted once, and failed receipt logins are counted per lookup id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
LOOKUP_CHARS = 6
SECRET_GROUPS = 5
GROUP_CHARS = 4
SECRET_BITS = SECRET_GROUPS * GROUP_CHARS * 5  # 100 bits of randomness in the secret part

# Argon2id, 8 MiB and one pass. The receipt's secret is 100 random bits: against a stolen
# database it is that entropy, not the hash's cost, that makes guessing hopeless (2^100
# guesses at any speed), so the cost is kept low enough for ≥ 20 submissions a second on two
# cores. Parameters live in each hash, so raising them later keeps old receipts valid.
HASHER = PasswordHasher(time_cost=1, memory_cost=8_192, parallelism=1)

FAILED_LOGINS_ALLOWED = 5
FAILED_LOGIN_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Receipt:
    lookup: str
    secret: str

    @property
    def text(self) -> str:
        groups = [self.secret[i : i + GROUP_CHARS] for i in range(0, len(self.secret), 4)]
        return "-".join([self.lookup, *groups])


def _random_chars(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def receipt_new() -> Receipt:
    return Receipt(
        lookup=_random_chars(LOOKUP_CHARS), secret=_random_chars(SECRET_GROUPS * GROUP_CHARS)
    )


def receipt_parse(text: str) -> Receipt | None:
    """Read what a reporter typed: case, spaces and dashes do not matter; O/I/L read as 0/1."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != LOOKUP_CHARS + SECRET_GROUPS * GROUP_CHARS:
        return None
    if any(char not in ALPHABET for char in cleaned):
        return None
    return Receipt(lookup=cleaned[:LOOKUP_CHARS], secret=cleaned[LOOKUP_CHARS:])


def receipt_hash(receipt: Receipt) -> str:
    return HASHER.hash(receipt.secret)


def receipt_verify(stored_hash: str, receipt: Receipt) -> bool:
    try:
        return HASHER.verify(stored_hash, receipt.secret)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify(receipt: Receipt) -> None:
    """Spend the same work on an unknown lookup id as on a known one."""
    receipt_verify(_DUMMY_HASH, receipt)


_DUMMY_HASH = HASHER.hash("dummy receipt secret")


def lookup_digest(lookup: str) -> str:
    """What the failed-sign-in counter stores instead of the lookup id itself."""
    return hashlib.sha256(f"tutela-cases-lookup:{lookup}".encode()).hexdigest()


# --- client tokens: idempotent retries ---------------------------------------------------


def client_token_digest(organization_id: int, client_token: str) -> str:
    return hashlib.sha256(f"{organization_id}:{client_token}".encode()).hexdigest()


def receipt_key_from_client_token(client_token: str) -> bytes:
    """The key under which a retry can read back the receipt it was first given.

    Only the SHA-256 digest of the client token is stored, so the copy is readable only by
    whoever holds the token (the reporter's app), and it is wiped at the first login.
    """
    return hashlib.sha256(b"tutela-cases-receipt-copy:" + client_token.encode()).digest()


# --- proof of work -----------------------------------------------------------------------


def pow_bits() -> int:
    """Leading zero bits a proof of work needs (16: about 65,000 hashes, a second in a
    browser, nothing for the server to check)."""
    configured = getattr(settings, "TUTELA_CASES_POW_BITS", None)
    return int(configured or os.environ.get("TUTELA_CASES_POW_BITS") or 16)


POW_LIFETIME_SECONDS = 30 * 60


def _sign(payload: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:16]).decode().rstrip("=")


def challenge_new() -> str:
    """`<bits>.<issued at>.<random>.<signature>`: stateless, verified by its signature."""
    payload = f"{pow_bits()}.{int(time.time())}.{secrets.token_urlsafe(12)}"
    return f"{payload}.{_sign(payload)}"


class ProofError(ValueError):
    pass


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def proof_check(challenge: str, nonce: str) -> str:
    """Check a solved challenge and return its digest (the caller records it as used)."""
    parts = challenge.split(".")
    if len(parts) != 4 or not hmac.compare_digest(_sign(".".join(parts[:3])), parts[3]):
        raise ProofError("The proof-of-work challenge is not one this server issued.")
    try:
        bits, issued = int(parts[0]), int(parts[1])
    except ValueError as error:
        raise ProofError("The proof-of-work challenge is malformed.") from error
    if bits < pow_bits():
        raise ProofError("The proof-of-work challenge is too easy.")
    if not 0 <= time.time() - issued <= POW_LIFETIME_SECONDS:
        raise ProofError("The proof-of-work challenge has expired; ask for a new one.")
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    if leading_zero_bits(digest) < bits:
        raise ProofError("The proof of work does not solve the challenge.")
    return hashlib.sha256(challenge.encode()).hexdigest()


def proof_solve(challenge: str) -> str:
    """What an app does (tests and the demo use it too): find a nonce by brute force."""
    bits = int(challenge.split(".")[0])
    counter = 0
    while True:
        nonce = str(counter)
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if leading_zero_bits(digest) >= bits:
            return nonce
        counter += 1
