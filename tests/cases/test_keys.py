"""The key hierarchy: what the database holds is ciphertext bound to its report and field."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.support.cases_factories import submit_report
from tests.support.factories import OrganizationFactory
from tutela.cases import keys, services
from tutela.cases.models import CaseKey, Report, ReporterIdentity

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_a_value_opens_only_with_its_key_and_context() -> None:
    key = keys.new_key()
    sealed = keys.seal_text(key, "secret words", context="r1:answers")
    assert keys.open_text(key, sealed, context="r1:answers") == "secret words"
    with pytest.raises(keys.SealError):
        keys.open_text(key, sealed, context="r2:answers")
    with pytest.raises(keys.SealError):
        keys.open_text(keys.new_key(), sealed, context="r1:answers")


def test_report_content_and_identity_are_ciphertext_in_the_database() -> None:
    organization = OrganizationFactory()
    submission = submit_report(
        organization,
        what_happened="The country director touched me without consent.",
        contact=services.ReporterContact(name="Amina Reporter", email="amina@example.org"),
    )
    report = submission.report
    answers = _raw("cases_report", "answers", report.pk)
    assert "country director" not in answers
    identity = ReporterIdentity.objects.get(report=report)
    raw_identity = _raw("cases_reporteridentity", "sealed", identity.pk)
    assert "Amina" not in raw_identity
    assert "amina@" not in raw_identity
    # The receipt is stored as an Argon2id hash of its secret part only.
    assert report.receipt_hash.startswith("$argon2id$")
    assert submission.receipt.replace("-", "")[6:] not in _raw(
        "cases_report", "receipt_hash", report.pk
    )


def test_each_report_has_its_own_data_key_under_one_organization_key() -> None:
    organization = OrganizationFactory()
    first = submit_report(organization).report
    second = submit_report(organization).report
    assert first.case_key_id == second.case_key_id
    assert CaseKey.objects.filter(organization=organization).count() == 1
    assert services.report_box(first).key != services.report_box(second).key
    # A value copied from one report into another does not open there.
    Report.objects.filter(pk=second.pk).update(answers=first.answers)
    second.refresh_from_db()
    with pytest.raises(keys.SealError):
        services.report_box(second).open(second.answers, field="answers")


def test_the_identity_key_is_not_the_content_key() -> None:
    organization = OrganizationFactory()
    report = submit_report(
        organization, contact=services.ReporterContact(name="Named Person")
    ).report
    identity = ReporterIdentity.objects.get(report=report)
    assert identity.identity_key.purpose == CaseKey.Purpose.IDENTITY
    assert identity.identity_key_id != report.case_key_id
    # The content key cannot open the identity.
    with pytest.raises(keys.SealError):
        services.report_box(report).open(identity.sealed, field="identity")


def test_organization_keys_are_wrapped_by_the_server_key_ring_and_rotate() -> None:
    from tutela.common.key_rotation import encrypted_columns

    organization = OrganizationFactory()
    report = submit_report(organization).report
    stored = _raw("cases_casekey", "wrapped_content", report.case_key_id)
    assert stored.startswith("v1:")
    rotated = {(model.__name__, field.name) for model, field in encrypted_columns()}
    assert {("CaseKey", "wrapped_content"), ("CaseKey", "wrapped_identity")} <= rotated


def test_rotating_the_server_keys_rewraps_organization_keys_and_reports_still_open() -> None:
    import json
    import os

    from django.test import override_settings

    from tutela.common.key_rotation import keys_rotate

    def key() -> bytes:
        return os.urandom(32)

    old_field, new_field, old_identity, new_identity = (
        {"old": key()},
        {"new": key()},
        {"iold": key()},
        {"inew": key()},
    )
    with override_settings(TUTELA_FIELD_KEYS=old_field, TUTELA_IDENTITY_KEYS=old_identity):
        report = submit_report(
            OrganizationFactory(),
            what_happened="Kept through rotation.",
            contact=services.ReporterContact(name="Rotated Name"),
        ).report
    with override_settings(
        TUTELA_FIELD_KEYS={**new_field, **old_field},
        TUTELA_IDENTITY_KEYS={**new_identity, **old_identity},
    ):
        keys_rotate()
    with override_settings(TUTELA_FIELD_KEYS=new_field, TUTELA_IDENTITY_KEYS=new_identity):
        fresh = Report.objects.select_related("case_key").get(pk=report.pk)
        answers = json.loads(services.report_box(fresh).open(fresh.answers, field="answers"))
        assert answers["what_happened"] == "Kept through rotation."
        identity = ReporterIdentity.objects.select_related("identity_key").get(report=fresh)
        assert services.unwrap_case_key(identity.identity_key)
