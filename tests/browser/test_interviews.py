"""Live interviews in a real browser, desktop and phone, axe on every page: the jury opens
slots; a candidate books, moves and cancels a slot and downloads the invitation; the panel
grades; the jury cancels a booking with a reason (R-TEST-3)."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from admissions.models import PARIS, Intake
from interviews import services
from interviews.enums import BookingState
from interviews.models import Booking, Slot
from tests.browser.conftest import assert_fits_the_screen, browser_login, page_axe
from tests.interviews.factories import called_wish, open_slots

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
IN_WINDOW = dt.datetime(2021, 4, 12, 10, 0, tzinfo=PARIS)
DURING_SLOT = dt.datetime(2021, 4, 15, 9, 10, tzinfo=PARIS)


def _logout(page):
    page.context.clear_cookies()


def test_R_TEST_3_slots_opened_booked_moved_cancelled_and_graded(browser_page, personas, tmp_path):
    page = browser_page
    intake = Intake.objects.get(campaign__year=2021, program=personas.program_x, level="year_1")
    wish = called_wish(intake, decided_by=personas.president, candidate=personas.candidate_a)

    with time_machine.travel(IN_WINDOW, tick=True):
        # The jury opens two slots on 15 April, 09:00–10:00, with its panel.
        browser_login(page, personas.jury_x.email, totp_secret=TOTP)
        page.goto("/jury/2021/")
        page.get_by_role("link", name="0 créneau – Bâtiment 1re année").click()
        expect(page.locator("h1")).to_contain_text("Créneaux des entretiens en direct")
        page_axe(page, context="slots page")
        assert_fits_the_screen(page)
        page.get_by_label("Premier jour").fill("2021-04-15")
        page.get_by_label("Dernier jour").fill("2021-04-15")
        page.get_by_label("De (heure de Paris)").fill("09:00")
        page.get_by_label("À (heure de Paris)").fill("10:00")
        page.get_by_role("button", name="Ouvrir les créneaux").click()
        expect(page.get_by_text("2 créneaux ouverts.")).to_be_visible()
        expect(page.get_by_role("link", name="jeu 15 avril 2021, 09:30")).to_be_visible()
        page_axe(page, context="slots opened")
        assert Slot.objects.filter(intake=intake).count() == 2
        _logout(page)

        # The candidate books the first slot from the home page.
        browser_login(page, personas.candidate_a.email)
        page.goto("/candidat/")
        page.get_by_role("link", name="Réserver un créneau").click()
        page_axe(page, context="book page")
        assert_fits_the_screen(page)
        page.get_by_role("button", name="Réserver 15 avril 2021, 09:00").click()
        expect(page.get_by_text("Votre créneau est réservé.")).to_be_visible()
        expect(page.locator("dl")).to_contain_text("jeudi 15 avril 2021, 09:00")
        page_axe(page, context="booking page")
        assert_fits_the_screen(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger l'invitation (.ics)").click()
        ics = tmp_path / "invitation.ics"
        download.value.save_as(ics)
        text = ics.read_text()
        assert "METHOD:REQUEST" in text and "TZID:Europe/Paris" in text and "SEQUENCE:0" in text

        # Moves it to 09:30, then cancels it.
        page.get_by_role("link", name="Changer de créneau").click()
        page.get_by_role("button", name="Déplacer ici 15 avril 2021, 09:30").click()
        expect(page.locator("dl")).to_contain_text("jeudi 15 avril 2021, 09:30")
        page.get_by_role("button", name="Annuler cette réservation").click()
        expect(page.get_by_text("Votre réservation est annulée.")).to_be_visible()
        page_axe(page, context="book page after cancellation")
        booking = Booking.objects.get(wish=wish)
        assert booking.state == BookingState.CANCELLED and booking.sequence == 2
        # Books again for the panel to grade.
        page.get_by_role("button", name="Réserver 15 avril 2021, 09:00").click()
        expect(page.get_by_text("Votre créneau est réservé.")).to_be_visible()
        _logout(page)

    with time_machine.travel(DURING_SLOT, tick=True):
        browser_login(page, personas.jury_x.email, totp_secret=TOTP)
        slot = Slot.objects.get(intake=intake, starts_at=dt.datetime(2021, 4, 15, 9, 0, tzinfo=PARIS))
        page.goto(f"/entretiens/creneau/{slot.pk}/")
        expect(page.get_by_role("link", name="https://meet.jit.si/IMT-")).to_be_visible()
        page_axe(page, context="slot page")
        assert_fits_the_screen(page)
        page.get_by_label("Motivation et projet professionnel (sur 5)").fill("4")
        page.get_by_label("Communication orale (sur 5)").fill("4")
        page.get_by_label("Connaissances techniques et scientifiques (sur 5)").fill("3.5")
        page.get_by_label("Adéquation avec l'apprentissage et la formation (sur 5)").fill("4")
        page.get_by_label("Commentaire").fill("Projet clair")
        page.get_by_label("Proposition").select_option("admissible")
        page.get_by_role("button", name="Enregistrer l'évaluation").click()
        expect(page.get_by_text("Évaluation enregistrée.")).to_be_visible()
        expect(page.get_by_text("Enregistrée : 15,50/20.")).to_be_visible()
        page_axe(page, context="slot page graded")
    live = Booking.objects.get(wish=wish, state=BookingState.ATTENDED)
    assert str(live.grade.total) == "15.50"


def test_R_TEST_3_the_jury_cancels_a_booking_with_a_reason(browser_page, personas):
    """The slot page's cancellation form: a reason required, then the booking cancelled and
    the slot free again; axe on the page with its move and cancellation forms."""
    page = browser_page
    intake = Intake.objects.get(campaign__year=2021, program=personas.program_x, level="year_1")
    wish = called_wish(intake, decided_by=personas.president, candidate=personas.candidate_a)
    with time_machine.travel(IN_WINDOW, tick=True):
        slots = open_slots(intake, members=[personas.jury_x], count=2)
        services.booking_create(wish=wish, slot=slots[0], actor=personas.candidate_a)
        browser_login(page, personas.jury_x.email, totp_secret=TOTP)
        page.goto(f"/entretiens/creneau/{slots[0].pk}/")
        cancel = page.get_by_role("region", name="Annuler la réservation")
        expect(cancel).to_be_visible()
        page_axe(page, context="slot page with a booking")
        assert_fits_the_screen(page)
        cancel.get_by_role("button", name="Annuler et prévenir le candidat").click()
        expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
        page_axe(page, context="cancellation without a reason")
        page.get_by_role("region", name="Annuler la réservation").get_by_label(
            "Motif (envoyé au candidat)"
        ).fill("Commission indisponible")
        page.get_by_role("button", name="Annuler et prévenir le candidat").click()
        expect(
            page.get_by_text("Réservation annulée ; le candidat et la commission sont prévenus")
        ).to_be_visible()
        expect(page.locator("dl")).to_contain_text("Libre")
        page_axe(page, context="slot page after the cancellation")
    booking = Booking.objects.get(wish=wish)
    assert booking.state == BookingState.CANCELLED and booking.reason == "Commission indisponible"
