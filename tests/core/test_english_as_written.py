"""English pages read as written in English (issue 16, "Layout"): the English source texts
(msgids) use the glossary's English words ("choice", "selection tests", "baccalaureate",
"studies"), not French calques ("wish", "probatory tests", "Baccalauréat and path"), and no
French typography ("Reference :"). The French catalogue keeps its French."""

import pathlib
import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = pathlib.Path(settings.BASE_DIR)
FRENCH = ROOT / "locale/fr/LC_MESSAGES/django.po"
CALQUES = re.compile(r"\b[Ww]ish(es)?\b|[Pp]robatory|[Bb]accalauréat|\b[Pp]ath since| :")
# Placeholders ({{ wishes }}, %(wishes_url)s) are names of the code, not words of the page.
PLACEHOLDERS = re.compile(r"\{\{.*?\}\}|%\(\w+\)s")


def _page_texts():
    """The msgids a page shows, model field names included: the English admin site and the
    public calendar read them too."""
    yield from polib.pofile(str(FRENCH))


def test_english_source_texts_use_english_words():
    calques = [
        e.msgid
        for e in _page_texts()
        if CALQUES.search(PLACEHOLDERS.sub("X", e.msgid + (e.msgid_plural or "")))
    ]
    assert calques == []


@pytest.mark.parametrize(
    ("msgid", "french"),
    [
        ("My choices", "Mes vœux"),
        ("Baccalaureate and studies", "Baccalauréat et parcours"),
        ("Selection tests", "Épreuves probatoires"),
        ("Reference: %(reference)s", "Référence : %(reference)s"),
    ],
)
def test_the_french_catalogue_keeps_its_french(msgid, french):
    with translation.override("fr"):
        assert translation.gettext(msgid) == french
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_candidate_steps_in_english(login, personas, session_2021, settings):
    client = login(personas.candidate_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("candidates:path", args=[2021]), headers={"accept-language": "en"})
    text = page.content.decode()
    assert "Baccalaureate and studies" in text and "Baccalauréat" not in text
