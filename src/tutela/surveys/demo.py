"""Demo surveys: the shipped example (seed 003's sexual harassment policy and case-reporting
survey) with an open round answered by most demo organizations — one still a draft, one
updated after submission — consents given to sub-groups of the working group; and the
restricted repository with a folder of policy documents open to the working group."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tutela.common.demo import DemoContext
from tutela.organizations.models import Body, Group, Organization
from tutela.surveys import services
from tutela.surveys.models import ConsentScope, Folder, RoundStatus, Survey

AREAS = ["policy", "prevention", "reporting", "protection", "investigation"]
# 003: protection of victims, reporting and prevention were the three top issues.
NEED_WEIGHTS = {"protection": 6, "reporting": 5, "prevention": 4, "policy": 2, "investigation": 2}
RATINGS = ["strength", "adequate", "weakness", "major_weakness"]
PRACTICES = [
    "A joint help line with neighbouring agencies, open around the clock.",
    "Bystander training for managers, with refreshers each year.",
    "A victim-centred protocol that assigns a support focal point to every report.",
    "Quarterly anonymised statistics on reports, shared with staff.",
]
DOCUMENTS = [
    (
        "Policy on sexual harassment (consolidated text)",
        "policy-sexual-harassment.md",
        "# Policy on sexual harassment\n\nDefinitions, scope (staff and non-staff personnel, "
        "participants at events), reporting channels formal and informal, protection against "
        "retaliation, standards of proof, investigation timelines and support for victims.\n",
    ),
    (
        "Guidelines for managers: red lines",
        "guidelines-for-managers.md",
        "# Guidelines for managers\n\nIdentification of red lines; what to do when a concern "
        "is raised informally; referral to the formal mechanism; bystander empowerment.\n",
    ),
    (
        "Reporting channels compared",
        "reporting-channels.csv",
        "organization type,formal channel,informal channel,anonymous reporting\n"
        "agency,ethics office,ombudsman,yes\nfund,investigation service,staff counsellor,yes\n",
    ),
]


def _answers(context: DemoContext, index: int) -> dict[str, Any]:
    rng = context.rng
    has_policy = rng.choices(["yes", "in_development", "no"], weights=[8, 2, 1])[0]
    answers: dict[str, Any] = {"has_policy": has_policy}
    if has_policy == "yes":
        answers["policy_date"] = (
            timezone.localdate() - timedelta(days=rng.randint(30, 1500))
        ).isoformat()
        answers["policy_covers"] = ["staff", *rng.sample(["non_staff", "event_participants"], 1)]
    for area in AREAS:
        weakness = NEED_WEIGHTS[area]
        answers[f"rating_{area}"] = rng.choices(RATINGS, weights=[8 - weakness, 4, weakness, 1])[0]
    needed: list[str] = []
    while len(needed) < 3:
        pick = rng.choices(list(NEED_WEIGHTS), weights=list(NEED_WEIGHTS.values()))[0]
        if pick not in needed:
            needed.append(pick)
    answers["improvement_areas"] = needed
    answers["top_priority"] = needed[0]
    if index % 3 == 0:
        answers["best_practice"] = rng.choice(PRACTICES)
    formal = rng.randint(0, 30)
    answers["formal_reports"] = formal
    answers["informal_reports"] = rng.randint(0, 60)
    if formal:
        answers["formal_investigated"] = rng.randint(0, formal)
    answers["has_helpline"] = rng.choice(["yes", "no"])
    answers["channels"] = [
        {
            "channel_name": name,
            "channel_kind": kind,
            "channel_anonymous": rng.choice(["yes", "no"]),
        }
        for name, kind in rng.sample(
            [
                ("Ethics office", "formal"),
                ("Investigation service", "formal"),
                ("Ombudsman", "informal"),
                ("Staff counsellor", "informal"),
            ],
            rng.randint(1, 3),
        )
    ]
    return answers


SEXUAL_HARASSMENT = "sexual_harassment_policy_and_case_reporting.xlsx"
BACK_TO_OFFICE = "hlcm_back_to_office.xlsx"


def generate(context: DemoContext) -> None:
    secretariat = context.users_by_role.get("secretariat")
    examples = {survey.source_filename: survey for survey in services.examples_load(actor=None)}
    _round(context, examples[SEXUAL_HARASSMENT], secretariat)
    _back_to_office(context, examples[BACK_TO_OFFICE], secretariat)
    _repository(context, secretariat)


def _back_to_office_answers(context: DemoContext, round_number: int) -> dict[str, Any]:
    """Round 2 (July): a gradual return; round 3 (September): reversed by a re-surge."""
    rng = context.rng
    phases = ["closed", "critical", "partial", "most", "full"]
    weights = [1, 3, 5, 2, 1] if round_number == 2 else [3, 5, 3, 1, 0]
    phase = rng.choices(phases, weights=weights)[0]
    answers: dict[str, Any] = {
        "return_phase": phase,
        "duty_stations_returning": rng.randint(0, 40),
        "prevention_measures": rng.sample(
            ["distancing", "masks", "testing", "ventilation", "staggered_hours"], 3
        ),
        "meetings": rng.choices(["physical", "hybrid", "virtual"], weights=[1, 4, 5])[0],
        "business_travel": rng.choices(["resumed", "essential", "suspended"], weights=[1, 6, 3])[0],
        "counselling": rng.choices(["yes", "no"], weights=[9, 1])[0],
        "priorities": rng.sample(
            [
                "telecommuting",
                "meetings",
                "travel",
                "prevention",
                "mental_health",
                "mental_health",
                "field",
            ],
            3,
        ),
    }
    answers["priorities"] = sorted(set(answers["priorities"]))
    if phase != "closed":
        answers["share_on_site"] = {"critical": 10, "partial": 35, "most": 65, "full": 95}[
            phase
        ] + rng.randint(-5, 5)
    if answers["counselling"] == "yes":
        answers["mental_health_initiatives"] = "Counselling, a mental health month, guidance."
    return answers


def _back_to_office(context: DemoContext, survey: Survey, secretariat: Any) -> None:
    """The second and third rounds of 001, closed: 100% and then most organizations."""
    if survey.rounds.exists():
        return
    organizations = list(Organization.objects.order_by("acronym"))[: 40 if context.large else 18]
    today = timezone.localdate()
    for round_number, (title, months_ago) in enumerate(
        [("Second round", 5), ("Third round", 3)], start=2
    ):
        opens_on = today - timedelta(days=30 * months_ago)
        round_ = services.round_create(
            actor=secretariat,
            survey=survey,
            title=title,
            opens_on=opens_on,
            closes_on=opens_on + timedelta(days=21),
            organizations=organizations,
            status=RoundStatus.OPEN,
        )
        for index, organization in enumerate(organizations):
            if round_number == 3 and index % 6 == 5:
                continue
            services.response_save(
                actor=secretariat,
                round_=round_,
                organization=organization,
                answers=_back_to_office_answers(context, round_number),
                submit=True,
            )
        services.round_set_status(actor=secretariat, round_=round_, status=RoundStatus.CLOSED)


def _round(context: DemoContext, survey: Survey, secretariat: Any) -> None:
    focal_point = context.users_by_role.get("focal_point")
    groups = list(Group.objects.filter(code__in=["sg-1", "sg-2"]))
    policy = survey.disclosure_policy
    services.policy_update(
        actor=secretariat,
        policy=policy,
        threshold=policy.threshold,
        dominance_n=policy.dominance_n,
        dominance_k=policy.dominance_k,
        protection=policy.protection,
        protection_percent=policy.protection_percent,
        groups=groups,
    )
    organizations = list(Organization.objects.order_by("acronym"))
    if not context.large:
        organizations = organizations[:24]
    unhcr = Organization.objects.filter(acronym="UNHCR").first()
    if unhcr is not None and unhcr not in organizations:
        organizations[-1] = unhcr
    today = timezone.localdate()
    if survey.rounds.exists():
        return  # already generated
    round_ = services.round_create(
        actor=secretariat,
        survey=survey,
        title=f"{today.year} round",
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=25),
        organizations=organizations,
        status=RoundStatus.OPEN,
    )
    for index, organization in enumerate(organizations):
        if organization == unhcr:
            continue  # left for the demo focal point to answer
        if index % 7 == 6:
            continue  # not answered yet: the reminders have someone to go to
        answers = _answers(context, index)
        services.response_save(
            actor=secretariat,
            round_=round_,
            organization=organization,
            answers=answers,
            submit=index % 11 != 5,
        )
        if index % 9 == 2:
            answers["comments"] = "Updated figures after the year-end review."
            answers["formal_reports"] = int(answers["formal_reports"]) + 2
            answers.pop("formal_investigated", None)
            services.response_save(
                actor=secretariat,
                round_=round_,
                organization=organization,
                answers=answers,
                submit=True,
            )
    if groups:
        for index, organization in enumerate(organizations[:6]):
            services.consent_give(
                actor=focal_point,
                organization=organization,
                group=groups[0],
                scope=ConsentScope.ANSWERS if index < 3 else ConsentScope.ATTRIBUTED_RESULTS,
                survey=survey,
            )
        if unhcr is not None:
            services.consent_give(
                actor=focal_point,
                organization=unhcr,
                group=groups[0],
                scope=ConsentScope.ATTRIBUTED_RESULTS,
            )
    context.notes.append(
        f"Surveys: {survey.title} — {round_.title} open, {len(organizations)} organizations "
        "invited; the focal point answers for UNHCR."
    )


def _repository(context: DemoContext, secretariat: Any) -> None:
    body = Body.objects.filter(acronym="HLCM").first()
    groups = list(Group.objects.filter(code__in=["sg-1", "sg-2", "sg-3", "sg-4"]))
    if body is None or not groups or Folder.objects.filter(body=body).exists():
        return
    folder = services.folder_create(
        actor=secretariat,
        body=body,
        name="Regulatory, policy and procedural documents",
        description="The password-protected repository of 003, open to the working group's "
        "sub-groups.",
        groups=groups,
    )
    for title, filename, text in DOCUMENTS:
        version = services.document_upload(
            actor=secretariat,
            folder=folder,
            filename=filename,
            content=text.encode("utf-8"),
            title=title,
        )
        if filename.endswith(".md"):
            services.document_upload(
                actor=secretariat,
                folder=folder,
                filename=filename,
                content=(text + "\nRevised after the working group's comments.\n").encode(),
                document=version.document,
                note="Revised after comments",
            )
