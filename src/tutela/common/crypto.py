"""AES-GCM field encryption with key ids, so keys can rotate without losing old values.

A stored value reads `v1:<key id>:<urlsafe base64 of nonce + ciphertext>`; the key ring
(`field` or `identity`) names which settings the key comes from, and the associated data
binds the ciphertext to its column so it cannot be pasted into another field.
"""

from __future__ import annotations

import base64
import os
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

KeyRing = Literal["field", "identity"]
PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A stored value could not be decrypted (unknown key id or tampered data)."""


def keys_of(ring: KeyRing) -> dict[str, bytes]:
    keys: dict[str, bytes] = (
        settings.TUTELA_IDENTITY_KEYS if ring == "identity" else settings.TUTELA_FIELD_KEYS
    )
    return keys


def current_key_id(ring: KeyRing) -> str:
    return next(iter(keys_of(ring)))


def encrypt(plaintext: str, *, ring: KeyRing, context: str) -> str:
    key_id = current_key_id(ring)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys_of(ring)[key_id]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("Not an encrypted Tutela value.")
    return parts[1]


def decrypt(stored: str, *, ring: KeyRing, context: str) -> str:
    key_id = key_id_of(stored)
    key = keys_of(ring).get(key_id)
    if key is None:
        raise DecryptionError(f"No key with id {key_id!r} in the {ring} key ring.")
    raw = base64.urlsafe_b64decode(stored.split(":", 2)[2].encode())
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except InvalidTag as error:
        raise DecryptionError("Encrypted value failed its integrity check.") from error
