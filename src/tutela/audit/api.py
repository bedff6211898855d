"""The audit log over the API, for auditors and their tools."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja import Query

from tutela.accounts.api_auth import acting_user
from tutela.audit import selectors
from tutela.common.api import ERROR_RESPONSES, PageNumber

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, object]
    previous_hash: str
    hash: str


class AuditFilters(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


@router.get("/events", response={200: list[AuditEventOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def audit_event_list(request: HttpRequest, filters: Query[AuditFilters]) -> object:
    return selectors.audit_event_list(
        user=acting_user(request),
        filters=selectors.EventFilters(
            actor=filters.actor[:254],
            action=filters.action[:80],
            object_type=filters.object_type[:80],
            object_id=filters.object_id[:64],
            since=filters.since,
            until=filters.until,
        ),
    )
