"""The audit log over the API, for auditors and their tools."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tutela.accounts.api_auth import acting_user
from tutela.audit import selectors
from tutela.common.api import ERROR_RESPONSES, NO_NUL, PageNumber

API_PREFIX = "/audit"
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
    actor: str = Field("", max_length=254, pattern=NO_NUL)
    action: str = Field("", max_length=80, pattern=NO_NUL)
    object_type: str = Field("", max_length=80, pattern=NO_NUL)
    object_id: str = Field("", max_length=64, pattern=NO_NUL)
    since: date | None = None
    until: date | None = None


@router.get("/events", response={200: list[AuditEventOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def audit_event_list(request: HttpRequest, filters: Query[AuditFilters]) -> object:
    return selectors.audit_event_list(
        user=acting_user(request),
        filters=selectors.EventFilters(
            actor=filters.actor,
            action=filters.action,
            object_type=filters.object_type,
            object_id=filters.object_id,
            since=filters.since,
            until=filters.until,
        ),
    )
