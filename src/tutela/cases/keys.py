"""The key hierarchy of the reporting channel (see docs/threat-model.md).

    server key ring (settings, `tutela.common.crypto`)
      └─ organization case key      (one per organization, wrapped by the "field" ring)
           └─ report data key       (one per report: content, messages, attachments, notes)
      └─ organization identity key  (one per organization, wrapped by the "identity" ring)
           └─ report identity key   (one per named report: the reporter's identity only)
                └─ disclosure grant (the report identity key re-wrapped for one handler,
                                     written only when a custodian approves)

Every ciphertext is AES-256-GCM with a fresh 96-bit nonce; its associated data names the
report and the column, so a value cannot be moved to another report or field. Destroying a
report's wrapped keys makes every ciphertext of it unreadable (crypto-shredding).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


class SealError(ValueError):
    """A wrapped key or ciphertext could not be opened (wrong key, tampered, destroyed)."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal(key: bytes, plaintext: bytes, *, context: str) -> bytes:
    """AES-GCM with a fresh nonce; `context` is bound as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def open_sealed(key: bytes, sealed: bytes, *, context: str) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as error:
        raise SealError("The value failed its integrity check.") from error


def seal_text(key: bytes, plaintext: str, *, context: str) -> str:
    return base64.b64encode(seal(key, plaintext.encode(), context=context)).decode()


def open_text(key: bytes, sealed: str, *, context: str) -> str:
    return open_sealed(key, base64.b64decode(sealed), context=context).decode()


# --- organization keys, wrapped by the server key ring ------------------------------------
# The encrypted model field does the wrapping (so key rotation re-wraps them); the plaintext
# names the organization and purpose, so a wrapped key cannot be moved to another one.


def organization_key_text(key: bytes, *, organization_id: int, purpose: str) -> str:
    return f"{organization_id}:{purpose}:{base64.b64encode(key).decode()}"


def organization_key_bytes(text: str | None, *, organization_id: int, purpose: str) -> bytes:
    owner, _, rest = (text or "").partition(":")
    stated_purpose, _, encoded = rest.partition(":")
    if owner != str(organization_id) or stated_purpose != purpose or not encoded:
        raise SealError("The organization key does not belong here.")
    return base64.b64decode(encoded)


# --- report keys, wrapped by an organization key -------------------------------------------


def wrap_key(wrapping_key: bytes, key: bytes, *, context: str) -> str:
    return base64.b64encode(seal(wrapping_key, key, context=f"wrap:{context}")).decode()


def unwrap_key(wrapping_key: bytes, wrapped: str, *, context: str) -> bytes:
    if not wrapped:
        raise SealError("The key was destroyed.")
    return open_sealed(wrapping_key, base64.b64decode(wrapped), context=f"wrap:{context}")


@dataclass(frozen=True)
class ReportBox:
    """A report's data key in memory, with the report's public id that every value binds."""

    key: bytes
    report_uid: str

    def seal(self, plaintext: str, *, field: str) -> str:
        return seal_text(self.key, plaintext, context=f"{self.report_uid}:{field}")

    def open(self, sealed: str, *, field: str) -> str:
        return open_text(self.key, sealed, context=f"{self.report_uid}:{field}")

    def seal_bytes(self, plaintext: bytes, *, field: str) -> bytes:
        return seal(self.key, plaintext, context=f"{self.report_uid}:{field}")

    def open_bytes(self, sealed: bytes, *, field: str) -> bytes:
        return open_sealed(self.key, sealed, context=f"{self.report_uid}:{field}")
