"""The CFA's phase of a session, told through the apprenticeship services at its dates: the
admissible candidates invite employers, who fill and send job sheets; the school reviews
them (approve, ask for changes, refuse); the CFA registers the approved ones within the
intake's places (the 2nd-year BAT intake has one place, so a second sheet waits: "no place
left"); once the session reaches its classes, the registered candidates are admitted with
their diploma proven and their contracts recorded (enrolled, other choices withdrawn)."""

import datetime as dt
import random

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from apprenticeship.demo import load_competency_frameworks
from apprenticeship.enums import BlockVerdict, ReviewDecision
from apprenticeship.models import CompetencyBlock
from apprenticeship.selectors import diploma_proven
from apprenticeship.services.contracts import contract_record, diploma_proof_verify, wish_admit
from apprenticeship.services.job_sheets import (
    job_sheet_invite,
    job_sheet_review,
    job_sheet_save,
    job_sheet_send,
)
from apprenticeship.services.places import job_sheet_register
from candidates import services as dossier
from candidates.enums import WishState
from candidates.models import Wish
from candidates.selectors import application_queryset, document_checklist

from .dossiers import _pdf, at

# What becomes of each searching candidate's sheet, in turn (a cycle, so that every state
# appears from a dozen candidates on); None: no employer found yet.
PLAN = [
    "registered",
    "sent",
    "invited",
    "approved",
    "registered",
    "filling",
    "changes",
    "registered",
    "refused",
    "sent",
    "registered",
    None,
]
# Days after the support's start (R-CFA-1) at which each step happens.
INVITE, FILL, SEND, REVIEW, REGISTER, PROOF, ADMIT, SIGN = 3, 4, 6, 8, 9, 28, 30, 35
SIRET = "73282932000074"  # a fictional number whose checksum holds


def _content(wish, number: int, blocks) -> dict:
    return {
        "company_name": f"Entreprise Exemple {number} (fictive)",
        "siret": SIRET,
        "address": f"{number} avenue de l'Exemple, 30100 Alès",
        "company_size": ["micro", "small", "medium", "large"][number % 4],
        "sector": str(wish.intake.program.name),
        "tutor_name": f"Tuteur Exemple {number}",
        "tutor_position": "Ingénieur(e) responsable",
        "tutor_qualification": "Ingénieur(e), 10 ans d'expérience",
        "working_place": "Alès",
        "working_hours": "35 h par semaine",
        "missions": {
            block.code: {
                "missions": f"Missions du bloc {block.code} (démonstration).",
                "progression": "Année 1 : découverte ; année 2 : autonomie ; année 3 : responsabilité.",
            }
            for block in blocks
        },
    }


def cfa_steps(campaign, progress: str, *, cfa, seed: str, classes: bool) -> dict[str, int]:
    load_competency_frameworks()
    rng = random.Random(f"{seed}-cfa")
    start = campaign.company_search_start_on
    day = lambda offset, hour=10: at(start + dt.timedelta(days=offset), hour)  # noqa: E731
    blocks: dict[int, list] = {}
    for block in CompetencyBlock.objects.order_by("position", "code"):
        blocks.setdefault(block.program_id, []).append(block)
    wishes = list(
        Wish.objects.filter(intake__campaign=campaign, state=WishState.ADMISSIBLE)
        .select_related("application__candidate", "intake__program")
        .order_by("pk")
    )
    plans: list[tuple[Wish, str]] = []
    seen: set[int] = set()
    turn = 0
    for wish in wishes:
        if wish.application_id in seen:
            continue
        seen.add(wish.application_id)
        if wish.intake.level == "year_2":
            plan = "registered"  # one place: the first takes it, the next ones wait
        else:
            plan, turn = PLAN[turn % len(PLAN)], turn + 1
        if plan:
            plans.append((wish, plan))
    sheets = []
    with time_machine.travel(day(INVITE), tick=False):
        for number, (wish, plan) in enumerate(plans, start=1):
            candidate = wish.application.candidate
            sheet = job_sheet_invite(
                wish=wish,
                actor=candidate,
                employer_name=f"Service RH {number}",
                employer_email=f"rh{number}.{campaign.year}@entreprise-exemple.example.org",
            )
            sheets.append((sheet, plan, _content(wish, number, blocks.get(wish.intake.program_id, []))))
    with time_machine.travel(day(FILL, 15), tick=False):
        for sheet, plan, content in sheets:
            if plan != "invited":
                job_sheet_save(sheet=sheet, data={"company_name": content["company_name"]})
    with time_machine.travel(day(SEND, 16), tick=False):
        sheets = [
            (job_sheet_send(sheet=sheet, data=content) if plan not in ("invited", "filling") else sheet, plan)
            for sheet, plan, content in sheets
        ]
    decisions = {
        "approved": ReviewDecision.APPROVE,
        "registered": ReviewDecision.APPROVE,
        "changes": ReviewDecision.CHANGES,
        "refused": ReviewDecision.REFUSE,
    }
    with time_machine.travel(day(REVIEW, 11), tick=False):
        for sheet, plan in sheets:
            if plan not in decisions:
                continue
            program_blocks = blocks.get(sheet.intake.program_id, [])
            job_sheet_review(
                sheet=sheet,
                actor=cfa,
                decision=decisions[plan],
                comment={
                    "changes": "Précisez les missions du bloc C3 (démonstration).",
                    "refused": "Missions sans rapport avec la formation (démonstration).",
                }.get(plan, ""),
                verdicts={
                    block.pk: (BlockVerdict.FITS if plan != "refused" else BlockVerdict.DOES_NOT_FIT, "")
                    for block in program_blocks
                },
            )
    registered = []
    with time_machine.travel(day(REGISTER, 9), tick=False):
        for sheet, plan in sheets:
            if plan == "registered" and job_sheet_register(sheet=sheet, actor=cfa):
                registered.append(sheet)
    counts = {"job_sheets": len(sheets), "registered": len(registered)}
    if classes:
        counts |= _admit(registered, campaign, cfa=cfa, rng=rng, day=day)
    return counts


def _admit(registered, campaign, *, cfa, rng, day) -> dict[str, int]:
    """The late diploma proofs arrive and are verified, the registered candidates are
    admitted, then their signed contracts are recorded (R-DOSSIER-4, R-ADMIT-2, R-ADMIT-3)."""
    with time_machine.travel(day(PROOF, 14), tick=False):
        for sheet in registered:
            application = sheet.wish.application
            if not application.title_in_progress:
                continue
            for item in document_checklist(application_queryset().get(pk=application.pk)):
                if item.late_allowed:
                    dossier.document_upload(
                        application=application,
                        document_type=item.document_type,
                        uploaded_file=SimpleUploadedFile(
                            f"{item.document_type.code}.pdf",
                            _pdf(f"{item.document_type.name_fr} – démonstration"),
                            content_type="application/pdf",
                        ),
                        actor=application.candidate,
                    )
        for sheet in registered:
            if sheet.wish.application.title_in_progress:
                diploma_proof_verify(application=sheet.wish.application, actor=cfa)
    admitted = []
    with time_machine.travel(day(ADMIT, 10), tick=False):
        for sheet in registered:
            if diploma_proven(sheet.wish.application):
                admitted.append(wish_admit(wish=sheet.wish, actor=cfa))
    enrolled = 0
    start = campaign.company_search_start_on
    with time_machine.travel(day(SIGN, 10), tick=False):
        for number, wish in enumerate(admitted, start=1):
            if rng.random() < 0.15:
                continue  # admitted, contract not signed yet
            contract_record(
                wish=wish,
                actor=cfa,
                signed_on=start + dt.timedelta(days=SIGN - 1),
                starts_on=start + dt.timedelta(days=SIGN + 60),
                ends_on=start + dt.timedelta(days=SIGN + 60 + 3 * 365),
                cerfa_number=f"DEMO-{campaign.year}-{number:04d}",
                uploaded_file=SimpleUploadedFile(
                    "contrat.pdf",
                    _pdf("Contrat d'apprentissage – démonstration"),
                    content_type="application/pdf",
                ),
            )
            enrolled += 1
    return {"admitted": len(admitted), "enrolled": enrolled}
