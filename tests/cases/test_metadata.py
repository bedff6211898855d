"""Nothing identifying about a reporter is stored or logged: the test sends every reporter
request with a recognisable address, browser and forwarding header, then searches every
table of the database, every log record and the cache for them."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.support.cases_factories import assign, solved_challenge
from tests.support.factories import OrganizationFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.cases import receipts, services
from tutela.cases.models import Report

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
BROWSER = "TutelaProbeBrowser/9.9 (Marker)"
MARKERS = (ADDRESS, FORWARDED, BROWSER, "TutelaProbeBrowser")
META = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_X_FORWARDED_FOR": FORWARDED,
    "HTTP_X_REAL_IP": FORWARDED,
    "HTTP_USER_AGENT": BROWSER,
    "HTTP_ACCEPT_LANGUAGE": "fr-CH",
}


def _everything_in_the_database() -> str:
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        dumped.append(bytes(value).decode("latin-1"))
                    else:
                        dumped.append(str(value))
    return "\n".join(dumped)


def _everything_in_the_cache() -> str:
    store: dict[str, Any] = getattr(cache, "_cache", {})
    return "\n".join(f"{key}={value!r}" for key, value in store.items())


def test_no_address_or_browser_of_a_reporter_is_stored_or_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    organization = OrganizationFactory()
    handler = user_with_role(Role.INVESTIGATOR, organization=organization)
    caplog.set_level(logging.DEBUG)
    client = Client(**META)

    # The web form, anonymous.
    page = client.get(f"/cases/report/{organization.pk}/")
    form = page.context["form"]
    web = client.post(
        f"/cases/report/{organization.pk}/",
        {
            "category": "sea",
            "what_happened": "A peacekeeper asked for sex in exchange for food.",
            "reporter_is_affected": "no",
            "channel": "formal",
            "stay_anonymous": "on",
            "client_token": form.initial["client_token"],
            "challenge": form.initial["challenge"],
            "nonce": receipts.proof_solve(form.initial["challenge"]),
        },
    )
    web_receipt = web.context["receipt"]
    # The app API, named, with a retry and a refused proof of work.
    challenge, nonce = solved_challenge()
    body = {
        "client_token": secrets.token_urlsafe(24),
        "challenge": challenge,
        "nonce": nonce,
        "category": "fraud",
        "what_happened": "Fuel was sold off the books.",
        "contact": {"name": "Named Reporter"},
    }
    url = f"/api/v1/cases/intake/{organization.pk}/reports"
    api_receipt = client.post(url, json.dumps(body), content_type="application/json").json()[
        "receipt"
    ]
    client.post(url, json.dumps(body), content_type="application/json")
    client.post(
        url,
        json.dumps({**body, "client_token": "x" * 30, "nonce": "bad"}),
        content_type="application/json",
    )
    # Follow-up by web and API, including wrong receipts.
    report = Report.objects.get(intake="web")
    assign(report, handler)
    services.case_message_send(
        actor=handler, report=report, body="Can you tell us more?", kind="question"
    )
    client.post("/cases/follow-up/", {"receipt": "AAAAAA-BBBB-CCCC-DDDD-EEEE-FFFF"})
    client.post("/cases/follow-up/", {"receipt": web_receipt})
    client.post("/cases/follow-up/report/", {"body": "It happened twice."})
    client.post(
        "/api/v1/cases/reporter/status",
        json.dumps({"receipt": api_receipt}),
        content_type="application/json",
    )
    client.post(
        "/api/v1/cases/reporter/status",
        json.dumps({"receipt": "nope"}),
        content_type="application/json",
    )
    client.post(
        "/api/v1/cases/reporter/messages",
        json.dumps({"receipt": api_receipt, "body": "More details."}),
        content_type="application/json",
    )

    assert Report.objects.count() == 2
    assert report.messages.filter(from_reporter=True).count() == 1  # the follow-up worked
    stored = _everything_in_the_database()
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')!r}"
        for record in caplog.records
    )
    cached = _everything_in_the_cache()
    for marker in MARKERS:
        assert marker not in stored, f"{marker} found in the database"
        assert marker not in logged, f"{marker} found in the logs"
        assert marker not in cached, f"{marker} found in the cache"
    # The audit log records the reporter's actions with no actor at all.
    reporter_events = AuditEvent.objects.filter(
        action__in=["cases.report_receive", "cases.reporter_message"]
    )
    assert reporter_events.count() == 4
    assert set(reporter_events.values_list("actor_label", flat=True)) == {"system"}
    assert not reporter_events.filter(actor__isnull=False).exists()
    assert "Named Reporter" not in stored
