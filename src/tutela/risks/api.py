"""Risk matrices, registers, risks, mitigating actions, visits and quarterly reports over the
API."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.frameworks.models import Node
from tutela.risks import selectors, services
from tutela.risks.models import ActionStatus, Prong, RegisterKind, RiskFactor, Treatment

API_PREFIX = "/risks"
router = Router(tags=["risks"])

CODE = r"^[a-z0-9_-]*$"


class MatrixOut(Schema):
    id: int
    code: str
    version: int
    name: str
    description: str
    is_shipped: bool
    definition: dict[str, Any]


@router.get("/matrices", response={200: list[MatrixOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_matrix_list(request: HttpRequest) -> object:
    return selectors.matrix_list(user=acting_user(request))


@router.get("/matrices/{risk_matrix_id}", response={200: MatrixOut, **ERROR_RESPONSES})
def risk_matrix_detail(
    request: HttpRequest, risk_matrix_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.matrix_get(user=acting_user(request), matrix_id=risk_matrix_id)


class RegisterOut(Schema):
    id: int
    name: str
    kind: str
    organization: str
    unit_id: int | None
    unit: str | None
    matrix_id: int
    matrix: str
    description: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return str(obj.organization.acronym)

    @staticmethod
    def resolve_unit(obj: Any) -> str | None:
        return obj.unit.name if obj.unit_id else None

    @staticmethod
    def resolve_matrix(obj: Any) -> str:
        return f"{obj.matrix.code} v{obj.matrix.version}"


class RegisterFilters(Schema):
    kind: RegisterKind | None = None


@router.get("/registers", response={200: list[RegisterOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_register_list(request: HttpRequest, filters: Query[RegisterFilters]) -> object:
    return selectors.register_list(
        user=acting_user(request), kind=filters.kind.value if filters.kind else ""
    )


class RegisterIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    kind: RegisterKind
    matrix_id: int = Field(..., ge=1, le=MAX_ID)
    description: str = Field("", max_length=10_000, pattern=NO_NUL)
    template: str = Field("", max_length=60, pattern=CODE)


@router.post("/units/{unit_id}/registers", response={200: RegisterOut, **ERROR_RESPONSES})
def risk_register_create(
    request: HttpRequest, payload: RegisterIn, unit_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    unit = selectors.unit_for_keeping(user=user, unit_id=unit_id)
    matrix = selectors.matrices_for_new_register(user=user).filter(pk=payload.matrix_id).first()
    if matrix is None:
        raise ValidationError({"matrix_id": ["Choose the newest version of a matrix."]})
    return services.register_create(
        actor=user,
        name=payload.name,
        kind=payload.kind.value,
        organization=unit.organization,
        unit=unit,
        matrix=matrix,
        description=payload.description,
        template=payload.template,
    )


@router.get("/registers/{risk_register_id}", response={200: RegisterOut, **ERROR_RESPONSES})
def risk_register_detail(
    request: HttpRequest, risk_register_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.register_get(user=acting_user(request), register_id=risk_register_id)


class RiskOut(Schema):
    id: int
    register_id: int
    number: int
    title: str
    description: str
    category: str
    prong: str
    sources: str
    owner_id: int | None
    inherent_likelihood: str
    inherent_impact: str
    inherent_level: str
    residual_likelihood: str
    residual_impact: str
    residual_level: str
    treatment: str
    rationale: str
    accepted_by: str
    acceptance_review_on: datetime.date | None
    is_closed: bool
    factors: list[str]
    framework_node_ids: list[int]

    @staticmethod
    def resolve_factors(obj: Any) -> list[str]:
        return [factor.code for factor in obj.factors.all()]

    @staticmethod
    def resolve_framework_node_ids(obj: Any) -> list[int]:
        return [node.pk for node in obj.framework_nodes.all()]


@router.get("/registers/{risk_register_id}/risks", response={200: list[RiskOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_list(request: HttpRequest, risk_register_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.risk_list(user=acting_user(request), register_id=risk_register_id)


class RiskIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, pattern=NO_NUL)
    description: str = Field("", max_length=20_000, pattern=NO_NUL)
    category: str = Field("", max_length=100, pattern=NO_NUL)
    prong: Prong
    sources: str = Field("", max_length=10_000, pattern=NO_NUL)
    inherent_likelihood: str = Field(..., max_length=40, pattern=CODE)
    inherent_impact: str = Field(..., max_length=40, pattern=CODE)
    residual_likelihood: str = Field(..., max_length=40, pattern=CODE)
    residual_impact: str = Field(..., max_length=40, pattern=CODE)
    treatment: Treatment
    rationale: str = Field("", max_length=10_000, pattern=NO_NUL)
    accepted_by: str = Field("", max_length=200, pattern=NO_NUL)
    acceptance_review_on: datetime.date | None = None
    is_closed: bool = False
    factors: list[str] = Field(default_factory=list, max_length=100)
    framework_node_ids: list[int] = Field(default_factory=list, max_length=100)


def _links(user: Any, payload: RiskIn) -> tuple[list[RiskFactor], list[Node]]:
    factors = list(selectors.factor_list(user=user).filter(code__in=payload.factors))
    if len(factors) != len(set(payload.factors)):
        raise ValidationError({"factors": ["Name risk factors of the library by their code."]})
    wanted = {pk for pk in payload.framework_node_ids if 1 <= pk <= MAX_ID}
    nodes = list(selectors.linkable_nodes(user=user).filter(pk__in=wanted))
    if len(nodes) != len(set(payload.framework_node_ids)):
        raise ValidationError(
            {"framework_node_ids": ["Link nodes of published principles or strategies."]}
        )
    return factors, nodes


def _risk_values(payload: RiskIn) -> dict[str, Any]:
    values = payload.dict(exclude={"factors", "framework_node_ids", "is_closed"})
    values["prong"] = payload.prong.value
    values["treatment"] = payload.treatment.value
    return values


@router.post("/registers/{risk_register_id}/risks", response={200: RiskOut, **ERROR_RESPONSES})
def risk_create(
    request: HttpRequest, payload: RiskIn, risk_register_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    register = selectors.register_for_keeping(user=user, register_id=risk_register_id)
    factors, nodes = _links(user, payload)
    return services.risk_create(
        actor=user,
        register=register,
        factors=factors,
        framework_nodes=nodes,
        **_risk_values(payload),
    )


@router.get("/risks/{risk_id}", response={200: RiskOut, **ERROR_RESPONSES})
def risk_detail(request: HttpRequest, risk_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    return selectors.risk_get(user=acting_user(request), risk_id=risk_id)


@router.put("/risks/{risk_id}", response={200: RiskOut, **ERROR_RESPONSES})
def risk_update(
    request: HttpRequest, payload: RiskIn, risk_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    risk = selectors.risk_for_keeping(user=user, risk_id=risk_id)
    factors, nodes = _links(user, payload)
    return services.risk_update(
        actor=user,
        risk=risk,
        factors=factors,
        framework_nodes=nodes,
        is_closed=payload.is_closed,
        **_risk_values(payload),
    )


class ActionOut(Schema):
    id: int
    risk_id: int
    title: str
    owner_id: int | None
    due_on: datetime.date | None
    status: str
    evidence: str
    done_on: datetime.date | None
    raised_by_visit_id: int | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue)


class ActionFilters(Schema):
    overdue: bool | None = None
    mine: bool = False


@router.get("/actions", response={200: list[ActionOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_action_list(request: HttpRequest, filters: Query[ActionFilters]) -> object:
    return selectors.action_list(
        user=acting_user(request), overdue=filters.overdue, mine=filters.mine
    )


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, pattern=NO_NUL)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    due_on: datetime.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    evidence: str = Field("", max_length=20_000, pattern=NO_NUL)


def _owner(register: Any, owner_id: int | None) -> Any:
    if owner_id is None:
        return None
    owner = selectors.assignable_people(register=register).filter(pk=owner_id).first()
    if owner is None:
        raise ValidationError(
            {"owner_id": ["The owner must hold a role in the register's unit or organization."]}
        )
    return owner


@router.post("/risks/{risk_id}/actions", response={200: ActionOut, **ERROR_RESPONSES})
def risk_action_create(
    request: HttpRequest, payload: ActionIn, risk_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    risk = selectors.risk_for_keeping(user=user, risk_id=risk_id)
    return services.action_create(
        actor=user,
        risk=risk,
        title=payload.title,
        owner=_owner(risk.register, payload.owner_id),
        due_on=payload.due_on,
        status=payload.status.value,
        evidence=payload.evidence,
    )


@router.post("/actions/{risk_action_id}", response={200: ActionOut, **ERROR_RESPONSES})
def risk_action_update(
    request: HttpRequest, payload: ActionIn, risk_action_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    action = selectors.action_for_keeping(user=user, action_id=risk_action_id)
    return services.action_update(
        actor=user,
        action=action,
        title=payload.title,
        owner=_owner(action.risk.register, payload.owner_id),
        due_on=payload.due_on,
        status=payload.status.value,
        evidence=payload.evidence,
    )


class VisitOut(Schema):
    id: int
    unit_id: int
    kind: str
    visited_on: datetime.date
    location: str
    team: str
    findings: str
    follows_id: int | None
    outcomes: dict[str, str]
    risk_ids: list[int]
    action_ids: list[int]

    @staticmethod
    def resolve_risk_ids(obj: Any) -> list[int]:
        return [risk.pk for risk in obj.risks.all()]

    @staticmethod
    def resolve_action_ids(obj: Any) -> list[int]:
        return [action.pk for action in obj.actions_raised.all()]


@router.get("/visits", response={200: list[VisitOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_visit_list(request: HttpRequest) -> object:
    return selectors.visit_list(user=acting_user(request)).prefetch_related(
        "risks", "actions_raised"
    )


@router.get("/visits/{risk_visit_id}", response={200: VisitOut, **ERROR_RESPONSES})
def risk_visit_detail(
    request: HttpRequest, risk_visit_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.visit_get(user=acting_user(request), visit_id=risk_visit_id)


class ReportOut(Schema):
    id: int
    unit_id: int
    year: int
    quarter: int
    receiving_body: str
    status: str
    generated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    snapshot_sha256: str
    summary: dict[str, Any]

    @staticmethod
    def resolve_receiving_body(obj: Any) -> str:
        return str(obj.receiving_body.acronym)


class ReportDetailOut(ReportOut):
    narrative: str
    snapshot: dict[str, Any]


@router.get("/reports", response={200: list[ReportOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_report_list(request: HttpRequest) -> object:
    return selectors.report_list(user=acting_user(request))


@router.get("/reports/{risk_report_id}", response={200: ReportDetailOut, **ERROR_RESPONSES})
def risk_report_detail(
    request: HttpRequest, risk_report_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    return selectors.report_get(user=acting_user(request), report_id=risk_report_id)


class HealthAssessmentOut(Schema):
    id: int
    unit_id: int
    assessed_on: datetime.date
    assessor: str
    ratings: dict[str, str]
    indicator: str
    notes: str


@router.get("/health-assessments", response={200: list[HealthAssessmentOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def risk_health_assessment_list(request: HttpRequest) -> object:
    return selectors.health_assessment_queryset(user=acting_user(request)).order_by(
        "-assessed_on", "-pk"
    )
