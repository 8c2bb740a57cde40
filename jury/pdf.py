"""The jury's PDFs, through core.pdf's renderer: the deliberation minutes, and one dossier
bound for reading offline or printing for the deliberation (its cover, then every
document)."""

import io
import logging

from django.utils import timezone, translation
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from core.pdf import render_pdf

from .minutes import change_sentence
from .selectors import diploma_name, dossier_documents, minutes_context

logger = logging.getLogger(__name__)


def minutes_pdf(*, intake, language: str = "fr") -> bytes:
    """The minutes in the reader's language: each logged change as a sentence in it."""
    context = {"intake": intake, "printed_at": timezone.now(), **minutes_context(intake=intake)}
    with translation.override(language):
        for entry in context["log"]:
            entry.sentence = change_sentence(entry)
    return render_pdf("pdf/jury_minutes.html", context, language)


def _document_pdf(document) -> bytes | None:
    """The document as PDF pages: a PDF as uploaded (checked on upload), a picture on its
    own page; None when it cannot be read back (it is then named on the cover)."""
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        if document.content_type == "application/pdf":
            PdfReader(io.BytesIO(data), strict=False)  # opens, or raises
            return data
        out = io.BytesIO()
        with Image.open(io.BytesIO(data)) as image:
            image.convert("RGB").save(out, "PDF", resolution=150)
        return out.getvalue()
    except (OSError, PyPdfError, UnidentifiedImageError, ValueError):
        logger.warning("Document %s could not be bound into the dossier PDF", document.pk)
        return None


def dossier_pdf(*, wish, language: str = "fr") -> bytes:
    """The dossier as the jury reads it (R-JURY-1): identity, path and title, the referees'
    appraisals in words, then every current document appended. No company information
    (R-JURY-2), as on the dossier page."""
    documents, referees = dossier_documents(wish=wish)
    parts = [(document, _document_pdf(document)) for document in documents]
    cover = render_pdf(
        "pdf/jury_dossier.html",
        {
            "wish": wish,
            "application": wish.application,
            "candidate": wish.application.candidate,
            "diploma": diploma_name(wish.application),
            "referees": referees,
            "documents": [(document, part is not None) for document, part in parts],
            "printed_at": timezone.now(),
        },
        language,
    )
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    for document, part in parts:
        if part is not None:
            writer.append(PdfReader(io.BytesIO(part), strict=False), outline_item=document.document_type.name)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
