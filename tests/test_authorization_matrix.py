"""Every endpoint declares its access rule; every role is checked against it.

The test enumerates the URL patterns and the API operations itself: an endpoint without a
declared rule fails. For each rule it signs in every role (holding its role on the "own" side
of the world) and asks for an own object and a foreign one; whoever the rule does not name
gets the same 404 as for a missing object (403 where the endpoint has no object).
"""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.clients import signed_in
from tests.support.factories import (
    BodyFactory,
    GroupFactory,
    OrganizationFactory,
    UnitFactory,
    user_with_role,
)
from tests.support.frameworks_factories import FrameworkFactory, StatusScaleFactory, node_in
from tests.support.meetings_factories import add_matrix_meetings
from tests.support.monitoring_factories import add_matrix_monitoring
from tutela.accounts.access import ANYONE, NOBODY, RULES, SIGNED_IN, Audience, EndpointRule
from tutela.accounts.models import ApiToken, User
from tutela.accounts.roles import SCOPE_OF_ROLE, Role, ScopeKind
from tutela.accounts.services import api_token_create
from tutela.config.api import api
from tutela.frameworks.models import StatusLevel, StatusScale

# A path parameter names the kind of object it carries.
SUBJECT_OF_PARAMETER = {
    "organization_id": "organization",
    "unit_id": "unit",
    "body_id": "body",
    "group_id": "group",
    "token_id": "api_token",
    "framework_id": "framework",
    "draft_id": "draft_framework",
    "node_id": "node",
    "draft_node_id": "draft_node",
    "scale_id": "scale",
    "scale_level_id": "scale_level",
    "meeting_id": "meeting",
    "meeting_document_id": "meeting_document",
    "follow_up_id": "follow_up",
    "cycle_id": "cycle",
    "report_id": "status_report",
    "evidence_id": "evidence_file",
}


def _matrix_plugins() -> list[ModuleType]:
    """Each module tests/support/matrix_<app>.py adds its app's subjects to the world.

    A plugin defines PARAMETERS (path parameter -> subject kind), add_subjects(side) that
    puts its subjects in side.subjects, and may define API_BODIES (operation id -> body
    builder) and bind_users(world) for subjects that depend on who is signed in.
    """
    folder = Path(__file__).parent / "support"
    return [
        importlib.import_module(f"tests.support.{path.stem}")
        for path in sorted(folder.glob("matrix_*.py"))
    ]


PLUGINS = _matrix_plugins()
for _plugin in PLUGINS:
    SUBJECT_OF_PARAMETER.update(_plugin.PARAMETERS)

# URL namespaces tested elsewhere: the admin (tests/accounts/test_admin.py) and the ninja
# operations, which are enumerated from the OpenAPI schema below.
SEPARATELY_TESTED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class WebEndpoint:
    name: str
    parameters: tuple[str, ...]


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[WebEndpoint]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield WebEndpoint(f"{namespace}{entry.name}", tuple(entry.pattern.converters))


def web_endpoints() -> list[WebEndpoint]:
    operation_ids = {name for name, _, _ in api_operations()}
    found = []
    for endpoint in _walk(get_resolver().url_patterns):
        namespace, _, name = endpoint.name.rpartition(":")
        if namespace in SEPARATELY_TESTED_NAMESPACES:
            continue
        if namespace == "api" and name in operation_ids | _ninja_operation_url_names():
            continue
        found.append(endpoint)
    return sorted(found, key=lambda endpoint: endpoint.name)


def _ninja_operation_url_names() -> set[str]:
    return {
        pattern.name
        for pattern in api.urls[0]
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name != "openapi-json"
    }


def api_operations() -> list[tuple[str, str, str]]:
    """(operation id, method, path) for every operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return sorted(
        (operation["operationId"], method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    )


def test_every_endpoint_declares_an_access_rule() -> None:
    declared = set(RULES)
    web = {endpoint.name for endpoint in web_endpoints()}
    operations = {f"api:{operation_id}" for operation_id, _, _ in api_operations()}
    missing = sorted((web | operations) - declared)
    assert not missing, f"Endpoints without an access rule: {missing}"
    stale = sorted(declared - web - operations)
    assert not stale, f"Rules for endpoints that no longer exist: {stale}"


def test_rules_name_the_subject_their_path_carries() -> None:
    for endpoint in web_endpoints():
        subjects = {SUBJECT_OF_PARAMETER[p] for p in endpoint.parameters}
        assert subjects == ({RULES[endpoint.name].subject} - {None}), endpoint.name
    for operation_id, _, path in api_operations():
        parameters = {part.strip("{}") for part in path.split("/") if part.startswith("{")}
        subjects = {SUBJECT_OF_PARAMETER[p] for p in parameters}
        rule = RULES[f"api:{operation_id}"]
        if subjects:
            assert subjects == {rule.subject}, operation_id


# --- the world: an own side and a foreign side -------------------------------------------------


@dataclass
class Side:
    organization: Any
    unit: Any
    body: Any
    group: Any
    # Frameworks owned by the side's body: published (and a node of it), a draft (and a node).
    framework: Any = None
    node: Any = None
    draft_framework: Any = None
    draft_node: Any = None
    scale: Any = None
    # A meeting of the side's body, a document of it, a follow-up owned by the organization.
    meeting: Any = None
    meeting_document: Any = None
    follow_up: Any = None
    # An open reporting cycle of the side's body in which its organization reports, a draft
    # status report of that organization, and an evidence file of it.
    cycle: Any = None
    status_report: Any = None
    evidence_file: Any = None
    # The country a human rights officer or analyst of the side holds, and the subjects the
    # matrix plugins add, by kind.
    country: str = ""
    subjects: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    own: Side
    foreign: Side
    users: dict[str, User]

    def subject(self, kind: str, *, own: bool, user: User | None) -> Any:
        if kind == "api_token":
            holder = user if own and user is not None else self.users["stranger"]
            return api_token_create(user=holder, name=f"matrix {uuid.uuid4()}").token
        side = self.own if own else self.foreign
        if kind in side.subjects:
            return side.subjects[kind]
        return getattr(side, kind)


def _side(tag: str, country: str) -> Side:
    organization = OrganizationFactory(acronym=f"{tag}-ORG")
    side = Side(
        organization=organization,
        unit=UnitFactory(organization=organization, country=country),
        body=BodyFactory(acronym=f"{tag}-BODY"),
        group=GroupFactory(code=f"{tag.lower()}-group"),
        country=country,
    )
    _add_frameworks(side)
    add_matrix_meetings(side)
    add_matrix_monitoring(side)
    for plugin in PLUGINS:
        plugin.add_subjects(side)
    return side


def _add_frameworks(side: Side) -> None:
    side.scale = StatusScaleFactory()
    # A level no status report names, so that deleting it is allowed.
    side.subjects["scale_level"] = StatusLevel.objects.create(
        scale=side.scale, code="X", label="Extra", colour="#ffffff", text_colour="#000000", order=99
    )
    side.framework = FrameworkFactory(owner_body=side.body, status_scale=side.scale)
    side.node = node_in(side.framework, ref_id="1.1")
    side.draft_framework = FrameworkFactory(
        owner_body=side.body, status_scale=side.scale, status="draft"
    )
    side.draft_node = node_in(side.draft_framework, ref_id="1.1")
    node_in(side.draft_framework, ref_id="1.2")


@pytest.fixture
def world(db: None) -> World:
    own, foreign = _side("OWN", "CD"), _side("FOREIGN", "SS")
    scope_of = {
        ScopeKind.ORGANIZATION: {"organization": own.organization},
        ScopeKind.UNIT: {"unit": own.unit},
        ScopeKind.BODY: {"body": own.body},
        ScopeKind.GROUP: {"group": own.group},
        ScopeKind.COUNTRY: {"country": "CD"},
        ScopeKind.PLATFORM: {},
    }
    users = {
        role.value: user_with_role(role, **scope_of[kind]) for role, kind in SCOPE_OF_ROLE.items()
    }
    users["stranger"] = user_with_role(Role.VIEWER, organization=foreign.organization)
    users["no_role"] = User.objects.create_user("nobody@example.org", "x" * 16, full_name="N")
    world = World(own=own, foreign=foreign, users=users)
    for plugin in PLUGINS:
        if hasattr(plugin, "bind_users"):
            plugin.bind_users(world)
    return world


ACTORS = ["anonymous", "no_role", *[role.value for role in Role]]


def _allowed(audience: Audience, actor: str) -> bool:
    if audience == ANYONE:
        return True
    if audience == NOBODY:
        return False
    if audience == SIGNED_IN:
        return actor != "anonymous"
    return actor in audience


def expected_status(rule: EndpointRule, actor: str, *, own: bool, api_call: bool) -> int:
    audience = rule.own if own or rule.subject is None else rule.foreign
    if _allowed(audience, actor):
        return rule.answers
    if actor == "anonymous":
        return 401 if api_call else 302
    return 404 if rule.subject else 403


def _web_url(endpoint: WebEndpoint, obj: Any) -> str:
    if endpoint.name == "api_not_found":
        return reverse(endpoint.name, kwargs={"rest": "no/such/endpoint"})
    if obj is None:
        return reverse(endpoint.name)
    return reverse(endpoint.name, kwargs=dict.fromkeys(endpoint.parameters, obj.pk))


API_BODIES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "unit_create": lambda organization: {
        "organization_id": organization.pk,
        "name": f"Field office {uuid.uuid4().hex[:8]}",
        "type": "duty_station",
        "country": "SS",
    },
    "follow_up_update": lambda follow_up: {"status": "in_progress", "progress_note": "Matrix."},
    "my_reports_submit": lambda cycle: {},
    "status_report_save": lambda report: {"level": "O", "progress": "Matrix."},
    "status_report_submit": lambda report: {},
    "framework_create": lambda _: {
        "slug": f"matrix-{uuid.uuid4().hex[:8]}",
        "title": "Matrix framework",
        "kind": "workplan",
        "owner_body": "OWN-BODY",
        "status_scale": StatusScale.objects.order_by("pk").values_list("code", flat=True)[0],
    },
    "framework_node_add": lambda draft: {"type": "action_point", "ref_id": "9.9"},
}
for _plugin in PLUGINS:
    API_BODIES.update(getattr(_plugin, "API_BODIES", {}))


def _client_for(world: World, actor: str) -> Client:
    if actor == "anonymous":
        return Client()
    return signed_in(world.users[actor])


@pytest.mark.parametrize("endpoint", web_endpoints(), ids=lambda endpoint: endpoint.name)
def test_web_endpoint_matrix(world: World, endpoint: WebEndpoint) -> None:
    rule = RULES[endpoint.name]
    failures = []
    for actor in ACTORS:
        client = _client_for(world, actor)
        user = world.users.get(actor)
        sides = [True, False] if rule.subject else [True]
        for own in sides:
            obj = world.subject(rule.subject, own=own, user=user) if rule.subject else None
            url = _web_url(endpoint, obj)
            send = client.post if rule.method == "POST" else client.get
            data = {"language": "fr", "next": "/"} if endpoint.name == "set_language" else {}
            status = send(url, data).status_code
            wanted = expected_status(rule, actor, own=own, api_call=False)
            if status != wanted:
                failures.append(f"{actor} {'own' if own else 'foreign'}: {status} != {wanted}")
    assert not failures, f"{endpoint.name}: " + "; ".join(failures)


@pytest.mark.parametrize("operation", api_operations(), ids=lambda operation: operation[0])
def test_api_operation_matrix(world: World, operation: tuple[str, str, str]) -> None:
    operation_id, method, path = operation
    rule = RULES[f"api:{operation_id}"]
    failures = []
    for actor in ACTORS:
        headers: dict[str, str] = {}
        user = world.users.get(actor)
        if user is not None:
            issued = api_token_create(user=user, name="matrix")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {issued.plaintext}"
        client = Client()
        sides = [True, False] if rule.subject else [True]
        for own in sides:
            obj = world.subject(rule.subject, own=own, user=user) if rule.subject else None
            url = path
            for parameter, kind in SUBJECT_OF_PARAMETER.items():
                if "{" + parameter + "}" in url and kind == rule.subject:
                    url = url.replace("{" + parameter + "}", str(obj.pk))
            if method == "GET":
                response = client.get(url, **headers)
            else:
                body = API_BODIES[operation_id](obj) if operation_id in API_BODIES else {}
                response = client.generic(
                    method,
                    url,
                    json.dumps(body),
                    content_type="application/json",
                    **headers,
                )
            wanted = expected_status(rule, actor, own=own, api_call=True)
            if response.status_code != wanted:
                failures.append(
                    f"{actor} {'own' if own else 'foreign'}: {response.status_code} != {wanted}"
                )
            elif response.status_code >= 400:
                body = response.json()
                assert set(body) == {"code", "message", "details"}, body
    assert not failures, f"{operation_id}: " + "; ".join(failures)


def test_tokens_used_by_the_matrix_are_hashed(world: World) -> None:
    issued = api_token_create(user=world.users["viewer"], name="check")
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.plaintext.split("_")[-1] not in stored.secret_hash
