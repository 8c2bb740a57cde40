"""Privacy: the public notice, the candidate's own data (download, deletion), the admin's
retention page, purge and register of processing."""

from django.core.files.base import ContentFile

from privacy.enums import ExportState
from privacy.models import DataExport
from tests.permissions import LOGIN, NOT_ALLOWED, OK, Case


def _export_of_a(world):
    export = DataExport(user=world.candidate_a, state=ExportState.READY, size=2)
    export.file.save("data.zip", ContentFile(b"PK"), save=True)
    return {"pk": export.pk}


CASES = [
    Case("privacy:notice", default=OK, expect={"anonymous": OK}),
    Case(
        "privacy:my_data",
        perm="privacy.manage_own_data",
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK},
    ),
    # POST only: asked with GET, candidates get 405; others never see it.
    Case(
        "privacy:export_request",
        perm="privacy.manage_own_data",
        expect={"anonymous": LOGIN, "candidate_a": NOT_ALLOWED, "candidate_b": NOT_ALLOWED},
    ),
    # Candidate B holds the permission, but A's download does not exist for them.
    Case(
        "privacy:export_download",
        perm="privacy.manage_own_data",
        setup=_export_of_a,
        absent_for=("candidate_b",),
        expect={"anonymous": LOGIN, "candidate_a": OK},
    ),
    # GET explains; the deletion itself is a POST (tests/privacy/test_pages.py).
    Case(
        "privacy:account_delete",
        perm="privacy.manage_own_data",
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK},
    ),
    Case("privacy:retention", perm="privacy.manage_retention", expect={"anonymous": LOGIN, "admin": OK}),
    Case(
        "privacy:purge_run",
        perm="privacy.manage_retention",
        expect={"anonymous": LOGIN, "admin": NOT_ALLOWED},
    ),
    Case("privacy:register", perm="privacy.manage_retention", expect={"anonymous": LOGIN, "admin": OK}),
    Case("privacy:register_pdf", perm="privacy.manage_retention", expect={"anonymous": LOGIN, "admin": OK}),
]
