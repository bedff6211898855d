"""The acting user's own account over the API."""

from django.http import HttpRequest
from ninja import Router, Schema

from tutela.accounts import selectors
from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES

API_PREFIX = "/"
router = Router(tags=["accounts"])


class MembershipOut(Schema):
    role: str
    scope_kind: str
    scope: str
    organization_id: int | None
    unit_id: int | None
    body_id: int | None
    group_id: int | None
    country: str

    @staticmethod
    def resolve_scope(obj: object) -> str:
        return str(obj.scope_label)  # type: ignore[attr-defined]


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES})
def me(request: HttpRequest) -> object:
    user = acting_user(request)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "memberships": list(selectors.my_memberships(user=user)),
    }
