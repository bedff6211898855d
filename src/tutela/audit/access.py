"""Only auditors read the audit log (administrators manage accounts, not the record of them)."""

from tutela.accounts.access import EndpointRule, declare, roles
from tutela.accounts.roles import Role

READERS = (Role.AUDITOR,)

declare(
    EndpointRule("audit:event_list", own=roles(*READERS)),
    EndpointRule("api:audit_event_list", own=roles(*READERS)),
)
