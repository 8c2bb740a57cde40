"""What is inside an uploaded file (R-DOSSIER-2; ASVS 5.0 5.2.2, 5.2.3).

`core.files.validate_upload` has already matched the first bytes and the extension; here the
content itself is parsed, so that what the jury opens is a document and nothing else:

- `check_pdf(data)`: the PDF opens with pypdf and ends with its `%%EOF` marker (a truncated
  upload is refused, not silently repaired); it carries no active content (scripts, automatic
  actions, launched programs, attached files, multimedia, XFA forms) and no password the jury
  would need. A PDF is stored as uploaded: rewriting it could lose what the candidate signed.
- `reencode_image(data, format)`: the picture is decoded by Pillow within
  `settings.PORTAL_UPLOAD_MAX_PIXELS` (decompression bombs refused before decoding) and
  encoded again, which drops whatever rode along: trailing bytes, comments, EXIF (GPS
  coordinates, camera serial), ICC and text chunks. The EXIF orientation is applied first so
  that a phone photo stays upright.
- Both refuse a file that visibly hides something else (a web page, a script, an archive, an
  executable): polyglots are refused with a clear message rather than quietly cleaned, so the
  candidate knows what was wrong; mere camera trailers (motion photos) are simply dropped.
"""

import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Markup or script that a browser or a viewer could run. Searched only where a document has
# no pixels or page content (metadata, the bytes after the end), so random compressed data
# practically never matches.
_MARKUP = re.compile(
    rb"<(?:script|html|iframe|svg|object|embed|body|form|meta)[\s>/]|<!doctype|<\?php|javascript:",
    re.IGNORECASE,
)
# Another file glued after the end of the document (archive, executable, PDF, GIF: GIFAR).
_FOREIGN_STARTS = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"%PDF-",
    b"MZ",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"GIF8",
)
# A ZIP archive (a .jar, an Office file) is read from its end: its end-of-directory record
# sits in the last 64 KiB (+22 bytes) of the file whatever precedes it.
_ZIP_END = b"PK\x05\x06"
_ZIP_SEARCH = 65536 + 22

HIDDEN_CONTENT = _(
    "This file hides other content besides the document (for example a web page or an "
    "archive). Send a clean copy: for a PDF, open it and use “Print” then “Save as PDF”; for a "
    "picture, export it again as JPEG or PNG."
)
PDF_UNREADABLE = _(
    "This PDF cannot be read: it is damaged or incomplete. Open the original document, use "
    "“Print” then “Save as PDF”, and send the new file."
)
PDF_ACTIVE = _(
    "This PDF contains active content (scripts, automatic actions, attached files or "
    "multimedia), which is not accepted. To make a clean copy, open it and use “Print” then "
    "“Save as PDF” (or “Microsoft Print to PDF”), then send that copy."
)
PDF_ENCRYPTED = _(
    "This PDF is protected by a password, so the jury could not open it. Send a copy without "
    "a password: open it, use “Print” then “Save as PDF”."
)
IMAGE_UNREADABLE = _(
    "This picture cannot be read: it is damaged or incomplete. Take the photo or the scan "
    "again, or export it again as JPEG or PNG."
)
IMAGE_TOO_LARGE = _(
    "This picture is too large (%(width)s × %(height)s pixels); the limit is %(limit)s million "
    "pixels. Reduce its size and send it again."
)


def max_upload_pixels() -> int:
    return settings.PORTAL_UPLOAD_MAX_PIXELS


def _hides_content(*, metadata: bytes = b"", trailer: bytes = b"", whole: bytes = b"") -> bool:
    if _MARKUP.search(metadata) or _MARKUP.search(trailer):
        return True
    if trailer.lstrip(b" \t\r\n\x00").startswith(_FOREIGN_STARTS):
        return True
    return _ZIP_END in whole[-_ZIP_SEARCH:]


# --- PDF ------------------------------------------------------------------------------------

# Keys whose mere presence means the PDF acts on its own or carries another file.
_ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFiles",
        "/EF",
        "/RichMedia",
        "/RichMediaContent",
        "/XFA",
    }
)
# Action types (/S) that run code, open programs or other files, send data or play media.
# Links to web pages (/URI) and within the document (/GoTo) stay allowed: CVs have them.
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
_ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/RichMedia", "/FileAttachment", "/Movie", "/Sound", "/Screen"})
# Bounds the walk of a hostile file's object graph (a 10 MB PDF has far fewer objects).
_MAX_PDF_ITEMS = 2_000_000


def _has_active_content(reader) -> bool:
    """Walk every object reachable from the trailer, once each (explicit stack: no recursion
    limit for deeply nested arrays). pypdf has already decoded obfuscated names (/J#61vaScript)."""
    seen = set()
    stack = [reader.trailer]
    for _count in range(_MAX_PDF_ITEMS):
        if not stack:
            return False
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            raw = dict(obj)  # the raw values: indirect references stay unresolved
            if _ACTIVE_KEYS.intersection(raw):
                return True
            if obj.get("/S") in _ACTIVE_ACTIONS or obj.get("/Type") in _ACTIVE_TYPES:
                return True
            if obj.get("/Subtype") in _ACTIVE_TYPES:
                return True
            # An opening destination ([page /Fit]) is harmless; an opening action is not,
            # unless it only goes to a page.
            opening = obj.get("/OpenAction")
            if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
                return True
            stack.extend(raw.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    raise ValueError("too many objects")


def check_pdf(data: bytes) -> None:
    """Raise ValidationError unless `data` is a complete, readable, passive PDF."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable")
    trailer = data[end + len(b"%%EOF") :]
    if _hides_content(metadata=data[:1024], trailer=trailer, whole=data):
        raise ValidationError(HIDDEN_CONTENT, code="hidden_content")
    # Readers look for %%EOF in the last 1024 bytes (Acrobat, pypdf's strict mode).
    if len(trailer) > 1024:
        raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable")

    try:
        # Lenient parsing on purpose: real tools write small deviations that every viewer
        # tolerates; truncation is caught above (%%EOF) and by resolving every object below.
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted")
        if len(reader.pages) < 1:
            raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable")
        active = _has_active_content(reader)
    except ValidationError:
        raise
    except Exception as error:  # any parser failure means "cannot be read"
        raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable") from error
    if active:
        raise ValidationError(PDF_ACTIVE, code="pdf_active_content")


# --- images ---------------------------------------------------------------------------------


@dataclass
class _Parts:
    metadata: bytes = b""  # the bytes of what is not pixels (chunks, segments)
    end: int | None = None  # offset just after the end marker; None if it is missing
    size: tuple[int, int] = (0, 0)  # the dimensions the header declares


def _png_parts(data: bytes) -> _Parts:
    metadata, i = [], 8
    size = (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    while i + 12 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        body = data[i + 8 : i + 8 + length]
        i += 12 + length
        if i > len(data):
            break
        if kind not in (b"IDAT", b"fdAT"):
            metadata.append(body)
        if kind == b"IEND":
            return _Parts(b"".join(metadata), i, size)
    return _Parts(b"".join(metadata), None, size)


def _jpeg_parts(data: bytes) -> _Parts:
    """Walks the marker segments (metadata: APPn and COM); inside scan data, 0xFF00 and
    restart markers are not ends."""
    metadata, i, n, size = [], 2, len(data), (0, 0)
    while i < n:
        if data[i] != 0xFF:  # stray bytes before a marker: decoders skip them, so do we
            i = data.find(b"\xff", i)
            if i < 0:
                break
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return _Parts(b"".join(metadata), i, size)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > n:
            break
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata.append(data[i + 2 : i + length])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            size = (int.from_bytes(data[i + 5 : i + 7], "big"), int.from_bytes(data[i + 3 : i + 5], "big"))
        i += length
        if marker == 0xDA:  # scan data runs until the next real marker
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    return _Parts(b"".join(metadata), None, size)
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    i = j + 2
                    continue
                i = j
                break
    return _Parts(b"".join(metadata), None, size)


def reencode_image(data: bytes, image_format: str) -> bytes:
    """Decode `data` (a "JPEG" or "PNG") within the pixel limit and return it encoded again,
    upright and without metadata. Raise ValidationError otherwise."""
    parts = (_jpeg_parts if image_format == "JPEG" else _png_parts)(data)
    trailer = data[parts.end :] if parts.end is not None else b""
    if _hides_content(metadata=parts.metadata, trailer=trailer, whole=data):
        raise ValidationError(HIDDEN_CONTENT, code="hidden_content")
    if parts.end is None:
        raise ValidationError(IMAGE_UNREADABLE, code="image_unreadable")
    limit = max_upload_pixels()
    too_large = ValidationError(
        IMAGE_TOO_LARGE % {"width": parts.size[0], "height": parts.size[1], "limit": round(limit / 1e6)},
        code="image_too_large",
    )
    # Judged on the declared size, before Pillow allocates anything (decompression bombs).
    if parts.size[0] * parts.size[1] > limit:
        raise too_large
    try:
        # MPO: the JPEG of phones that store a second picture after the first.
        image = Image.open(io.BytesIO(data), formats=["JPEG", "MPO"] if image_format == "JPEG" else ["PNG"])
        if image.size != parts.size:
            raise ValueError("the header walked here and Pillow disagree")
        image.load()
        image = ImageOps.exif_transpose(image)
        # Keep only what the pixels need; everything else (EXIF, ICC, text) is dropped.
        image.info = {key: value for key, value in image.info.items() if key == "transparency"}
        out = io.BytesIO()
        if image_format == "JPEG":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, "JPEG", quality=90)
        else:
            image.save(out, "PNG")
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # a limit set above Pillow's own
        raise too_large from error
    except Exception as error:  # any decoder failure means "cannot be read"
        raise ValidationError(IMAGE_UNREADABLE, code="image_unreadable") from error
    return out.getvalue()
