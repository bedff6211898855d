"""The JSON API at /api/v1/: one NinjaAPI that mounts every app's router.

Errors always have the shape `{"code", "message", "details"}`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.views import openapi_view
from ninja.operation import Operation
from ninja.throttling import AnonRateThrottle

from tutela.accounts.api_auth import API_AUTH
from tutela.common.api import ErrorOut
from tutela.common.registry import app_modules


class TutelaDocs(Swagger):
    """Swagger UI in Tutela's own page: language set, a main landmark, readable contrast."""

    template = "web/api_docs.html"


class PseudonymousAnonThrottle(AnonRateThrottle):
    """The API-wide limit on requests without a token, counted per caller without keeping the
    caller's address: the cache holds a keyed hash of it that changes every day (people who
    report misconduct or violations may reach the API; their addresses are nobody's record)."""

    def get_ident(self, request: HttpRequest) -> str | None:
        address = super().get_ident(request)
        if address is None:
            return None
        day = timezone.now().date().isoformat()
        return salted_hmac(f"tutela.api-throttle.{day}", address, algorithm="sha256").hexdigest()


class TutelaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Operation ids are the view functions' names: they key the access-rule registry.
        return operation.view_func.__name__


api = TutelaAPI(
    title="Tutela API",
    version="1",
    description=(
        "Duty of care, conduct and human-rights information for the UN system. "
        "Authenticate with a personal API token (`Authorization: Bearer tut_…`, created on "
        "the web page *API tokens*) or the browser session with its CSRF token."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    docs_url=None,
    # Without deep links Swagger UI puts no link inside each operation's toggle button.
    docs=TutelaDocs(settings={"deepLinking": False}),
    throttle=[PseudonymousAnonThrottle("300/m")],
)


def error(code: str, message: str, status: int, details: Any = None) -> HttpResponse:
    return JsonResponse({"code": code, "message": message, "details": details}, status=status)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error("invalid_request", "The request is not valid.", 422, exc.errors)


@api.exception_handler(DjangoValidationError)
def rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error("rejected", "The change was rejected.", 400, details)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error("not_authenticated", "Sign in or send a valid API token.", 401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error("forbidden", "You may not do this.", 403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error("not_found", "Not found.", 404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja wraps a body it cannot parse in a 400; it is a malformed request: 422.
        return error(
            "invalid_request", "The request body is not valid JSON.", 422, str(exc.__cause__)
        )
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "too_many_requests",
    }
    return error(codes.get(exc.status_code, "error"), str(exc), exc.status_code)


class HealthOut(Schema):
    status: str
    database: str


@api.get("/health", auth=None, response={200: HealthOut, 503: ErrorOut}, tags=["platform"])
def health(request: HttpRequest) -> Any:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return 503, {"code": "database_unavailable", "message": "The database does not answer."}
    return {"status": "ok", "database": connection.vendor}


for module in app_modules("api", providing="router"):
    api.add_router(module.API_PREFIX, module.router)


def api_docs(request: HttpRequest) -> HttpResponse:
    return openapi_view(request, api)


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error("not_found", "No API endpoint at this address.", 404)
