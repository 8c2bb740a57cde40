"""The apps built after the privacy app under its contract (docs/privacy.md): a dossier
erasure is not blocked by a contract, a reviewed job sheet or a complementary-list entry
(CASCADE), and the files they hold are listed for the storage; the download holds them."""

import pytest
from django.core.files.storage import default_storage

from apprenticeship.models import Contract, JobSheet, JobSheetReview
from apprenticeship.services.contracts import contract_record, wish_admit
from apprenticeship.services.places import job_sheet_register
from candidates.models import Application, Wish
from core.retention import DELETE, PurgeResult
from privacy.categories import application_erase
from privacy.selectors import candidate_data
from tests.apprenticeship.job_sheet_factories import (
    admissible_wish,
    approved_sheet,
    bat_intake,
    contract_dates,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(session_2021, personas):
    wish = admissible_wish(bat_intake(session_2021), candidate=personas.candidate_a)
    sheet = approved_sheet(wish, personas.cfa)
    job_sheet_register(sheet=sheet, actor=personas.cfa)
    wish_admit(wish=wish, actor=personas.cfa)
    contract = contract_record(
        wish=wish, actor=personas.cfa, uploaded_file=pdf_upload(), **contract_dates(sheet)
    )
    return wish, contract


def test_R_DATA_1_the_download_holds_the_job_sheet_and_the_contract_with_its_file(enrolled, personas):
    wish, contract = enrolled
    data, files = candidate_data(personas.candidate_a)
    sections = data["sections"]
    assert [s["wish_id"] for s in sections["apprenticeship.jobsheet"]] == [wish.pk]
    assert "token" not in sections["apprenticeship.jobsheet"][0]
    assert [c["id"] for c in sections["apprenticeship.contract"]] == [contract.pk]
    assert any(fieldfile.name == contract.file.name for _path, fieldfile in files)
    assert "apprenticeship.jobsheetversion" in data["not_included"]


def test_R_DATA_1_erasing_a_dossier_takes_its_contract_and_job_sheets_and_lists_their_files(enrolled):
    wish, contract = enrolled
    assert JobSheetReview.objects.filter(sheet__wish=wish).exists()
    application = Application.objects.select_related("candidate").get(pk=wish.application_id)
    dry = PurgeResult()
    application_erase(application, action=DELETE, result=dry, dry_run=True)
    assert contract.file.name in dry.files
    result = PurgeResult()
    application_erase(application, action=DELETE, result=result, dry_run=False)
    assert result.counts == dry.counts and result.files == dry.files
    assert not Wish.objects.filter(pk=wish.pk).exists()
    assert not Contract.objects.exists() and not JobSheet.objects.filter(wish=wish.pk).exists()
    assert default_storage.exists(contract.file.name)  # the runner deletes it once committed
