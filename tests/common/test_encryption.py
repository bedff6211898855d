"""Field encryption: values are ciphertext at rest, bound to their column, and keys rotate."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.support.encrypted_sample.models import Sample
from tutela.audit.models import AuditEvent
from tutela.common import crypto
from tutela.common.key_rotation import keys_rotate

pytestmark = pytest.mark.django_db


def _key() -> bytes:
    return os.urandom(32)


def _stored(sample: Sample, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM encrypted_sample_sample WHERE id = %s", [sample.pk])  # noqa: S608
        value: str = cursor.fetchone()[0]
    return value


def test_values_are_encrypted_at_rest_and_read_back() -> None:
    sample = Sample.objects.create(
        narrative="She reported it on 3 May.", identity="Jane Doe", details={"age": 31}
    )
    stored = _stored(sample, "narrative")
    assert stored.startswith("v1:")
    assert "reported" not in stored
    again = Sample.objects.get(pk=sample.pk)
    assert again.narrative == "She reported it on 3 May."
    assert again.identity == "Jane Doe"
    assert again.details == {"age": 31}


def test_same_plaintext_encrypts_differently_each_time() -> None:
    first = Sample.objects.create(narrative="same words")
    second = Sample.objects.create(narrative="same words")
    assert _stored(first, "narrative") != _stored(second, "narrative")


def test_identity_uses_its_own_key_ring() -> None:
    sample = Sample.objects.create(identity="Jane Doe")
    identity_key = crypto.key_id_of(_stored(sample, "identity"))
    assert identity_key in crypto.keys_of("identity")
    assert identity_key not in crypto.keys_of("field")


def test_ciphertext_moved_to_another_column_does_not_decrypt() -> None:
    sample = Sample.objects.create(narrative="secret")
    stolen = _stored(sample, "narrative")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stolen, ring="field", context="encrypted_sample.sample.details")


def test_tampered_ciphertext_is_refused() -> None:
    sealed = crypto.encrypt("secret", ring="field", context="x")
    prefix, key_id, body = sealed.split(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    tampered = f"{prefix}:{key_id}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(crypto.DecryptionError, match="integrity"):
        crypto.decrypt(tampered, ring="field", context="x")


def test_rotate_keys_rewrites_old_values_under_the_new_key() -> None:
    old_field, new_field = {"old": _key()}, {"new": _key()}
    old_identity = {"iold": _key()}
    with override_settings(TUTELA_FIELD_KEYS=old_field, TUTELA_IDENTITY_KEYS=old_identity):
        sample = Sample.objects.create(narrative="kept", identity="Jane", details=[1, 2])
    assert crypto.key_id_of(_stored(sample, "narrative")) == "old"
    with override_settings(
        TUTELA_FIELD_KEYS={**new_field, **old_field}, TUTELA_IDENTITY_KEYS=old_identity
    ):
        rotated = {(column.field, column.rewritten) for column in keys_rotate()}
        assert ("narrative", 1) in rotated
        assert ("details", 1) in rotated
        assert ("identity", 0) in rotated
        assert crypto.key_id_of(_stored(sample, "narrative")) == "new"
        call_command("rotate_keys")  # idempotent: nothing left to rewrite
    with override_settings(TUTELA_FIELD_KEYS=new_field, TUTELA_IDENTITY_KEYS=old_identity):
        again = Sample.objects.get(pk=sample.pk)
        assert (again.narrative, again.details) == ("kept", [1, 2])
    assert AuditEvent.objects.filter(action="encryption.rotate").count() == 2


def test_unknown_key_id_is_a_clear_error() -> None:
    sealed = crypto.encrypt("secret", ring="field", context="x")
    with (
        override_settings(TUTELA_FIELD_KEYS={"other": _key()}),
        pytest.raises(crypto.DecryptionError, match="No key with id"),
    ):
        crypto.decrypt(sealed, ring="field", context="x")
