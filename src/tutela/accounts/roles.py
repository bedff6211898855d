"""The roles of DESIGN §1 and the kind of scope each is held over."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    VIEWER = "viewer", _("Viewer")
    GROUP_MEMBER = "group_member", _("Group member")
    RISK_OFFICER = "risk_officer", _("Risk officer")
    CONDUCT_REVIEWER = "conduct_reviewer", _("Conduct reviewer")
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    INVESTIGATOR = "investigator", _("Investigator")
    SUPPORT_OFFICER = "support_officer", _("Support officer")
    CUSTODIAN = "custodian", _("Custodian")
    SCREENING_OFFICER = "screening_officer", _("Screening officer")
    HUMAN_RIGHTS_OFFICER = "human_rights_officer", _("Human rights officer")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeKind(models.TextChoices):
    PLATFORM = "platform", _("Platform")
    ORGANIZATION = "organization", _("Organization")
    UNIT = "unit", _("Unit")
    BODY = "body", _("Body")
    GROUP = "group", _("Group")
    COUNTRY = "country", _("Country")


SCOPE_OF_ROLE: dict[Role, ScopeKind] = {
    Role.SECRETARIAT: ScopeKind.BODY,
    Role.FOCAL_POINT: ScopeKind.ORGANIZATION,
    Role.VIEWER: ScopeKind.ORGANIZATION,
    Role.GROUP_MEMBER: ScopeKind.GROUP,
    Role.RISK_OFFICER: ScopeKind.UNIT,
    Role.CONDUCT_REVIEWER: ScopeKind.BODY,
    # Case handlers hold their role for an organization's caseload; the cases module
    # then narrows what they see to the cases they are assigned.
    Role.INTAKE_OFFICER: ScopeKind.ORGANIZATION,
    Role.INVESTIGATOR: ScopeKind.ORGANIZATION,
    Role.SUPPORT_OFFICER: ScopeKind.ORGANIZATION,
    Role.CUSTODIAN: ScopeKind.ORGANIZATION,
    Role.SCREENING_OFFICER: ScopeKind.ORGANIZATION,
    Role.HUMAN_RIGHTS_OFFICER: ScopeKind.COUNTRY,
    Role.ANALYST: ScopeKind.COUNTRY,
    Role.AUDITOR: ScopeKind.PLATFORM,
    Role.ADMINISTRATOR: ScopeKind.PLATFORM,
}
