"""French first, English complete."""

import pathlib

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = pathlib.Path(settings.BASE_DIR)
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if not {".venv", "node_modules"} & set(p.parts)
)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == [], f"untranslated in {po_path.relative_to(ROOT)}: {missing[:10]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo is what Django reads: it must hold every translation of the .po."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/messages.sh"
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    assert source == compiled


@pytest.mark.django_db
def test_french_by_default_whatever_the_browser_says(client, session_2021):
    response = client.get(reverse("admissions:calendar"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.headers["Content-Language"] == "fr"
    assert "Date limite de dépôt" in response.content.decode()


@pytest.mark.django_db
def test_english_after_the_switch(client, session_2021):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("admissions:calendar")}
    )
    assert response.status_code == 302
    response = client.get(reverse("admissions:calendar"))
    assert response.headers["Content-Language"] == "en"
    assert "Submission deadline" in response.content.decode()
    assert 'lang="en"' in response.content.decode()
