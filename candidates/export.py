"""R-DATA-1: everything the portal holds about a candidate, as a zip (JSON + their files).

Excluded on purpose: referees' answers (confidential, R-DOSSIER-6) and any jury data not yet
released (the wish state shown is the released one)."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from notifications.models import OutboxMessage

from .enums import DocumentState
from .fees import fee_ledger
from .models import Application, Document
from .selectors import released_state

# What higher apps hold about a candidate (the video interview's recordings…): each registers
# in its AppConfig.ready() a section of data.json and the files to add to the zip.
_SECTIONS: dict[str, tuple] = {}


def register_data_section(key: str, *, data, files=None) -> None:
    """`data(user)` -> JSON-able value under data.json's `key`; `files(user)` -> iterable of
    (name in the zip, FieldFile)."""
    _SECTIONS[key] = (data, files)


def _emails(user):
    """The e-mails sent to the candidate (the same ones their inbox shows)."""
    return [
        {
            "subject": m.subject,
            "body": m.body_text,
            "template": m.template_key,
            "queued_at": m.created_at,
            "sent_at": m.sent_at,
            "state": m.state,
        }
        for m in OutboxMessage.objects.filter(recipient_email__iexact=user.email).order_by("created_at", "pk")
    ]


def candidate_data(user) -> dict:
    now = timezone.now()
    applications = (
        Application.objects.filter(candidate=user)
        .select_related("campaign", "listed_title")
        .prefetch_related("wishes__intake__program", "documents__document_type", "referees")
        .order_by("campaign__year")
    )
    data = {
        "exported_at": now,
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "applications": [],
        "emails": _emails(user),
    }
    for application in applications:
        data["applications"].append(
            {
                "session": application.campaign.name,
                "reference": application.reference,
                "submitted_at": application.submitted_at,
                "identity": {
                    "birth_date": application.birth_date,
                    "phone": application.phone,
                    "address": application.address,
                    "nationality": application.nationality,
                },
                "path": {
                    "bac_series": application.bac_series,
                    "bac_year": application.bac_year,
                    "path_since_bac": application.path_since_bac,
                },
                "title": {
                    "choice": application.title_choice,
                    "listed_title": application.listed_title.name_fr if application.listed_title else None,
                    "name": application.title_name,
                    "description": application.title_description,
                    "establishment": application.title_establishment,
                    "ects": application.ects,
                    "in_progress": application.title_in_progress,
                },
                "scholarship_status": application.scholarship_status,
                "consents": {
                    "share_contact_details_with_test_providers": application.consent_share_at,
                    "filmed_and_recorded": application.consent_recording_at,
                },
                "wishes": [
                    {
                        "program": wish.intake.program.code,
                        "level": wish.intake.level,
                        "state": released_state(wish, application.campaign, now),
                        "eligibility": wish.eligibility,
                        "created_at": wish.created_at,
                    }
                    for wish in application.wishes.all()
                ],
                "documents": [
                    {
                        "type": d.document_type.code,
                        "original_name": d.original_name,
                        "content_type": d.content_type,
                        "size": d.size,
                        "uploaded_at": d.uploaded_at,
                        "state": d.state,
                        "file_in_zip": _zip_name(d) if d.state == DocumentState.CURRENT else None,
                    }
                    for d in application.documents.all()
                ],
                # Only who was asked and whether they answered: never the answers.
                "referees": [
                    {
                        "kind": r.kind,
                        "name": r.name,
                        "email": r.email,
                        "status": r.status,
                        "requested_at": r.requested_at,
                        "received_at": r.received_at,
                    }
                    for r in application.referees.all()
                ],
                "payments": fee_ledger().export(application),
            }
        )
    for key, (section, _files) in _SECTIONS.items():
        data[key] = section(user)
    return data


def _zip_name(document) -> str:
    return f"files/{document.pk}-{document.document_type.code}-{document.original_name}"


def candidate_data_zip(*, user) -> bytes:
    data = candidate_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        documents = Document.objects.filter(
            application__candidate=user, state=DocumentState.CURRENT
        ).select_related("document_type")
        for document in documents:
            with document.file.open("rb") as handle:
                archive.writestr(_zip_name(document), handle.read())
        for _section, files in _SECTIONS.values():
            for name, fieldfile in files(user) if files else ():
                with fieldfile.open("rb") as handle:
                    archive.writestr(name, handle.read())
    return buffer.getvalue()
