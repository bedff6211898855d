"""The reporting channel's subjects for the authorization matrix: on each side a named
report with an attachment, and an approved identity disclosure. On the own side the case is
handled by world.users["investigator"], supported by world.users["support_officer"], and the
disclosure was requested by the investigator and approved by world.users["custodian"]."""

from __future__ import annotations

from typing import Any

from tests.support.cases_factories import assign, submit_report
from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.cases import services
from tutela.cases.models import Assignment

PARAMETERS = {
    "case_id": "case",
    "case_attachment_id": "case_attachment",
    "case_disclosure_id": "case_disclosure",
}

API_BODIES = {
    "case_message_send": lambda report: {"body": "Matrix message.", "kind": "message"},
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _disclosure(report: Any, handler: Any, custodian: Any) -> Any:
    request = services.disclosure_request(
        actor=handler, report=report, reason="The investigation must interview the reporter."
    )
    return services.disclosure_decide(
        actor=custodian, request=request, approve=True, reason="Needed and proportionate."
    )


def add_subjects(side: Any) -> None:
    submission = submit_report(
        side.organization,
        contact=services.ReporterContact(name=f"Reporter of {side.organization.acronym}"),
        uploads=[services.Upload(name="photo.png", data=PNG)],
    )
    report = submission.report
    side.subjects["case"] = report
    side.subjects["case_attachment"] = report.attachments.get()
    if side.country != "CD":
        handler = user_with_role(Role.INVESTIGATOR, organization=side.organization)
        custodian = user_with_role(Role.CUSTODIAN, organization=side.organization)
        assign(report, handler)
        side.subjects["case_disclosure"] = _disclosure(report, handler, custodian)


def bind_users(world: Any) -> None:
    report = world.own.subjects["case"]
    investigator = world.users["investigator"]
    assign(report, investigator)
    assign(report, world.users["support_officer"], Assignment.Kind.SUPPORT)
    world.own.subjects["case_disclosure"] = _disclosure(
        report, investigator, world.users["custodian"]
    )
