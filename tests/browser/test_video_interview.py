"""The deferred video interview in Chromium with a fake camera and microphone
(--use-fake-device-for-media-stream --use-fake-ui-for-media-stream), axe on every page.

Rule: R-TEST-2 (one take within the window, questions one by one), R-TEST-6 (consent).
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, page_axe
from tests.video_interview.conftest import intake_of, video_wish_for
from video_interview import selectors
from video_interview.enums import EventKind, TakeState
from video_interview.models import Question, Take

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
IN_WINDOW = dt.datetime(2021, 4, 1, 8, 0, tzinfo=dt.UTC)
AFTER_WINDOW = dt.datetime(2021, 4, 6, 8, 0, tzinfo=dt.UTC)
TAKE_TIMEOUT = 90_000


def _short_questions(campaign, answer=10):
    """Two short questions (the first with 2 seconds to prepare): a take of ~20 s."""
    questions = list(Question.objects.filter(campaign=campaign, level="year_1"))
    for index, question in enumerate(questions):
        if index >= 2:
            question.delete()
            continue
        question.answer_seconds = answer
        question.preparation_seconds = 2 if index == 0 else 0
        question.save()
    return 2 * answer


def _device_check_and_practice(page):
    page.get_by_role("button", name="Vérifier ma caméra et mon micro").click()
    expect(page.locator("#check-recorder")).to_have_attribute("data-state", "ok")
    expect(page.locator("#check-camera")).to_have_attribute("data-state", "ok")
    expect(page.locator("#check-microphone")).to_have_attribute("data-state", "ok")
    expect(page.locator("#check-speed")).to_contain_text("suffisant")
    expect(page.locator("#practice")).to_be_visible()
    page.get_by_role("button", name="Enregistrer une réponse d'entraînement").click()
    expect(page.locator("#practice-status")).to_contain_text("parlez maintenant")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Arrêter l'entraînement").click()
    expect(page.locator("#practice-playback")).to_be_visible()
    expect(page.locator("#practice-status")).to_contain_text("Voici votre réponse d'entraînement")
    page_axe(page, context="after the check and a practice")


def _record(page, expected_questions=2):
    page.get_by_label("Je suis prêt(e) et je comprends que je ne peux enregistrer qu'une seule fois.").check()
    page.get_by_role("button", name="Commencer mon enregistrement").click()
    expect(page.locator("#question-number")).to_have_text(f"Question 1 sur {expected_questions}")
    expect(page.locator("#question-phase")).to_contain_text("Préparation")
    expect(page.locator("#question-phase")).to_contain_text("répondez maintenant")
    page_axe(page, context="during the take")


def test_R_TEST_2_device_check_practice_the_one_take_and_the_jury_plays_it(
    browser_page, personas, chromium, live_server
):
    page = browser_page
    wish = video_wish_for(personas.candidate_a, intake_of(personas.program_x), personas.president)
    seconds = _short_questions(wish.intake.campaign)
    with time_machine.travel(IN_WINDOW, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        expect(page.locator(".video-state")).to_have_text("À faire")
        page.get_by_role("link", name="Enregistrer mon entretien vidéo").click()
        expect(page.locator("h1")).to_have_text("Entretien vidéo différé")
        page_axe(page, context="recording page")
        _device_check_and_practice(page)
        # Practice never reaches the server.
        assert not Take.objects.exists()
        _record(page)
        expect(page.locator("#question-number")).to_have_text("Question 2 sur 2", timeout=20_000)
        expect(page.locator("#video-errors")).to_be_hidden()
        expect(page.locator("#take-message")).to_have_text(
            "Votre entretien vidéo est enregistré. Merci !", timeout=TAKE_TIMEOUT
        )
        page_axe(page, context="take recorded")
        take = Take.objects.get(wish=wish)
        assert take.state == TakeState.ASSEMBLED, take.assembly_error
        assert take.duration_seconds == pytest.approx(seconds, abs=2.5)
        assert take.events.filter(kind=EventKind.QUESTION).count() == 2
        # A second take is refused, in words.
        page.reload()
        expect(page.locator("#video-refusal")).to_contain_text("un seul enregistrement est permis")
        page_axe(page, context="second take refused")

        jury = chromium.new_context(viewport=page.viewport_size, base_url=live_server.url, locale="fr-FR")
        jury.set_default_timeout(10_000)
        jury_page = jury.new_page()
        browser_login(jury_page, personas.jury_x.email, totp_secret=TOTP)
        jury_page.goto(reverse("jury:wish", args=[wish.pk]))
        player = jury_page.locator("video.video-player")
        expect(player).to_be_visible()
        page_axe(jury_page, context="jury dossier with the recording")
        jury_page.locator(".video-marker").nth(1).click()
        playing = (
            "() => { const v = document.querySelector('video.video-player'); return v && v.currentTime > 0; }"
        )
        jury_page.wait_for_function(playing, timeout=15_000)
        jury.close()


def test_R_TEST_2_a_network_cut_mid_take_loses_nothing(desktop_page, personas, monkeypatch):
    page = desktop_page
    monkeypatch.setattr(selectors, "STALE_SECONDS", 3)
    wish = video_wish_for(personas.candidate_a, intake_of(personas.program_x), personas.president)
    seconds = _short_questions(wish.intake.campaign)
    with time_machine.travel(IN_WINDOW, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto(reverse("video_interview:record", args=[2021, wish.pk]))
        _device_check_and_practice(page)
        _record(page)
        page.context.set_offline(True)
        expect(page.locator("#upload-status")).to_contain_text("Connexion perdue", timeout=15_000)
        page.wait_for_timeout(4000)
        page.context.set_offline(False)
        expect(page.locator("#take-message")).to_have_text(
            "Votre entretien vidéo est enregistré. Merci !", timeout=TAKE_TIMEOUT
        )
        take = Take.objects.get(wish=wish)
        assert take.state == TakeState.ASSEMBLED, take.assembly_error
        # Everything recorded before, during and after the cut is in the file.
        assert take.duration_seconds == pytest.approx(seconds, abs=2.5)
        kinds = list(take.events.values_list("kind", flat=True))
        assert EventKind.INTERRUPTED in kinds and EventKind.RESUMED in kinds
        assert take.chunks.count() == take.next_chunk


def test_R_TEST_2_a_take_after_the_window_is_refused(browser_page, personas):
    page = browser_page
    wish = video_wish_for(personas.candidate_a, intake_of(personas.program_x), personas.president)
    with time_machine.travel(AFTER_WINDOW, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto(reverse("video_interview:record", args=[2021, wish.pk]))
        expect(page.locator("#video-refusal")).to_contain_text("La période d'enregistrement est close")
        expect(page.get_by_role("button", name="Vérifier ma caméra et mon micro")).to_have_count(0)
        page_axe(page, context="after the window")


def test_R_TEST_2_a_closed_tab_resumes_at_the_question_where_it_was_cut(desktop_page, personas, monkeypatch):
    page = desktop_page
    monkeypatch.setattr(selectors, "STALE_SECONDS", 3)
    wish = video_wish_for(personas.candidate_a, intake_of(personas.program_x), personas.president)
    _short_questions(wish.intake.campaign)
    url = reverse("video_interview:record", args=[2021, wish.pk])
    with time_machine.travel(IN_WINDOW, tick=True):
        browser_login(page, personas.candidate_a.email)
        page.goto(url)
        _device_check_and_practice(page)
        _record(page)
        expect(page.locator("#question-number")).to_have_text("Question 2 sur 2", timeout=20_000)
        page.wait_for_timeout(3000)
        context = page.context
        page.close()
        page = context.new_page()
        page.wait_for_timeout(4000)
        page.goto(url)
        expect(page.locator("#take-intro")).to_contain_text("Votre enregistrement a été interrompu")
        page.get_by_role("button", name="Vérifier ma caméra et mon micro").click()
        expect(page.locator("#take")).to_be_visible()
        page.get_by_label(
            "Je suis prêt(e) et je comprends que je ne peux enregistrer qu'une seule fois."
        ).check()
        page.get_by_role("button", name="Reprendre mon enregistrement").click()
        expect(page.locator("#question-number")).to_have_text("Question 2 sur 2")
        page_axe(page, context="resumed take")
        expect(page.locator("#take-message")).to_have_text(
            "Votre entretien vidéo est enregistré. Merci !", timeout=TAKE_TIMEOUT
        )
        take = Take.objects.get(wish=wish)
        assert take.state == TakeState.ASSEMBLED, take.assembly_error
        assert set(take.events.filter(kind=EventKind.CHUNK).values_list("data__segment", flat=True)) == {1, 2}
        kinds = list(take.events.values_list("kind", flat=True))
        assert EventKind.INTERRUPTED in kinds and EventKind.RESUMED in kinds
        # Both segments are in the file: more than the 10 s answered after the resume.
        assert take.duration_seconds > 13
