"""French first, English complete: one catalogue per language, one French word per msgid."""

import pathlib
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.wording import ALLAUTH_REWORDED

ROOT = pathlib.Path(settings.BASE_DIR)
# Every catalogue in the repository (not the installed libraries'): there must be exactly the
# project's two, locale/fr and locale/en. An app's own catalogue would compete with them.
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/*.po") if not {".venv", "node_modules"} & set(p.parts)
)
FRENCH = ROOT / "locale/fr/LC_MESSAGES/django.po"
ENGLISH = ROOT / "locale/en/LC_MESSAGES/django.po"


def test_one_catalogue_per_language():
    assert [p.relative_to(ROOT) for p in CATALOGUES] == [ENGLISH.relative_to(ROOT), FRENCH.relative_to(ROOT)]
    assert [pathlib.Path(p) for p in settings.LOCALE_PATHS] == [ROOT / "locale"]


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(FRENCH))
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert missing == [], f"untranslated in {FRENCH.relative_to(ROOT)} (run `make messages`): {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {FRENCH.relative_to(ROOT)}: {fuzzy[:10]}"


def test_every_text_of_the_code_is_in_the_french_catalogue(tmp_path, monkeypatch, settings):
    """Extract the code's texts afresh, as `make messages` does, and look each one up in the
    French catalogue: a new `gettext` string nobody translated would show in English on a
    French page. The extraction runs in a scratch folder that links to the code (not to
    locale/), so that the real catalogues are left alone."""
    assert shutil.which("xgettext"), "gettext is not installed: run `make system-deps`"
    for source in ROOT.iterdir():
        if source.name != "locale" and not source.name.startswith("."):
            (tmp_path / source.name).symlink_to(source)
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["fr"], symlinks=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale/fr/LC_MESSAGES/django.po"))
    extracted = {(e.msgctxt, e.msgid) for e in fresh}
    assert len(extracted) > 500
    catalogue = {(e.msgctxt, e.msgid) for e in polib.pofile(str(FRENCH)).translated_entries()}
    missing = sorted(extracted - catalogue, key=str)
    assert missing == [], f"not in the French catalogue (run `make messages`, then translate): {missing[:10]}"


def french_translations(paths):
    """(context, msgid) -> the set of French texts given to it across the catalogues."""
    found: dict[tuple[str | None, str], set] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            text = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            found.setdefault((entry.msgctxt, entry.msgid), set()).add(text)
    return found


def test_no_msgid_has_two_french_translations(tmp_path):
    twice = {key: texts for key, texts in french_translations([FRENCH]).items() if len(texts) > 1}
    assert twice == {}
    # The check itself: two catalogues that disagree on one msgid are caught.
    for name, text in (("a", "Formation"), ("b", "Spécialité")):
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Program", msgstr=text))
        po.save(str(tmp_path / f"{name}.po"))
    disagreeing = french_translations(sorted(tmp_path.glob("*.po")))
    assert disagreeing == {(None, "Program"): {"Formation", "Spécialité"}}


def test_english_catalogue_only_rewords_on_purpose():
    """The English texts are the msgids themselves; the English catalogue only rewords a few of
    allauth's strings (accounts/wording.py), and never by a fuzzy guess."""
    po = polib.pofile(str(ENGLISH))
    reworded = {e.msgid for e in po.translated_entries()}
    assert po.fuzzy_entries() == []
    assert reworded <= set(ALLAUTH_REWORDED)
    with translation.override("en"):
        assert translation.gettext("Sign In") == "Log in"
        assert translation.gettext("Sign Up") == "Create an account"
    with translation.override("fr"):
        assert translation.gettext("Email") == "Adresse e-mail"  # not Django's "Courriel"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo is what Django reads: it must hold every translation of the .po."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
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
