"""Demo violation records: events in the east of the Democratic Republic of the Congo (the demo
human rights officer's and analyst's country) over the past year, recorded through the services,
some verified in two tiers (a second officer acts as the task force), a few late; and events in
South Sudan that the DRC users never see. At large scale, many more events are bulk-inserted."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tutela.accounts.roles import Role
from tutela.accounts.services import membership_grant, user_create
from tutela.common.demo import DemoContext, DemoLogin
from tutela.frameworks.models import Node
from tutela.violations import thesauri
from tutela.violations.early_warning import Quarter
from tutela.violations.models import (
    Act,
    Casualty,
    Event,
    Involvement,
    Person,
    PersonRole,
    Term,
    Verification,
)
from tutela.violations.services import (
    ActInput,
    CasualtyInput,
    EventInput,
    InformationInput,
    InterventionInput,
    InvolvementInput,
    PersonInput,
    engagement_add,
    engagement_strategy_add,
    event_create,
    event_verify,
    review_measure_add,
    review_measure_update,
    risk_ratings_save,
    situation_action_add,
    situation_open,
    situation_update,
)
from tutela.violations.tallies import tally_rebuild

TASK_FORCE_EMAIL = "task.force.officer@tutela.example"

# (admin1, admin2, places with coordinates)
PLACES: dict[str, list[tuple[str, str, str, float, float]]] = {
    "CD": [
        ("North Kivu", "Beni", "Mutwanga", 0.3270, 29.7460),
        ("North Kivu", "Beni", "Oicha", 0.6990, 29.5160),
        ("North Kivu", "Lubero", "Kanyabayonga", -0.7030, 29.1750),
        ("North Kivu", "Rutshuru", "Kiwanja", -1.1550, 29.4460),
        ("North Kivu", "Masisi", "Sake", -1.5740, 29.0450),
        ("North Kivu", "Nyiragongo", "Kibati", -1.5500, 29.2700),
        ("South Kivu", "Uvira", "Sange", -3.0830, 29.1170),
        ("South Kivu", "Fizi", "Baraka", -4.1000, 29.0940),
        ("South Kivu", "Kalehe", "Minova", -1.6880, 29.0130),
        ("Ituri", "Djugu", "Fataki", 1.8330, 30.3170),
        ("Ituri", "Irumu", "Komanda", 1.3670, 29.7670),
        ("Ituri", "Djugu", "Bule", 1.9400, 30.4300),
    ],
    "SS": [
        ("Jonglei", "Pibor", "Gumuruk", 6.6710, 33.2400),
        ("Upper Nile", "Malakal", "Malakal", 9.5330, 31.6500),
        ("Central Equatoria", "Yei", "Yei", 4.0950, 30.6780),
    ],
}

# (title pattern, HURIDOCS act codes, grave violation if children are among the victims)
SCENARIOS: list[tuple[str, list[str], str]] = [
    ("Night attack on {place}", ["010104000000", "130101000000"], "killing_maiming"),
    ("Abductions on the road near {place}", ["030104000000"], "abduction"),
    ("Sexual violence during raid on {place}", ["020111010000", "130101000000"], "sexual_violence"),
    ("Shelling of {place} market", ["010105020000"], "killing_maiming"),
    ("Attack on the school of {place}", ["130103000000"], "attacks_schools_hospitals"),
    ("Arbitrary arrests in {place}", ["030101000000", "020111110000"], ""),
    ("Recruitment of boys in {place}", ["030104000000", "300102010000"], "recruitment_use"),
]
KILLINGS = {"010104000000", "010105020000"}

PERPETRATOR_TYPES = ["020100000000", "020200000000", "010103000000", "010104000000"]
SOURCES = [
    "Witness",
    "Victim testimony",
    "Local human rights defender",
    "Radio broadcast",
    "Health worker",
]


def _term(vocabulary: str, code: str) -> Term | None:
    return Term.objects.filter(vocabulary__code=vocabulary, code=code).first()


def _terms(vocabulary: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary__code=vocabulary).order_by("order"))


def _task_force_officer(context: DemoContext) -> Any:
    from tutela.accounts.models import User

    user = User.objects.filter(email=TASK_FORCE_EMAIL).first()
    if user is None:
        from tutela.accounts.demo import DEMO_PASSWORD

        user = user_create(
            actor=None,
            email=TASK_FORCE_EMAIL,
            full_name="Grace Mbuyi (task force)",
            password=DEMO_PASSWORD,
        )
    membership = membership_grant(
        actor=None, user=user, role=Role.HUMAN_RIGHTS_OFFICER, country="CD"
    )
    context.logins.append(
        DemoLogin(TASK_FORCE_EMAIL, str(Role.HUMAN_RIGHTS_OFFICER.label), membership.scope_label)
    )
    return user


def _event_input(rng: random.Random, country: str, day: date, vocab: dict[str, Any]) -> EventInput:
    admin1, admin2, place, lat, lon = rng.choice(PLACES[country])
    title, act_codes, grave = rng.choice(SCENARIOS)
    children = bool(grave) and rng.random() < 0.6
    group = rng.random() < 0.7
    number = rng.randint(2, 40) if group else None
    victims = [
        PersonInput(
            pseudonym=f"{'Residents' if group else 'Victim'} of {place}",
            kind="group" if group else "individual",
            number=number,
            counting_unit=vocab["community"] if group else None,
            age_band="12-17" if children and not group else ("mixed" if group else "18-59"),
        )
    ]
    perpetrators = [
        PersonInput(
            pseudonym=f"Armed group {rng.choice('ABCDEF')}",
            kind="group",
            number=rng.randint(5, 60),
        )
    ]
    perpetrator_type = vocab["perpetrators"][rng.randrange(len(vocab["perpetrators"]))]
    acts = [
        ActInput(
            type=vocab["acts"][code],
            victim=0,
            start_date=day,
            grave_violation=vocab["grave"].get(grave) if children else None,
            involvements=[
                InvolvementInput(
                    perpetrator=0, perpetrator_type=perpetrator_type, degree=vocab["direct"]
                )
            ],
        )
        for code in act_codes
        if code in vocab["acts"]
    ]
    killing = bool(KILLINGS.intersection(act_codes))
    killed_low = rng.randint(1, 8) if killing else 0
    casualties = []
    if killing:
        casualties.append(
            CasualtyInput(
                outcome="killed",
                minimum=killed_low,
                maximum=killed_low + rng.randint(0, 5),
                certainty=rng.choice(["low", "medium", "high"]),
            )
        )
        if children:
            casualties.append(
                CasualtyInput(outcome="killed", population="children", minimum=0, maximum=2)
            )
    if rng.random() < 0.5:
        low = rng.randint(1, 12)
        casualties.append(
            CasualtyInput(outcome="injured", minimum=low, maximum=low + rng.randint(0, 6))
        )
    information = [
        InformationInput(
            source=f"{rng.choice(SOURCES)} {index + 1}",
            connection=rng.choice(vocab["connections"]),
            reliability=rng.choice(vocab["reliability"]),
            received_on=day + timedelta(days=rng.randint(0, 10)),
        )
        for index in range(rng.randint(1, 3))
    ]
    interventions = []
    if rng.random() < 0.3 and vocab["interventions"]:
        interventions.append(
            InterventionInput(
                party="UN Joint Human Rights Office",
                type=rng.choice(vocab["interventions"]),
                date=day + timedelta(days=rng.randint(5, 30)),
                status=rng.choice(vocab["intervention_status"]),
                priority=rng.choice(vocab["priority"]),
            )
        )
    return EventInput(
        title=title.format(place=place),
        country=country,
        admin1=admin1,
        admin2=admin2,
        location=place,
        latitude=Decimal(f"{lat + rng.uniform(-0.02, 0.02):.5f}"),
        longitude=Decimal(f"{lon + rng.uniform(-0.02, 0.02):.5f}"),
        start_date=day,
        start_date_type=vocab["exact"] if rng.random() < 0.85 else vocab["estimate"],
        description=(
            f"Information received from {len(information)} source(s) about events in {place}, "
            f"{admin2}. Details withheld in the demo."
        ),
        violation_status=rng.choice(vocab["violation_status"]),
        victims=victims,
        perpetrators=perpetrators,
        acts=acts,
        information=information,
        casualties=casualties,
        interventions=interventions,
    )


def _vocabulary() -> dict[str, Any]:
    acts = {
        term.code: term
        for term in Term.objects.filter(
            vocabulary__code=thesauri.TYPES_OF_ACTS,
            code__in=[code for _t, codes, _g in SCENARIOS for code in codes],
        )
    }
    return {
        "acts": acts,
        "grave": {t.code: t for t in _terms(thesauri.GRAVE_VIOLATIONS)},
        "perpetrators": [
            t for t in _terms(thesauri.PERPETRATOR_TYPES) if t.code in PERPETRATOR_TYPES
        ],
        "direct": _term(thesauri.DEGREES_OF_INVOLVEMENT, "010100000000"),
        "community": _term(thesauri.COUNTING_UNITS, "040000000000")
        or _terms(thesauri.COUNTING_UNITS)[0],
        "connections": _terms(thesauri.SOURCE_CONNECTION)[1:6],
        "reliability": _terms(thesauri.RELIABILITY)[:4],
        "violation_status": _terms(thesauri.VIOLATION_STATUS)[:4],
        "interventions": _terms(thesauri.INTERVENTION_TYPES)[1:6],
        "intervention_status": _terms(thesauri.INTERVENTION_STATUS),
        "priority": _terms(thesauri.PRIORITY)[:4],
        "exact": _term(thesauri.DATE_TYPES, "exact"),
        "estimate": _term(thesauri.DATE_TYPES, "010000000000"),
    }


def generate(context: DemoContext) -> None:
    officer = context.users_by_role.get(Role.HUMAN_RIGHTS_OFFICER.value)
    if officer is None or Event.objects.exists():
        return
    rng = context.rng
    vocab = _vocabulary()
    task_force = _task_force_officer(context)
    foreign = _foreign_officer()
    today = timezone.localdate()
    count = 0
    for index in range(60):
        day = today - timedelta(days=rng.randint(5, 360))
        event = event_create(actor=officer, data=_event_input(rng, "CD", day, vocab))
        count += 1
        roll = index % 5
        if roll >= 2:
            first_on = min(today, day + timedelta(days=rng.randint(3, 20)))
            event = event_verify(
                actor=officer, event=event, outcome="confirmed", verified_on=first_on
            )
            if roll == 4 or (roll == 3 and rng.random() < 0.7):
                late = rng.random() < 0.25
                second_on = min(
                    today,
                    first_on + timedelta(days=rng.randint(60, 100) if late else rng.randint(2, 20)),
                )
                event_verify(
                    actor=task_force, event=event, outcome="confirmed", verified_on=second_on
                )
        elif roll == 1 and rng.random() < 0.2:
            event_verify(
                actor=officer,
                event=event,
                outcome="not_occurred",
                verified_on=min(today, day + timedelta(days=7)),
            )
    for _index in range(12):
        day = today - timedelta(days=rng.randint(5, 360))
        event_create(actor=foreign, data=_event_input(rng, "SS", day, vocab))
    _early_warning(context, officer, today)
    _situation(officer, today)
    if context.large:
        count += _bulk_events(rng, officer, vocab, today)
        tally_rebuild()  # the bulk insert went around the services that keep the tallies
    context.notes.append(
        f"Violations: {count} events in the DRC (human rights officer and analyst of CD), "
        f"12 in South Sudan they cannot see; {TASK_FORCE_EMAIL} verifies as the task force."
    )


# Demo ratings of the 14 risk factors for the DRC: last quarter, then this quarter (higher).
DEMO_LEVELS = {
    "previous": [3, 3, 2, 2, 2, 2, 1, 1, 2, 0, 2, 1, 2, 2],
    "current": [3, 3, 2, 2, 3, 2, 2, 2, 2, 1, 3, 1, 3, 2],
}
# The indicators the demo analyst ticked (codes of the Framework of Analysis).
DEMO_INDICATORS = {
    "previous": ["7.5", "8.1", "9.4", "13.1"],
    "current": ["7.3", "7.5", "7.9", "8.1", "8.7", "9.4", "13.1", "13.5", "13.8"],
}


def _early_warning(context: DemoContext, officer: Any, today: date) -> None:
    rater = context.users_by_role.get(Role.ANALYST.value) or officer
    factors = list(
        Term.objects.filter(vocabulary__code=thesauri.ATROCITY_RISK_FACTORS, level=1).order_by(
            "order"
        )
    )
    by_code = {factor.code: factor for factor in factors}
    indicators = {
        term.code: term
        for term in Term.objects.filter(vocabulary__code=thesauri.ATROCITY_RISK_FACTORS, level=2)
    }
    current = Quarter.of(today)
    for quarter, levels in ((current.previous, "previous"), (current, "current")):
        observed: dict[Term, list[Term]] = {}
        for code in DEMO_INDICATORS[levels]:
            if code in indicators:
                factor = by_code[code.split(".")[0]]
                observed.setdefault(factor, []).append(indicators[code])
        risk_ratings_save(
            actor=rater,
            country="CD",
            year=quarter.year,
            quarter=quarter.number,
            levels={
                factor: (level, "Demo rating.")
                for factor, level in zip(factors, DEMO_LEVELS[levels], strict=True)
            },
            indicators=observed,
        )
    previous = current.previous
    for text, owner, status in (
        ("Request additional analysis of attacks on displacement sites", "OHCHR", "done"),
        (
            "Provide the Resident Coordinator with a surge human rights capacity",
            "DPPA",
            "in_progress",
        ),
        ("Brief Member States of the region on the trend of abductions", "DPPA", "agreed"),
    ):
        measure = review_measure_add(
            actor=rater,
            region="africa_1",
            country="CD",
            year=previous.year,
            quarter=previous.number,
            text=text,
            owner=owner,
            due_on=previous.next.first_day + timedelta(days=30),
        )
        if status != "agreed":
            review_measure_update(actor=rater, measure=measure, status=status, progress_note="")


def _situation(officer: Any, today: date) -> None:
    """The DRC situation, escalated to an Inter-Agency Task Force, with its engagements."""
    situation = situation_open(actor=officer, country="CD")
    situation_update(
        actor=officer,
        situation=situation,
        level="itf",
        reason="Heightened risk of serious violations in Ituri and North Kivu (quarterly review).",
        decided_on=today - timedelta(days=75),
        analysis="Armed groups attack villages and displacement sites; abductions are rising.",
        objectives="Protect civilians in Ituri and North Kivu; secure humanitarian access.",
        capacities="A human rights surge team in Bunia; analysis support at headquarters.",
        next_review_on=today + timedelta(days=45),
    )
    for entity, level, text in (
        ("OHCHR", "country", "Deploy monitors to Djugu and Irumu territories"),
        ("OCHA", "country", "Negotiate access to displacement sites around Bunia"),
        ("DPPA", "regional", "Engage neighbouring States on cross-border armed groups"),
        (
            "EOSG",
            "global",
            "Brief the Security Council Expert Group on the Protection of Civilians",
        ),
    ):
        situation_action_add(
            actor=officer, situation=situation, entity=entity, level=level, text=text
        )
    strategy = engagement_strategy_add(
        actor=officer,
        situation=situation,
        title="Engagement with the national and provincial authorities",
        objective="Access to detention places and protection of displacement sites.",
        action_point=Node.objects.filter(framework__slug="rights-up-front", ref_id="4.3").first(),
    )
    impact = _terms(thesauri.IMPACT)
    statuses = _terms(thesauri.INTERVENTION_STATUS)
    priorities = _terms(thesauri.PRIORITY)
    responses = _terms(thesauri.RESPONSES)
    for days, counterpart, channel, message, index in (
        (80, "Minister of Human Rights", "meeting", "Access to detention places in Bunia", 1),
        (50, "Governor of Ituri", "letter", "Protection of displacement sites", 2),
        (20, "Permanent Mission in New York", "briefing", "Trend of abductions", 0),
    ):
        engagement_add(
            actor=officer,
            strategy=strategy,
            date=today - timedelta(days=days),
            counterpart=counterpart,
            channel=channel,
            message=message,
            response=responses[index] if responses else None,
            impact=impact[index] if impact else None,
            status=statuses[index] if statuses else None,
            priority=priorities[index] if priorities else None,
        )


def _foreign_officer() -> Any:
    from tutela.accounts.demo import DEMO_PASSWORD
    from tutela.accounts.models import User

    email = "officer.south-sudan@tutela.example"
    user = User.objects.filter(email=email).first() or user_create(
        actor=None, email=email, full_name="Deng Garang", password=DEMO_PASSWORD
    )
    membership_grant(actor=None, user=user, role=Role.HUMAN_RIGHTS_OFFICER, country="SS")
    return user


# At large scale: 20,000 events of 10 to 40 acts each (about 500,000 acts) by default, so the
# large demo other benchmarks start from stays minutes long; the violations benchmark asks for
# 200,000 events (about 5,000,000 acts) through TUTELA_DEMO_VIOLATION_EVENTS.
LARGE_EVENTS_DEFAULT = 20_000
LARGE_BATCH = 5_000


def _bulk_events(rng: random.Random, officer: Any, vocab: dict[str, Any], today: date) -> int:
    """Large scale: events, victims, perpetrators, acts, involvements and casualties inserted in
    bulk (the services would audit each record; the audit chain is not what this scale is for)."""
    act_types = list(vocab["acts"].values())
    perpetrator_types = vocab["perpetrators"]
    verifications = list(Verification.values)
    wanted = int(os.environ.get("TUTELA_DEMO_VIOLATION_EVENTS", LARGE_EVENTS_DEFAULT))
    made = 0
    while made < wanted:
        size = min(LARGE_BATCH, wanted - made)
        events = []
        for number in range(made + 1, made + size + 1):
            admin1, admin2, place, _lat, _lon = rng.choice(PLACES["CD"])
            events.append(
                Event(
                    title=f"Recorded incident {number}",
                    country="CD",
                    admin1=admin1,
                    admin2=admin2,
                    location=place,
                    start_date=today - timedelta(days=rng.randint(1, 3 * 365)),
                    start_date_type=vocab["exact"],
                    created_by=officer,
                    verification=rng.choice(verifications),
                )
            )
        Event.objects.bulk_create(events, batch_size=1000)
        victims = [
            Person(event=e, role=PersonRole.VICTIM, pseudonym="Victims", kind="group", number=10)
            for e in events
        ]
        perpetrators = [
            Person(event=e, role=PersonRole.PERPETRATOR, pseudonym="Armed group", kind="group")
            for e in events
        ]
        Person.objects.bulk_create(victims + perpetrators, batch_size=2000)
        acts: list[Act] = []
        perpetrator_of: list[Person] = []
        for event, victim, perpetrator in zip(events, victims, perpetrators, strict=True):
            for _n in range(rng.randint(10, 40)):
                acts.append(Act(event=event, type=rng.choice(act_types), victim=victim))
                perpetrator_of.append(perpetrator)
        Act.objects.bulk_create(acts, batch_size=5000)
        Involvement.objects.bulk_create(
            [
                Involvement(
                    act=act, perpetrator=perpetrator, perpetrator_type=rng.choice(perpetrator_types)
                )
                for act, perpetrator in zip(acts, perpetrator_of, strict=True)
            ],
            batch_size=5000,
        )
        casualties = []
        for event in events:
            low = rng.randint(0, 5)
            casualties.append(
                Casualty(
                    event=event, outcome="killed", minimum=low, maximum=low + rng.randint(0, 3)
                )
            )
        Casualty.objects.bulk_create(casualties, batch_size=5000)
        made += size
    return made
