"""Uploaded files: validation, random server-side names, private serving (DESIGN.md, Files).

- `validate_upload(f)` checks size (settings.PORTAL_UPLOAD_MAX_BYTES), refuses empty files and
  accepts only allow-listed types, checked by their magic bytes AND their extension, then
  parses the content (core.file_checks: PDFs opened, images decoded and re-encoded) and
  returns the file to store.
- `sanitize_filename(name)` keeps a harmless display name (no path, no control characters).
- `random_upload_to(prefix)` gives FileField an `upload_to` that stores under a random uuid.
- `serve_private_file(fieldfile, ...)` answers a permission-checked view: a FileResponse for
  local storage, a redirect to a short-lived signed URL for S3 (never a public URL).
"""

import mimetypes
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .file_checks import check_pdf, reencode_image


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]
    image_format: str = ""  # Pillow's name for pictures, re-encoded before storage


ALLOWED_KINDS = (
    FileKind("application/pdf", (".pdf",), (b"%PDF-",)),
    FileKind("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), "JPEG"),
    FileKind("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",), "PNG"),
)
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED_KINDS for ext in kind.extensions)
ACCEPT_ATTRIBUTE = ",".join((*ALLOWED_EXTENSIONS, *(k.content_type for k in ALLOWED_KINDS)))


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    original_name: str
    file: File  # what to store: the upload itself (PDF) or the re-encoded picture


def max_upload_bytes() -> int:
    return settings.PORTAL_UPLOAD_MAX_BYTES


def sanitize_filename(name: str, *, max_length: int = 120) -> str:
    """A display name that is harmless anywhere: the last path component only, no control
    or odd characters, no leading dots, bounded length. Never used as a storage path."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w.\- ()]+", "_", name, flags=re.UNICODE)
    name = re.sub(r"_+", "_", name).strip(" ._")
    if not name:
        name = "document"
    stem, ext = os.path.splitext(name)
    if len(name) > max_length:
        ext = ext[:10]
        name = stem[: max_length - len(ext)] + ext
    return name


def _read_head(uploaded, length: int = 16) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def validate_upload(uploaded) -> CheckedFile:
    """Raise ValidationError unless `uploaded` is a non-empty PDF, JPEG or PNG within the size
    limit whose content (magic bytes) and extension agree and whose content parses as a clean
    document (core.file_checks). The returned `file` is what to store."""
    size = uploaded.size or 0
    if size <= 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    original = sanitize_filename(getattr(uploaded, "name", ""))
    extension = os.path.splitext(original)[1].lower()
    head = _read_head(uploaded)
    for kind in ALLOWED_KINDS:
        if any(head.startswith(magic) for magic in kind.magic):
            if extension not in kind.extensions:
                raise ValidationError(
                    _("The file name does not match its content; accepted types: PDF, JPEG, PNG."),
                    code="extension_mismatch",
                )
            return _check_content(uploaded, kind, extension, original)
    raise ValidationError(
        _("This type of file is not accepted; accepted types: PDF, JPEG, PNG."), code="bad_type"
    )


def _check_content(uploaded, kind: FileKind, extension: str, original: str) -> CheckedFile:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if not kind.image_format:
        check_pdf(data)
        return CheckedFile(kind.content_type, extension, len(data), original, uploaded)
    cleaned = reencode_image(data, kind.image_format)
    return CheckedFile(kind.content_type, extension, len(cleaned), original, ContentFile(cleaned))


@deconstructible
class RandomUploadTo:
    """`upload_to` callable: `<prefix>/<yyyy>/<uuid hex><ext>`; the client's name never
    reaches the storage path."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        ext = os.path.splitext(str(filename))[1].lower()
        if ext not in ALLOWED_EXTENSIONS:
            ext = ""
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix


def _is_local(storage) -> bool:
    # A LazyObject (default_storage) proxies isinstance checks to the real storage.
    return isinstance(storage, FileSystemStorage)


def serve_private_file(fieldfile, *, download_name: str, content_type: str = "", as_attachment=False):
    """Answer a permission-checked request for a private file. The caller has already
    checked who may read it."""
    storage = fieldfile.storage
    content_type = content_type or mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    if _is_local(storage):
        response = FileResponse(
            fieldfile.open("rb"),
            as_attachment=as_attachment,
            filename=download_name,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
    disposition = "attachment" if as_attachment else "inline"
    url = storage.url(
        fieldfile.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": f'{disposition}; filename="{download_name}"',
        },
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response
