"""Demo meeting: the HLCM 40th session of seed 001 — its agenda and documents, a subset of its
participant lists (Annexes I and II), its conclusions (the shipped `hlcm-40-decisions`
framework) and their follow-ups, some done and some overdue relative to today."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tutela.common.demo import DemoContext
from tutela.frameworks.library import LibraryError
from tutela.frameworks.loading import library_load
from tutela.frameworks.models import Framework
from tutela.meetings import services
from tutela.meetings.models import FollowUpStatus, Meeting
from tutela.organizations.models import Body, Organization

CONCLUSIONS_SLUG = "hlcm-40-decisions"

# (number, title, [(symbol, document title)]) — the consolidated agenda of seed 001.
AGENDA: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("I", "Introduction", []),
    (
        "II",
        "Future of the UN System Workforce",
        [
            (
                "CEB/2020/HLCM/13",
                "Interim Report of the CEB Task Force on Future of the UN System Workforce",
            ),
            (
                "CEB/2020/HLCM/16",
                "Discussion Paper: Interim Report of the CEB Task Force on Future of the UN "
                "System Workforce",
            ),
        ],
    ),
    (
        "III",
        "Aligning and Coordinating UN System's Return to Office",
        [
            (
                "CEB/2020/HLCM/11/Rev.2",
                "COVID-19: Aligning and Coordinating UN System's Return to Office – Basic facts "  # noqa: RUF001 — as the seed writes it
                "and figures (Updated as of 30 September 2020)",
            )
        ],
    ),
    (
        "IV",
        "Addressing Sexual Harassment within the Organisations of the UN System",
        [
            (
                "CEB/2020/HLCM/18",
                "2020-2021 Workplan - CEB Task Force on Addressing Sexual Harassment within the "
                "Organizations of the UN system",
            )
        ],
    ),
    (
        "V",
        "Any other business",
        [
            (
                "",
                "Final Report of the Business Innovations Strategic Results Group (BIG), June 2020",
            ),
            ("CEB/2020/HLCM/19", "Guidance Notes - Cover note"),
            ("CEB/2020/HLCM/20", "Managing Fraud Risk"),
            ("CEB/2020/HLCM/21", "Managing Risks in the Field and Decentralized Organizations"),
        ],
    ),
    ("VI", "Conclusions", []),
]

# (name, organization acronym, as written in the seed if different, title, role)
PARTICIPANTS: list[tuple[str, str, str, str, str]] = [
    ("Ms. Grete Faremo", "UNOPS", "", "HLCM Chair; Executive Director", "chair"),
    (
        "Ms. Kelly T. Clements",
        "UNHCR",
        "",
        "HLCM Vice-Chair; Deputy High Commissioner for Refugees",
        "vice_chair",
    ),
    ("Mr. Remo Lalli", "CEB Secretariat", "", "Secretary", "secretariat"),
    ("Ms. Simona Petrova", "CEB Secretariat", "", "CEB Secretary", "secretariat"),
    (
        "Ms. Catherine Pollard",
        "UN Secretariat",
        "United Nations",
        "Under-Secretary-General for Management Strategy, Policy and Compliance",
        "member",
    ),
    (
        "Mr. Jens Wandel",
        "UN Secretariat",
        "United Nations",
        "Special Advisor to the Secretary-General on Reforms",
        "member",
    ),
    (
        "Ms. Martha Helena Lopez",
        "UN Secretariat",
        "United Nations",
        "Assistant Secretary-General, Human Resources Management",
        "member",
    ),
    (
        "Ms. AnneMarie van den Berg",
        "UN Secretariat",
        "United Nations",
        "Director, Logistics Division, DOS-OSCM",
        "member",
    ),
    ("Mr. Greg Vines", "ILO", "", "Deputy Director General", "member"),
    ("Mr. Mario Lubetkin", "FAO", "", "Assistant Director-General", "member"),
    (
        "Mr. Nick Jeffreys",
        "UNESCO",
        "",
        "Assistant Director-General, Administration and Management",
        "member",
    ),
    (
        "Mr. Tim Martineau",
        "UNAIDS",
        "",
        "Deputy Executive Director a.i., Management & Governance",
        "member",
    ),
    ("Mr. Raul Thomas", "WHO", "", "Assistant Director General, Business Operations", "member"),
    ("Ms. Laura Thompson", "IOM", "", "Deputy Director General", "member"),
    ("Mr. Malcolm Johnson", "ITU", "", "Deputy Secretary General", "member"),
    ("Mr. Wenjian Zhang", "WMO", "", "Assistant Secretary-General", "member"),
    (
        "Ms. Chitra Narayanaswamy",
        "WIPO",
        "",
        "Director, Program Planning and Finance (Controller)",
        "member",
    ),
    (
        "Mr. Guoqi Wu",
        "IFAD",
        "",
        "Associate Vice-President, Corporate Services Department",
        "member",
    ),
    (
        "Ms. Mary Alice Hayward",
        "IAEA",
        "",
        "Deputy Director General, and Head, Department of Management",
        "member",
    ),
    (
        "Ms. Angelique M. Crumbly",
        "UNDP",
        "",
        "Assistant Secretary-General, Assistant Administrator and Director, Bureau for "
        "Management Services (BMS)",
        "member",
    ),
    (
        "Ms. Catty Bennet Sattler",
        "UNHCR",
        "",
        "Director of Division of Human Resources",
        "member",
    ),
    ("Ms. Hannan Sulieman", "UNICEF", "", "Deputy Executive Director (Management)", "member"),
    (
        "Mr. Ib Petersen",
        "UNFPA",
        "",
        "ASG and Deputy Executive Director (Management)",
        "member",
    ),
    ("Mr. Manoj Juneja", "WFP", "", "Assistant Executive Director and CFO", "member"),
    (
        "Mr. Dennis Thatchaichawalit",
        "UNODC",
        "UNODC/UNOV",
        "Director, Division of Management",
        "member",
    ),
    (
        "Ms. Anita Bhatia",
        "UN Women",
        "",
        "Deputy Executive Director, ASG for Resource Management, Sustainability and Partnerships",
        "member",
    ),
    ("Mr. Ovais Sarmad", "UNFCCC", "", "ASG and Deputy Executive Secretary", "member"),
    (
        "Ms. Jennifer Lester",
        "IMF",
        "",
        "Director, Corporate Services and Facilities Department",
        "member",
    ),
    ("Mr. Ferran Perez Ribo", "WBG", "WORLD BANK", "International Affairs Officer", "member"),
    ("Ms. Regina Pawlik", "ICSC", "", "Executive Secretary", "observer"),
    ("Ms. Evelyn Kortum", "FICSA", "", "General Secretary", "observer"),
    ("Ms. Patricia Nemeth", "CCISUA", "", "Vice President for Conditions of Service", "observer"),
    ("Ms. Kamila Karimova", "Young UN", "", "Portfolio Analyst, UNOPS", "observer"),
]

# The organizations chairing the task forces the requests are addressed to (seed 001 §9 and
# §35): the Future of the UN System Workforce task force is chaired by the UN Secretariat's
# Catherine Pollard; the Sexual Harassment task force by UNHCR's Kelly T. Clements.
LEAD_OF_REQUEST = {
    "18.a": "UN Secretariat",
    "18.b": "UN Secretariat",
    "18.c": "UN Secretariat",
    "18.d": "UN Secretariat",
    "43": "UNHCR",
}


def _pdf(title: str) -> bytes:
    """A one-page PDF naming the document (the real files are not part of the seed)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 11 Tf 50 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _conclusions() -> Framework | None:
    found = Framework.objects.filter(slug=CONCLUSIONS_SLUG).order_by("-version").first()
    if found is None:
        library_load()
        found = Framework.objects.filter(slug=CONCLUSIONS_SLUG).order_by("-version").first()
    return found


def generate(context: DemoContext) -> None:
    hlcm = Body.objects.get(acronym="HLCM")
    if Meeting.objects.filter(body=hlcm, number=40).exists():
        return
    secretariat = context.users_by_role.get("secretariat")
    meeting = services.meeting_create(
        actor=secretariat,
        body=hlcm,
        title="HLCM 40th session",
        number=40,
        starts_on=date(2020, 9, 29),
        ends_on=date(2020, 10, 13),
        format="virtual",
        status="concluded",
    )
    for number, title, documents in AGENDA:
        item = services.agenda_item_add(
            actor=secretariat, meeting=meeting, number=number, title=title
        )
        for symbol, document_title in documents:
            name = (symbol or "BIG-final-report").replace("/", "-").replace(".", "-") + ".pdf"
            services.document_add(
                actor=secretariat,
                meeting=meeting,
                agenda_item=item,
                title=document_title,
                symbol=symbol,
                upload=SimpleUploadedFile(name, _pdf(document_title), "application/pdf"),
            )
    organizations = {o.acronym: o for o in Organization.objects.all()}
    for name, acronym, as_written, title, role in PARTICIPANTS:
        services.participant_add(
            actor=secretariat,
            meeting=meeting,
            name=name,
            organization=organizations.get(acronym),
            organization_note=as_written,
            title=title,
            role=role,
        )
    try:
        conclusions = _conclusions()
    except LibraryError as error:
        context.notes.append(f"Meetings: the framework library did not load ({error.errors[0]}).")
        return
    if conclusions is None or conclusions.owner_body_id != hlcm.pk:
        context.notes.append(f"Meetings: no {CONCLUSIONS_SLUG} framework; no conclusions linked.")
        return
    services.conclusions_link(actor=secretariat, meeting=meeting, framework=conclusions)
    follow_ups = {
        f.node.ref_id: f for f in services.follow_ups_generate(actor=secretariat, meeting=meeting)
    }
    today = timezone.localdate()
    for ref, acronym in LEAD_OF_REQUEST.items():
        if ref in follow_ups:
            services.follow_up_assign(
                actor=secretariat,
                follow_up=follow_ups[ref],
                owner_organization=organizations.get(acronym),
                due_on=follow_ups[ref].due_on,
            )
    # (ref, status, due date or None to keep the request's own, progress)
    plan = [
        (
            "18.a",
            FollowUpStatus.DONE,
            None,
            "Proposals on the people-centred and cultural aspects presented to HLCM at its "
            "first regular session of 2021.",
        ),
        (
            "18.b",
            FollowUpStatus.IN_PROGRESS,
            today + timedelta(days=45),
            "Guidance on operationalizing the Senior Leadership Commitments in drafting.",
        ),
        (
            "18.c",
            FollowUpStatus.DONE,
            None,
            "Model UN system framework for flexible working shared with HLCM in December 2020.",
        ),
        (
            "18.d",
            FollowUpStatus.IN_PROGRESS,
            today - timedelta(days=21),
            "Options for non-location-specific contract modalities under review with the ICSC.",
        ),
        ("43", FollowUpStatus.OPEN, today - timedelta(days=10), ""),
    ]
    for ref, status, due_on, note in plan:
        follow_up = follow_ups.get(ref)
        if follow_up is None:
            continue
        if due_on is not None:
            services.follow_up_assign(
                actor=secretariat,
                follow_up=follow_up,
                owner_organization=follow_up.owner_organization,
                due_on=due_on,
            )
        services.follow_up_update(
            actor=secretariat, follow_up=follow_up, status=status, progress_note=note
        )
