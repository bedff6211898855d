"""Demo risk management: the shipped matrix and factor library; for the risk officer's mission a
misconduct/SEA register, a Duty of Care register from the template and a fraud register with
actions (some overdue), visits and a follow-up; other missions and country offices that have
reported to the Conduct and Discipline Service for a year, one late and one missing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tutela.common.demo import DemoContext
from tutela.organizations.models import Body, Unit
from tutela.risks import library, services
from tutela.risks.models import QuarterlyReport, Register, Risk, RiskFactor, RiskMatrix
from tutela.risks.reports import due_date, previous_quarter, quarter_bounds, quarter_of

LARGE_UNITS = 60

LIKELIHOOD = ["very_unlikely", "unlikely", "moderately_likely", "likely", "very_likely"]
IMPACT = ["negligible", "minor", "moderate", "severe", "critical"]

# (title, prong, factor codes, inherent likelihood, inherent impact, category)
SEA_RISKS = [
    (
        "Transactional sex in bars near the team site",
        "prevention",
        ["out-of-bounds-areas", "alcohol-curfew"],
        3,
        3,
        "Sexual exploitation and abuse",
    ),
    (
        "Sexual exploitation by contractors' drivers at distributions",
        "prevention",
        ["implementing-partner-oversight", "proximity-vulnerable-populations", "power-imbalance"],
        2,
        4,
        "Sexual exploitation and abuse",
    ),
    (
        "Victims do not report because the hotline is not staffed in local languages",
        "enforcement",
        ["reporting-barriers"],
        3,
        3,
        "Reporting",
    ),
    (
        "Newly rotated contingent not inducted on the standards of conduct",
        "prevention",
        ["contingent-rotation", "awareness-training-gaps"],
        3,
        2,
        "Training",
    ),
    (
        "Allegations not referred to the Conduct and Discipline Team within seven days",
        "enforcement",
        ["weak-accountability"],
        2,
        3,
        "Accountability",
    ),
    (
        "Paternity and child-support claims not followed up",
        "remedial_action",
        ["weak-accountability"],
        2,
        3,
        "Victim assistance",
    ),
    (
        "Victims do not receive timely medical and psychosocial assistance",
        "remedial_action",
        ["health-support-gaps", "reporting-barriers"],
        2,
        4,
        "Victim assistance",
    ),
    (
        "Isolated team sites without welfare or recreation facilities",
        "prevention",
        ["isolated-duty-station", "living-welfare-conditions"],
        3,
        2,
        "Welfare",
    ),
    (
        "Personnel recruiting local casual workers can demand favours",
        "prevention",
        ["power-imbalance", "cash-procurement-exposure"],
        2,
        3,
        "Sexual exploitation and abuse",
    ),
    (
        "Harassment in the logistics base goes unreported",
        "prevention",
        ["workplace-culture", "reporting-barriers"],
        3,
        2,
        "Harassment",
    ),
]
FRAUD_RISKS = [
    (
        "Cash payments to casual labourers without segregation of duties",
        "prevention",
        ["cash-procurement-exposure"],
        3,
        2,
        "Fraud",
    ),
    ("Fuel theft at the logistics base", "prevention", ["restricted-access"], 2, 2, "Fraud"),
    (
        "Procurement split to stay under thresholds",
        "enforcement",
        ["cash-procurement-exposure", "weak-accountability"],
        2,
        3,
        "Fraud",
    ),
]
ACTIONS = [
    "Post out-of-bounds areas and enforce the curfew with joint patrols",
    "Brief every incoming contingent on the standards of conduct within a week of arrival",
    "Staff the hotline in Lingala and Swahili",
    "Vet contractors' drivers and include PSEA clauses in contracts",
    "Open a welfare and recreation facility at the team site",
    "Refer every allegation within seven days and track it",
    "Agree a victim assistance pathway with the local service providers",
]
FINDINGS = [
    "Bars frequented by personnel within walking distance of the camp; curfew checks irregular.",
    "Community members unaware of how to report; no posters in local languages.",
    "Welfare facilities closed for six months; personnel confined to the camp after dark.",
]


def _rated(rng: Any, likelihood: int, impact: int) -> dict[str, Any]:
    residual_likelihood = max(0, likelihood - rng.choice([0, 1, 1, 2]))
    return {
        "inherent_likelihood": LIKELIHOOD[likelihood],
        "inherent_impact": IMPACT[impact],
        "residual_likelihood": LIKELIHOOD[residual_likelihood],
        "residual_impact": IMPACT[impact],
    }


def _register(
    context: DemoContext,
    actor: Any,
    unit: Unit,
    name: str,
    kind: str,
    matrix: RiskMatrix,
    specs: list[tuple[str, str, list[str], int, int, str]],
) -> Register:
    register = services.register_create(
        actor=actor, name=name, kind=kind, organization=unit.organization, unit=unit, matrix=matrix
    )
    factors = {factor.code: factor for factor in RiskFactor.objects.all()}
    for title, prong, codes, likelihood, impact, category in specs:
        services.risk_create(
            actor=actor,
            register=register,
            title=title,
            prong=prong,
            category=category,
            treatment="reduce",
            factors=[factors[code] for code in codes if code in factors],
            owner=actor,
            **_rated(context.rng, likelihood, impact),
        )
    return register


def _shift(context: DemoContext, actor: Any, unit: Unit) -> None:
    """Between quarters some risks go up and some down."""
    for risk in Risk.objects.filter(register__unit=unit, is_closed=False).select_related(
        "register__matrix"
    ):
        move = context.rng.choice([-1, 0, 0, 0, 1])
        if move:
            position = min(4, max(0, LIKELIHOOD.index(risk.residual_likelihood) + move))
            services.risk_update(actor=actor, risk=risk, residual_likelihood=LIKELIHOOD[position])


def _report(
    actor: Any,
    unit: Unit,
    body: Body,
    year: int,
    quarter: int,
    *,
    late: bool = False,
    submit: bool = True,
) -> QuarterlyReport:
    report = services.report_generate(
        actor=actor,
        unit=unit,
        year=year,
        quarter=quarter,
        receiving_body=body,
        narrative=(
            f"{unit.name}, {year} Q{quarter}: risk assessment visits and patrols as planned; "
            "mitigating actions on reporting channels and welfare are under way."
        ),
    )
    if submit:
        report = services.report_submit(actor=actor, report=report)
        # The demo backdates the submission to the quarter it belongs to (the snapshot and its
        # audited hash are unchanged: the date is not part of the snapshot).
        submitted = due_date(year, quarter) + timedelta(days=12 if late else -10)
        moment = timezone.now().replace(
            year=submitted.year, month=submitted.month, day=submitted.day
        )
        if moment < timezone.now():
            QuarterlyReport.objects.filter(pk=report.pk).update(submitted_at=moment)
    return report


def _health_assessments(context: DemoContext, officer: Any, mission: Unit, today: Any) -> None:
    """The mission and its duty stations rated on the six mandatory health support elements."""
    scheme = library.health_scheme()
    codes = [element["code"] for element in scheme["elements"]]
    stations = [mission, *[unit for unit in context.units if unit.type == "duty_station"]]
    for position, unit in enumerate(stations):
        ratings = {
            code: context.rng.choice(["adequate", "adequate", "partially_adequate"])
            for code in codes
        }
        if position % 3 == 0:
            ratings[codes[(position // 3) % len(codes)]] = "inadequate"
        services.health_assessment_record(
            actor=officer if unit.pk == mission.pk else None,
            unit=unit,
            assessed_on=today - timedelta(days=20 + position),
            assessor="Regional Medical Officer",
            ratings=ratings,
            notes="Demo assessment against the duty station health risk assessment scale.",
        )


def generate(context: DemoContext) -> None:
    services.library_load(actor=None)
    matrix = RiskMatrix.objects.filter(code="five-by-five").order_by("-version").first()
    cds = Body.objects.filter(acronym="CDS").first()
    officer = context.users_by_role.get("risk_officer")
    mission = next((unit for unit in context.units if unit.type == "mission"), None)
    if matrix is None or cds is None or mission is None or officer is None:
        return
    if Register.objects.filter(unit=mission).exists():
        return
    today = timezone.localdate()
    last = previous_quarter(*quarter_of(today))
    quarters = [last]
    for _ in range(3):
        quarters.insert(0, previous_quarter(*quarters[0]))

    sea = _register(
        context,
        officer,
        mission,
        f"{mission.name} misconduct and SEA risk register",
        "misconduct_sea",
        matrix,
        SEA_RISKS,
    )
    _register(
        context,
        officer,
        mission,
        f"{mission.name} fraud risk register",
        "fraud",
        matrix,
        FRAUD_RISKS,
    )
    services.register_create(
        actor=officer,
        name=f"{mission.name} Duty of Care risk register",
        kind="duty_of_care",
        organization=mission.organization,
        unit=mission,
        matrix=matrix,
        template="duty-of-care",
        description="Started from the Duty of Care risk template (seed 000's example).",
    )
    risks = list(sea.risks.order_by("number"))
    for number, title in enumerate(ACTIONS):
        due = today + timedelta(days=context.rng.choice([-40, -12, -3, 5, 20, 45, 90]))
        services.action_create(
            actor=officer,
            risk=risks[number % len(risks)],
            title=title,
            owner=officer,
            due_on=due,
            status="done" if number == 1 else "in_progress" if number % 2 else "planned",
        )
    places = [unit for unit in context.units if unit.parent_id == mission.pk] or [mission]
    assessment = services.visit_create(
        actor=officer,
        unit=mission,
        kind="assessment",
        visited_on=quarter_bounds(*quarters[-2])[0] + timedelta(days=20),
        location=places[-1].name,
        team="Conduct and Discipline Team, Military Police, Force Gender Adviser",
        findings=FINDINGS[0] + "\n" + FINDINGS[1],
        risks=risks[:3],
        raised_actions=[
            (
                risks[0],
                "Map and post out-of-bounds areas around the team site",
                today - timedelta(days=30),
            ),
            (
                risks[2],
                "Put up posters on how to report in local languages",
                today - timedelta(days=20),
            ),
        ],
    )
    services.visit_create(
        actor=officer,
        unit=mission,
        kind="patrol",
        visited_on=quarter_bounds(*last)[0] + timedelta(days=10),
        location=places[0].name,
        team="Joint patrol with the Military Police",
        findings="Curfew respected; two vehicles seen near an out-of-bounds bar and reported.",
        risks=risks[:1],
    )
    posted, posters = assessment.actions_raised.order_by("pk")
    services.visit_create(
        actor=officer,
        unit=mission,
        kind="follow_up",
        follows=assessment,
        visited_on=quarter_bounds(*last)[0] + timedelta(days=30),
        location=places[-1].name,
        team="Conduct and Discipline Team",
        findings=FINDINGS[2]
        + "\nOut-of-bounds areas are now posted; posters still missing at two sites.",
        risks=risks[:3],
        outcomes={posted.pk: "closed", posters.pk: "unchanged"},
    )
    for year, quarter in quarters[:-1]:
        _report(officer, mission, cds, year, quarter)
        _shift(context, officer, mission)
    _report(officer, mission, cds, *last, submit=False)

    others = [
        unit
        for unit in context.units
        if unit.type in ("mission", "country_office") and unit.pk != mission.pk
    ]
    if context.large:
        # Bounded: every extra unit goes through the services (audit, snapshots) one by one.
        others = list(
            Unit.objects.filter(type__in=["mission", "country_office"])
            .exclude(pk=mission.pk)
            .order_by("pk")[:LARGE_UNITS]
        )
    for position, unit in enumerate(others):
        picked = context.rng.sample(SEA_RISKS, k=min(len(SEA_RISKS), context.rng.randint(4, 8)))
        _register(
            context,
            None,
            unit,
            f"{unit.name} misconduct and SEA risk register",
            "misconduct_sea",
            matrix,
            picked,
        )
        for index, (year, quarter) in enumerate(quarters):
            if index == len(quarters) - 1 and position % 4 == 3:
                continue  # this unit's last report is missing
            _report(
                None,
                unit,
                cds,
                year,
                quarter,
                late=index == len(quarters) - 1 and position % 4 == 2,
            )
            _shift(context, None, unit)
    _health_assessments(context, officer, mission, today)
    context.notes.append(
        f"Risks: {Register.objects.count()} registers, {Risk.objects.count()} risks; the risk "
        f"officer of {mission.name} has a draft report for {last[0]} Q{last[1]} to submit to CDS; "
        "conduct reviewers see the consolidated view under “Risk reports received”."
    )
