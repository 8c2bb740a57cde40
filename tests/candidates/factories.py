"""Helpers that build dossiers through the real services (no mocks of our own code)."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from admissions.models import DocumentType, EligibleTitle, Intake
from candidates import services
from candidates.enums import RefereeKind, TitleChoice
from candidates.selectors import application_queryset, document_checklist
from payments.services import payment_confirm, payment_start


def _tiny_files():
    """A one-page PDF and 8×8 pictures that really parse: uploads are opened and decoded
    (core.file_checks), so bare magic bytes are no longer enough."""
    pdf, png, jpeg = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, "PNG")
    Image.new("RGB", (8, 8), (200, 30, 30)).save(jpeg, "JPEG")
    return pdf.getvalue(), png.getvalue(), jpeg.getvalue()


PDF, PNG, JPEG = _tiny_files()
# A moment when the 2021 session accepts dossiers (Paris time).
OPEN_TIME = dt.datetime(2021, 2, 15, 10, 0, tzinfo=dt.UTC)
# The day after the 2021 deadline (9 March, midnight Paris time).
AFTER_DEADLINE = dt.datetime(2021, 3, 10, 10, 0, tzinfo=dt.UTC)


def pdf_file(name="document.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def intake(campaign, code="bat", level="year_1"):
    return Intake.objects.get(campaign=campaign, program__code=code, level=level)


def listed_title(campaign, code="bat", name_fr="Bâtiment"):
    return EligibleTitle.objects.get(
        intake__campaign=campaign, intake__program__code=code, intake__level="year_1", name_fr=name_fr
    )


def fresh(application):
    return application_queryset().get(pk=application.pk)


def fill_dossier(
    user,
    campaign,
    *,
    programs=("bat",),
    ects=120,
    title=None,
    title_choice=TitleChoice.LISTED,
    in_progress=False,
    scholarship=False,
    documents=True,
    referee=True,
    consents=True,
):
    """A dossier filled step by step through the services; not paid, not submitted."""
    application = services.application_get_or_create(candidate=user, campaign=campaign)
    services.application_identity_update(
        application=application,
        actor=user,
        first_name=user.first_name or "Camille",
        last_name=user.last_name or "Martin",
        birth_date=dt.date(2000, 5, 17),
        phone="+33 6 12 34 56 78",
        address="1 rue de la Paix, 30100 Alès",
        nationality="française",
    )
    services.application_path_update(
        application=application,
        actor=user,
        bac_series="STI2D",
        bac_year=2018,
        path_since_bac="2018-2020 BTS Bâtiment",
    )
    chosen = (
        title
        if title is not None
        else (listed_title(campaign) if title_choice == TitleChoice.LISTED else None)
    )
    services.application_title_update(
        application=application,
        actor=user,
        title_choice=title_choice,
        listed_title=chosen,
        title_name=str(chosen.name_fr) if chosen else "Licence professionnelle",
        title_description="" if chosen else "Licence pro métiers du BTP",
        title_establishment="Lycée Jean-Baptiste Dumas",
        ects=ects,
        title_in_progress=in_progress,
    )
    if scholarship:
        services.application_scholarship_declare(application=application, actor=user, declared=True)
    for code in programs:
        services.wish_add(application=application, intake=intake(campaign, code), actor=user)
    if documents:
        upload_required(application, user)
    if referee:
        services.referee_request(
            application=application,
            actor=user,
            kind=RefereeKind.ORIGIN_ESTABLISHMENT,
            name="Mme Prof",
            email=f"prof.{user.pk}@lycee.example.org",
            position="Responsable BTS",
        )
    if consents:
        services.application_consents_update(application=application, actor=user, share=True, recording=True)
    return fresh(application)


def upload_required(application, user, *, only_required=True):
    for item in document_checklist(fresh(application)):
        if item.required or not only_required:
            services.document_upload(
                application=application,
                document_type=item.document_type,
                uploaded_file=pdf_file(f"{item.document_type.code}.pdf"),
                actor=user,
            )


def pay(application, user):
    payment = payment_start(application=application, provider="sandbox", actor=user)
    payment_confirm(payment=payment, amount=payment.amount, provider_reference=f"test-{payment.pk}")
    return payment


def document_type(campaign, code):
    return DocumentType.objects.get(campaign=campaign, code=code)


def read_zip(content):
    return zipfile.ZipFile(io.BytesIO(content))
