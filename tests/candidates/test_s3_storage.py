"""Candidate files on S3 (DESIGN.md, Files), against a local moto server: private objects,
served through a permission-checked view that redirects to a short-lived signed URL."""

import socket
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from candidates import services
from tests.candidates.factories import PDF, document_type, fill_dossier, pdf_file

pytestmark = pytest.mark.django_db

BUCKET = "portal-private-test"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def moto_s3(settings):
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto's backends live in the process: a bucket an earlier test of this worker made would
    # still be there (BucketAlreadyOwnedByYou). Start from an empty S3.
    reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")  # noqa: S310 - local moto
    urllib.request.urlopen(reset).close()  # noqa: S310 - the local moto server, http only
    credentials = {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "region_name": "eu-west-3",
    }
    client = boto3.client("s3", endpoint_url=endpoint, **credentials)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "eu-west-3",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    yield client
    server.stop()


def test_document_on_s3_is_private_and_served_by_signed_url(
    session_2021, candidate, other_candidate, during_session, moto_s3, login, client
):
    application = fill_dossier(candidate, session_2021, documents=False)
    document = services.document_upload(
        application=application,
        document_type=document_type(session_2021, "cv"),
        uploaded_file=pdf_file("cv.pdf"),
        actor=candidate,
    )
    stored = moto_s3.get_object(Bucket=BUCKET, Key=document.file.name)
    assert stored["Body"].read() == PDF
    # private ACL: nobody but the owner account has a grant
    grants = moto_s3.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert all("URI" not in g["Grantee"] for g in grants), grants
    # the view redirects to a signed URL that expires
    response = login(candidate).get(reverse("candidates:document", args=[document.pk]))
    assert response.status_code == 302
    location = response["Location"]
    query = parse_qs(urlparse(location).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(location) as signed:  # noqa: S310 - local moto server
        assert signed.read() == PDF
        assert signed.headers["Content-Type"] == "application/pdf"
    # the same object without the signature is refused
    unsigned = location.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)  # noqa: S310
    assert refused.value.code == 403
    # someone else's document: 404, no URL leaks
    client.logout()
    assert login(other_candidate).get(reverse("candidates:document", args=[document.pk])).status_code == 404
