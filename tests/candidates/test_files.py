"""core.files: allow-listed types by magic bytes AND extension, size limit, empty files,
harmless names, random storage names (DESIGN.md, Files)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import RandomUploadTo, sanitize_filename, validate_upload
from tests.candidates.factories import JPEG, PDF, PNG


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("b.JPG", JPEG, "image/jpeg"),
        ("c.jpeg", JPEG, "image/jpeg"),
        ("d.png", PNG, "image/png"),
    ],
)
def test_accepts_pdf_jpeg_png(name, content, content_type):
    assert validate_upload(upload(name, content)).content_type == content_type


def test_refuses_exe_renamed_pdf():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64))
    assert error.value.code == "bad_type"


def test_refuses_html_named_pdf():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("cv.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"))
    assert error.value.code == "bad_type"


def test_refuses_pdf_content_with_exe_extension():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("cv.exe", PDF))
    assert error.value.code == "extension_mismatch"


def test_refuses_png_named_pdf():
    with pytest.raises(ValidationError):
        validate_upload(upload("scan.pdf", PNG))


def test_refuses_zero_byte_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("empty.pdf", b""))
    assert error.value.code == "empty"


def test_refuses_oversized_file(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", PDF + b"0" * 2000))
    assert error.value.code == "too_large"
    assert "1,0" in str(error.value.messages) or "1.0" in str(error.value.messages)


def test_default_limit_is_ten_megabytes(settings):
    assert settings.PORTAL_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\Desktop\\CV final.pdf", "CV final.pdf"),
        ("..", "document"),
        ("", "document"),
        ("rel\x00evé\r\n.pdf", "relevé.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),
        ("<b onload=x>cv.pdf", "b onload_x_cv.pdf"),
        (".htaccess", "htaccess"),
    ],
)
def test_odd_or_path_like_names_are_harmless(raw, expected):
    assert sanitize_filename(raw) == expected


def test_long_names_are_cut_keeping_the_extension():
    name = sanitize_filename("a" * 500 + ".pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


def test_storage_names_are_random_and_ignore_the_client_name():
    upload_to = RandomUploadTo("documents")
    first = upload_to(None, "../../evil name.pdf")
    second = upload_to(None, "../../evil name.pdf")
    assert first != second
    assert first.startswith("documents/") and first.endswith(".pdf")
    assert "evil" not in first and ".." not in first
    assert upload_to(None, "x.exe").endswith(tuple("0123456789abcdef"))
