"""The pages: one-page entry with formsets and duplicate check, detail, verification, analysis,
exports; country scope."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.support.clients import signed_in
from tests.support.queries import assert_constant_queries
from tests.support.violations_factories import analyst, event_input, make_event, officer, term
from tutela.audit.models import AuditEvent
from tutela.violations import thesauri
from tutela.violations.exports import ACLED_COLUMNS
from tutela.violations.models import Event, Information, Verification

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def entry_post(**overrides: Any) -> dict[str, str]:
    """What the browser posts for an event with two acts on a group of victims by one
    perpetrator, and two sources (blank rows left as the page offers them)."""
    acts = thesauri.TYPES_OF_ACTS
    data = {
        "title": "Attack on Kibati",
        "country": "CD",
        "admin1": "North Kivu",
        "admin2": "Nyiragongo",
        "location": "Kibati",
        "location_precision": "1",
        "start_date": "2026-03-14",
        "start_date_type": str(term(thesauri.DATE_TYPES, "exact").pk),
        "confidentiality": "restricted",
        **_management("victims", 2),
        "victims-0-pseudonym": "Kibati villagers",
        "victims-0-kind": "group",
        "victims-0-number": "40",
        "victims-0-age_band": "mixed",
        "victims-0-name": "Residents of Kibati",
        "victims-1-kind": "individual",
        "victims-1-age_band": "unknown",
        **_management("perpetrators", 2),
        "perpetrators-0-pseudonym": "Armed group A",
        "perpetrators-0-kind": "group",
        "perpetrators-0-number": "20",
        "perpetrators-0-age_band": "unknown",
        "perpetrators-1-kind": "individual",
        "perpetrators-1-age_band": "unknown",
        **_management("acts", 3),
        "acts-0-type": str(term(acts, "010101010000").pk),
        "acts-0-victim": "0",
        "acts-0-perpetrator": "0",
        "acts-0-perpetrator_type": str(term(thesauri.PERPETRATOR_TYPES).pk),
        "acts-1-type": str(term(acts, "010000000000").pk),
        "acts-1-victim": "0",
        **_management("sources", 2),
        "sources-0-source": "Witness W1",
        "sources-0-reliability": str(term(thesauri.RELIABILITY).pk),
        "sources-1-source": "Radio Okapi",
        **_management("casualties", 3),
        "casualties-0-outcome": "killed",
        "casualties-0-population": "all",
        "casualties-0-minimum": "3",
        "casualties-0-maximum": "7",
        "casualties-0-certainty": "medium",
        "casualties-1-population": "all",
        "casualties-1-certainty": "medium",
        "casualties-2-population": "all",
        "casualties-2-certainty": "medium",
        **_management("interventions", 1),
    }
    data.update(overrides)
    return data


def test_an_officer_records_an_event_on_one_page() -> None:
    client = signed_in(officer())
    assert client.get("/violations/new/").status_code == 200
    response = client.post("/violations/new/", entry_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.acts.count() == 2
    assert event.information.count() == 2
    assert event.persons.count() == 2
    assert event.casualties.get().maximum == 7
    assert event.acts.filter(involvements__isnull=False).count() == 1


class _PageFields(HTMLParser):
    """Every field of a page with the value a browser would send untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name") or ""
        if tag == "input" and name and found.get("type") not in ("checkbox", "radio", "submit"):
            self.data[name] = found.get("value") or ""
        elif tag == "textarea" and name:
            self.data[name] = ""
        elif tag == "select":
            self.select = name
        elif (
            tag == "option"
            and self.select
            and (self.select not in self.data or "selected" in found)
        ):
            self.data[self.select] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def test_blank_rows_as_the_browser_sends_them_are_ignored() -> None:
    client = signed_in(officer())
    fields = _PageFields()
    fields.feed(client.get("/violations/new/").content.decode())
    typed = {
        key: value
        for key, value in entry_post().items()
        if key.endswith("-0-pseudonym") or key.startswith(("title", "start_date", "acts-0"))
    }
    response = client.post("/violations/new/", {**fields.data, **typed})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.persons.count() == 2
    assert event.acts.count() == 1


def test_a_rejected_entry_keeps_what_was_typed() -> None:
    client = signed_in(officer())
    response = client.post("/violations/new/", entry_post(**{"acts-0-victim": "", "title": ""}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kibati villagers" in page
    assert "Witness W1" in page
    assert not Event.objects.exists()


def test_a_possible_duplicate_is_flagged_before_saving() -> None:
    actor = officer()
    client = signed_in(actor)
    assert client.post("/violations/new/", entry_post()).status_code == 302
    response = client.post("/violations/new/", entry_post(title="Same attack, second report"))
    assert response.status_code == 200
    assert "Possible duplicates" in response.content.decode()
    assert "Same attack, second report" in response.content.decode()
    assert Event.objects.count() == 1
    confirmed = client.post("/violations/new/", entry_post(title="Another", confirm_duplicate="1"))
    assert confirmed.status_code == 302
    assert Event.objects.count() == 2


def test_the_edit_page_shows_the_event_and_saves_it() -> None:
    actor = officer()
    event = make_event(actor)
    client = signed_in(actor)
    page = client.get(f"/violations/{event.pk}/edit/").content.decode()
    assert "Kibati villagers" in page
    response = client.post(f"/violations/{event.pk}/edit/", entry_post(title="Edited title"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Edited title"


def test_two_officers_verify_in_two_tiers() -> None:
    first, second = officer(), officer()
    event = make_event(first)
    response = signed_in(first).post(
        f"/violations/{event.pk}/verify/", {"outcome": "confirmed", "verified_on": "2026-03-20"}
    )
    assert response.status_code == 302
    again = signed_in(first).post(
        f"/violations/{event.pk}/verify/", {"outcome": "confirmed", "verified_on": "2026-03-21"}
    )
    assert "another officer" in again.content.decode()
    signed_in(second).post(
        f"/violations/{event.pk}/verify/", {"outcome": "confirmed", "verified_on": "2026-03-22"}
    )
    event.refresh_from_db()
    assert event.verification == Verification.VERIFIED


def test_the_detail_hides_names_until_an_officer_asks() -> None:
    actor = officer()
    event = make_event(actor)
    client = signed_in(actor)
    page = client.get(f"/violations/{event.pk}/").content.decode()
    assert "Kibati villagers" in page
    assert "Residents of Kibati" not in page
    shown = client.post(f"/violations/{event.pk}/names/").content.decode()
    assert "Residents of Kibati" in shown
    assert AuditEvent.objects.filter(action="violations.person_names_read").exists()


def test_an_officer_cannot_read_another_countrys_event() -> None:
    event = make_event(officer("SS"), country="SS")
    assert signed_in(officer("CD")).get(f"/violations/{event.pk}/").status_code == 404
    assert signed_in(analyst("CD")).get(f"/violations/{event.pk}/").status_code == 404
    assert signed_in(analyst("SS")).get(f"/violations/{event.pk}/").status_code == 200
    listed = signed_in(officer("CD")).get("/violations/").content.decode()
    assert event.title not in listed


def test_an_analyst_reads_but_does_not_edit() -> None:
    event = make_event()
    client = signed_in(analyst())
    assert client.get(f"/violations/{event.pk}/").status_code == 200
    assert client.get(f"/violations/{event.pk}/edit/").status_code == 404
    assert client.get("/violations/new/").status_code == 403


def test_the_analysis_sums_casualty_ranges() -> None:
    actor = officer()
    make_event(actor)
    make_event(actor, title="Second")
    client = signed_in(analyst())
    for by in ("country", "region", "month", "act_type", "perpetrator_type"):
        response = client.get("/violations/analysis/", {"by": by})
        assert response.status_code == 200, by
        assert "<svg" in response.content.decode()
    page = client.get("/violations/analysis/", {"by": "country"}).content.decode()
    assert "6–14" in page  # noqa: RUF001 — killed 3-7 twice, summed as a range


def test_the_csv_export_has_acled_columns_and_is_audited() -> None:
    make_event()
    response = signed_in(analyst()).get("/violations/export/acled.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ACLED_COLUMNS
    assert rows[0]["fatalities"] == "3"
    assert rows[0]["iso"] == "180"
    assert AuditEvent.objects.filter(action="violations.export").exists()


def test_the_json_export_has_no_names() -> None:
    make_event()
    response = signed_in(analyst()).get("/violations/export/esf.json")
    document = json.loads(response.content)
    assert len(document["events"]) == 1
    assert "Residents of Kibati" not in response.content.decode()


def test_the_vocabularies_page_lists_the_thesauri() -> None:
    page = signed_in(analyst()).get("/violations/vocabularies/").content.decode()
    assert "Summary execution" in page
    assert "Abduction of children" in page


def test_the_list_costs_a_constant_number_of_queries() -> None:
    actor = officer()
    client = signed_in(analyst())

    def add(n: int) -> None:
        for index in range(n):
            make_event(actor, title=f"Event {index}")

    add(1)
    assert_constant_queries(lambda: client.get("/violations/"), add, expected=8)


def test_the_detail_costs_a_constant_number_of_queries() -> None:
    actor = officer()
    event = make_event(actor)
    client = signed_in(actor)

    def add(n: int) -> None:
        for index in range(n):
            Information.objects.create(event=event, source=f"Source {index}")

    assert_constant_queries(lambda: client.get(f"/violations/{event.pk}/"), add, expected=12)


def test_an_officers_home_lists_events_awaiting_verification() -> None:
    actor = officer()
    event = make_event(actor)
    page = signed_in(actor).get("/").content.decode()
    assert "Violation events awaiting verification" in page
    assert event.title in page
    assert "awaiting verification" not in signed_in(analyst()).get("/").content.decode()


def test_counts_by_type_of_act_count_each_event_once() -> None:
    from dataclasses import replace

    from tutela.violations.selectors import violation_counts
    from tutela.violations.services import event_update

    actor = officer()
    make_event(actor)
    second = make_event(actor, title="Second")
    data = event_input("CD", title="Second")
    data.acts.append(replace(data.acts[0]))  # a second act of the same type in the same event
    event_update(actor=actor, event=second, data=data)
    counts = violation_counts(user=analyst(), by="act_type")
    row = next(r for r in counts.rows if r.key == data.acts[0].type.code)
    assert (row.events, row.acts, row.killed) == (2, 3, (6, 14))
    by_perpetrator = violation_counts(user=analyst(), by="perpetrator_type")
    assert by_perpetrator.rows[0].events == 2
    assert by_perpetrator.rows[0].killed == (6, 14)
