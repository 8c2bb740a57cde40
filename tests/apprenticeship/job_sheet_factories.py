"""Job sheets built through the real services (invite, send, review), from admissible wishes
made directly (the jury's path is tested in tests/jury/)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.models import DocumentType, Intake
from apprenticeship.enums import BlockVerdict, ReviewDecision
from apprenticeship.models import CompetencyBlock, JobSheet
from apprenticeship.services.job_sheets import job_sheet_invite, job_sheet_review, job_sheet_send
from candidates.enums import WishState
from candidates.models import Document
from tests.candidates.factories import PDF
from tests.jury.factories import ApplicationFactory, WishFactory

VALID_SIRET = "73282932000074"  # the checksum holds (Luhn)
BAD_SIRET = "73282932000075"


def framework(program, count=2):
    """The program's competency framework: `count` blocks (admin data)."""
    return [
        CompetencyBlock.objects.get_or_create(
            program=program,
            code=f"B{n}",
            defaults={"label_fr": f"Bloc {n}", "label_en": f"Block {n}", "position": n},
        )[0]
        for n in range(1, count + 1)
    ]


def bat_intake(campaign, code="bat"):
    return Intake.objects.select_related("program").get(campaign=campaign, program__code=code, level="year_1")


def admissible_wish(intake, *, candidate=None, title_in_progress=False, **application):
    extra = {"candidate": candidate} if candidate else {}
    app = ApplicationFactory(
        campaign=intake.campaign, title_in_progress=title_in_progress, **extra, **application
    )
    return WishFactory(application=app, intake=intake, state=WishState.ADMISSIBLE)


def sheet_content(blocks, **overrides):
    data = {
        "company_name": "Bâtisseurs du Gard",
        "siret": VALID_SIRET,
        "address": "1 rue des Ponts, 30100 Alès",
        "company_size": "small",
        "sector": "Construction",
        "tutor_name": "Claire Martin",
        "tutor_position": "Conductrice de travaux",
        "tutor_qualification": "Ingénieure, 12 ans",
        "working_place": "Alès",
        "working_hours": "35 h par semaine",
        "missions": {
            b.code: {"missions": f"Missions {b.code}", "progression": f"Année 1 à 3 {b.code}"} for b in blocks
        },
    }
    data.update(overrides)
    return data


def form_data(blocks, **overrides):
    """The employer's form as posted."""
    content = sheet_content(blocks)
    data = {k: v for k, v in content.items() if k != "missions"}
    for block in blocks:
        data[f"block_{block.pk}_missions"] = content["missions"][block.code]["missions"]
        data[f"block_{block.pk}_progression"] = content["missions"][block.code]["progression"]
    data.update(overrides)
    return data


def invited_sheet(wish, email="rh@batisseurs.example", name="Mme RH") -> JobSheet:
    return job_sheet_invite(
        wish=wish, actor=wish.application.candidate, employer_name=name, employer_email=email
    )


def sent_sheet(wish, **kwargs) -> JobSheet:
    sheet = invited_sheet(wish, **kwargs)
    blocks = framework(wish.intake.program)
    return job_sheet_send(sheet=sheet, data=sheet_content(blocks))


def verdicts(blocks, verdict=BlockVerdict.FITS):
    return {block.pk: (verdict, "") for block in blocks}


def approved_sheet(wish, reviewer, **kwargs) -> JobSheet:
    sheet = sent_sheet(wish, **kwargs)
    blocks = framework(wish.intake.program)
    job_sheet_review(
        sheet=sheet, actor=reviewer, decision=ReviewDecision.APPROVE, comment="", verdicts=verdicts(blocks)
    )
    return JobSheet.objects.get(pk=sheet.pk)


def pdf_upload(name="contrat.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def late_documents(application, campaign):
    """The diploma proof and the latest transcripts, sent after submission (R-DOSSIER-4)."""
    for code in ("diploma", "transcripts"):
        document_type = DocumentType.objects.get(campaign=campaign, code=code)
        Document.objects.create(
            application=application,
            document_type=document_type,
            file=SimpleUploadedFile(f"{code}.pdf", PDF),
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            late=True,
        )


def contract_dates(sheet, days_after=1):
    signed = sheet.approved_at.date() + dt.timedelta(days=days_after)
    return {
        "signed_on": signed,
        "starts_on": signed + dt.timedelta(days=7),
        "ends_on": signed + dt.timedelta(days=3 * 365),
        "cerfa_number": "030202100001234",
    }
