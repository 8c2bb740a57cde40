"""The nightly purge deletes the files from S3 too (a local moto server), nothing else."""

import datetime as dt

import pytest
import time_machine

from candidates.enums import WishState
from candidates.models import Wish
from privacy import services
from tests.candidates.factories import OPEN_TIME, fill_dossier
from tests.candidates.test_s3_storage import BUCKET, moto_s3  # noqa: F401 - the moto fixture
from tests.factories import UserFactory
from tests.privacy.test_retention import night_at

pytestmark = pytest.mark.django_db


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_R_DATA_1_purge_deletes_the_withdrawn_dossiers_objects_from_s3_only(session_2021, moto_s3):  # noqa: F811
    with time_machine.travel(OPEN_TIME, tick=False):
        withdrawn = fill_dossier(UserFactory(email="w@example.org"), session_2021)
        kept = fill_dossier(UserFactory(email="k@example.org"), session_2021)
    Wish.objects.filter(application=withdrawn).update(state=WishState.WITHDRAWN)
    Wish.objects.filter(application=kept).update(state=WishState.ADMISSIBLE)
    withdrawn_keys = {d.file.name for d in withdrawn.documents.all()}
    kept_keys = {d.file.name for d in kept.documents.all()}
    assert withdrawn_keys and kept_keys and _keys(moto_s3) == withdrawn_keys | kept_keys
    with time_machine.travel(night_at(dt.date(2021, 10, 20)), tick=False):
        services.purge_run()
    assert _keys(moto_s3) == withdrawn_keys | kept_keys
    with time_machine.travel(night_at(dt.date(2021, 10, 21)), tick=False):
        run = services.purge_run()
    assert run.files_deleted == len(withdrawn_keys)
    assert _keys(moto_s3) == kept_keys
