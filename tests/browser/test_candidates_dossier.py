"""The candidate's dossier in a real browser (desktop and phone), axe on every page:
sign up -> verify the e-mail -> fill each step -> upload -> pay (sandbox) -> submit ->
acknowledgment e-mail with its PDF receipt; a referee answers through their link; a late
submission is refused with a clear message; the staff dossier pages."""

import base64
import datetime as dt
import re
import zipfile

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from candidates.enums import RefereeKind, WishState
from candidates.models import Application
from candidates.services import application_submit, document_upload, referee_request, referee_signed_token
from notifications.models import OutboxMessage
from tests.browser.conftest import assert_fits_the_screen, browser_login
from tests.browser.conftest import page_axe as _page_axe
from tests.browser.dossier_steps import (
    give_consents,
    go_to_step,
    pay_in_sandbox,
    request_referee,
    upload_required_documents,
)
from tests.candidates.factories import OPEN_TIME, PDF, document_type, fill_dossier, pay, pdf_file
from tests.conftest import activate_totp
from tests.factories import UserFactory, open_for_submission_today

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def page_axe(page, *, context=""):
    """axe once the page is still: the pointer parked off any control (a hovered button
    caught mid-transition would report a false contrast failure)."""
    page.mouse.move(1, page.viewport_size["height"] - 1)
    page.wait_for_timeout(250)
    _page_axe(page, context=context)


def open_now(campaign):
    """Move the whole 2021 calendar so that submissions are open today (the browser and the
    live server share the real clock)."""
    return open_for_submission_today(campaign)


def uploads(tmp_path):
    path = tmp_path / "piece.pdf"
    path.write_bytes(PDF)
    return path


def test_candidate_signs_up_fills_pays_and_submits(browser_page, session_2021, tmp_path):
    cache.clear()  # allauth's rate limit on confirmation e-mails outlives the desktop run
    page = browser_page
    open_now(session_2021)
    # A short address: with a long one the navbar overflows at 1280 px and the language button
    # leaves its dark background (base.html, reported, not ours).
    email = "lea@example.org"

    # Sign up, then follow the verification link of the e-mail.
    page.goto("/accounts/signup/")
    page.locator("input[name=first_name]").fill("Léa")
    page.locator("input[name=last_name]").fill("Durand")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill("Un-mot-de-passe-solide-42")
    page.locator("input[name=password2]").fill("Un-mot-de-passe-solide-42")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/")
    message = OutboxMessage.objects.filter(recipient_email=email).latest("pk")
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body_text).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()

    page.goto(reverse("candidates:home"))
    expect(page.locator("h1")).to_have_text("Ma candidature")
    page_axe(page, context="candidate home, empty")
    page.get_by_role("link", name="Commencer mon dossier").click()

    # Identity: a birth date in the future is refused, then corrected.
    expect(page.locator("h1")).to_have_text("Identité et coordonnées")
    page.get_by_label("Date de naissance").fill("2099-01-01")
    page.get_by_label("Téléphone").fill("+33 6 12 34 56 78")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("La date de naissance ne peut pas être dans le futur.")).to_be_visible()
    page_axe(page, context="identity with an error")
    page.get_by_label("Date de naissance").fill("2001-04-02")
    # "Save and continue" saves and opens the next step; the step list marks the step done.
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.locator("h1")).to_have_text("Baccalauréat et parcours depuis le bac")
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    steps = page.get_by_role("navigation", name="Étapes du dossier")
    if page.get_by_test_id("steps-phone").is_visible():
        # On a phone the step list is folded: the form starts near the top of the screen.
        expect(steps).to_be_hidden()
        assert page.locator("h1").bounding_box()["y"] < 300  # was ~550 px with the nine steps above
        expect(page.get_by_test_id("steps-phone").locator("summary")).to_contain_text("1 sur 9")
        page.get_by_test_id("steps-phone").locator("summary").click()
    expect(steps.get_by_role("link", name="Identité et coordonnées (terminé)")).to_be_visible()
    expect(steps.get_by_role("link", name="Baccalauréat et parcours", exact=True)).to_be_visible()
    page_axe(page, context="path, the step list open")
    go_to_step(page, "Identité et coordonnées")
    page_axe(page, context="identity")

    go_to_step(page, "Baccalauréat et parcours")
    page.get_by_label("Série ou spécialités du baccalauréat").fill("STI2D")
    page.get_by_label("Année du baccalauréat").fill("2019")
    page.get_by_label("Parcours depuis le baccalauréat").fill("2019-2021 : BTS Bâtiment, lycée Dumas")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    page_axe(page, context="path")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.locator("h1")).to_have_text("Titre obtenu ou en cours")
    page.get_by_label("Un titre de la liste").check()
    page.get_by_label("Titre de la liste", exact=True).select_option(label="BTS Bâtiment")
    page.get_by_label("Crédits ECTS validés après le bac").fill("-3")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#id_ects_error")).to_be_visible()
    page.get_by_label("Crédits ECTS validés après le bac").fill("120")
    page.get_by_label("Le diplôme est en cours d'obtention").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    page_axe(page, context="title")

    go_to_step(page, "Bourse")
    page.get_by_label("Non", exact=True).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.locator("h1")).to_have_text("Vœux")
    go_to_step(page, "Bourse")
    page_axe(page, context="scholarship")

    go_to_step(page, "Vœux")
    page.get_by_label("Formation et année d'entrée").select_option(label="Bâtiment – 1re année")
    page.get_by_role("button", name="Ajouter ce vœu").click()
    expect(page.get_by_text("Vœu ajouté.")).to_be_visible()
    expect(page.get_by_text("Recevable (titre de la liste)")).to_be_visible()
    assert page.get_by_text("77,00 €").first.is_visible() or "77" in page.content()
    page_axe(page, context="wishes")

    go_to_step(page, "Pièces")
    # 5 indispensable + diploma (optional) + enrolment (in progress)
    assert upload_required_documents(page, uploads(tmp_path)) == 7
    page_axe(page, context="documents")

    go_to_step(page, "Référents")
    request_referee(page, name="Mme Prof", email="prof@lycee.example.org")
    page_axe(page, context="referees")

    go_to_step(page, "Consentements")
    give_consents(page)
    page_axe(page, context="consents")

    go_to_step(page, "Vérifier, payer et déposer")
    expect(page.locator("h1")).to_have_text("Vérifier, payer et déposer")
    # One checklist: the unpaid fee is named, with the way to pay it (issue 16).
    expect(
        page.get_by_test_id("missing").get_by_role("link", name="Frais de traitement : 77,00 € à régler")
    ).to_be_visible()
    expect(page.get_by_text("Tous les éléments obligatoires sont présents.")).to_have_count(0)
    page_axe(page, context="review before payment")

    # Pay in the payments sandbox; it sends the candidate back to the review step.
    pay_in_sandbox(page, "77,00 €")
    page.goto(reverse("candidates:review", args=[2021]))
    expect(page.get_by_test_id("missing")).to_have_text(
        "Votre dossier est complet et les frais sont réglés : vous pouvez le déposer."
    )
    page_axe(page, context="review, paid")

    page.get_by_role("button", name="Déposer mon dossier").click()
    page.wait_for_url("**/candidat/")
    application = Application.objects.get(candidate__email=email)
    assert application.reference and page.get_by_text(application.reference).first.is_visible()
    assert set(application.wishes.values_list("state", flat=True)) == {WishState.SUBMITTED}
    page_axe(page, context="home after submission")
    # The receipt and "download my data" (R-DATA-1), as the candidate gets them.
    # The receipt opens in the browser (inline): fetch what the link gives, as this user.
    receipt_link = page.get_by_role("link", name="Télécharger mon récépissé (PDF)")
    receipt = page.request.get(receipt_link.get_attribute("href"))
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")
    # The download is prepared (by the worker; in-process here) on the privacy page.
    page.locator("main").get_by_role("link", name="Mes données personnelles").click()
    page.get_by_role("button", name="Préparer mon téléchargement").click()
    expect(page.locator(".messages")).to_contain_text("Votre téléchargement est en préparation")
    page.reload()
    with page.expect_download() as export:
        page.get_by_role("link", name="Télécharger mes données (zip)").click()
    assert export.value.suggested_filename == "my-data.zip"
    page.goto(reverse("candidates:home"))
    with zipfile.ZipFile(export.value.path()) as archive:
        assert any(name.endswith(".json") for name in archive.namelist())

    ack = OutboxMessage.objects.get(template_key="dossier.acknowledgment", recipient_email=email)
    assert application.reference in ack.subject
    attachment = ack.attachments.get()
    assert bytes(attachment.content).startswith(b"%PDF")

    # Read-only afterwards (late diploma proof only); withdrawal page says fees are kept.
    page.goto(reverse("candidates:identity", args=[2021]))
    expect(page.get_by_role("button", name="Enregistrer", exact=True)).to_have_count(0)
    page.goto(reverse("candidates:documents", args=[2021]))
    page_axe(page, context="documents after submission")
    page.goto(reverse("candidates:wish_withdraw", args=[application.wishes.get().pk]))
    expect(page.get_by_text("ne sont pas remboursés").first).to_be_visible()
    page_axe(page, context="withdraw confirmation")
    page.goto(reverse("candidates:home"))
    page.get_by_role("link", name="Me désister de tout mon dossier").click()
    page_axe(page, context="withdraw the whole dossier")
    page.get_by_role("button", name="Me désister").click()
    expect(page.locator("#id_confirm_error")).to_be_visible()  # an explicit confirmation is required
    page.get_by_label("Je confirme ; je comprends que les frais acquittés ne sont pas remboursés.").check()
    page.get_by_role("button", name="Me désister").click()
    page.wait_for_url("**/candidat/")
    expect(page.get_by_text("Votre désistement de tout le dossier est enregistré.")).to_be_visible()
    assert set(application.wishes.values_list("state", flat=True)) == {WishState.WITHDRAWN}
    page_axe(page, context="home after withdrawal")


def test_referee_fills_their_form_through_the_link(browser_page, session_2021):
    page = browser_page
    candidate = UserFactory(first_name="Jean", last_name="Dupont")
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(candidate, session_2021, documents=False)
    referee = application.referees.get()
    path = reverse("candidates:referee_form", kwargs={"token": referee_signed_token(referee)})
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Appréciation confidentielle de Jean Dupont")
    # A private link: its visitor is offered no account (issue 16).
    expect(page.get_by_role("link", name="Se connecter")).to_have_count(0)
    expect(page.get_by_role("link", name="Créer un compte")).to_have_count(0)
    # Each rating is one row of five buttons under its question (a fieldset), not a column of
    # radios: the form fits a phone.
    scale = page.get_by_role("group", name="Niveau académique")
    expect(scale.get_by_role("radio")).to_have_count(5)
    boxes = [scale.locator("label").nth(i).bounding_box() for i in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert_fits_the_screen(page)
    page_axe(page, context="referee form")
    page.get_by_role("button", name="Envoyer mon appréciation").click()
    expect(page.get_by_text("Veuillez corriger les erreurs ci-dessous.")).to_be_visible()
    assert_fits_the_screen(page)
    page_axe(page, context="referee form with errors")
    # By keyboard: the arrows move along a scale, Tab goes on to the next one, the focused
    # button shows it.
    page.locator("#id_rating_academic_level_0").focus()
    for _step in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#id_rating_academic_level_4")).to_be_checked()
    expect(page.locator("label[for=id_rating_academic_level_4]")).not_to_have_css("box-shadow", "none")
    page.keyboard.press("Tab")
    expect(page.locator("#id_rating_motivation_0")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#id_rating_motivation_0")).to_be_checked()
    # And by touch or mouse, on the button.
    for criterion in ("motivation", "autonomy", "teamwork"):
        page.locator(f"label[for=id_rating_{criterion}_4]").click()
        expect(page.locator(f"#id_rating_{criterion}_4")).to_be_checked()
    page.get_by_label("Très favorable").check()
    page.get_by_label("Commentaires").fill("Étudiant sérieux et motivé.")
    page.get_by_role("button", name="Envoyer mon appréciation").click()
    expect(page.get_by_text("Votre appréciation a bien été reçue.")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_have_count(0)
    page_axe(page, context="referee thanks")
    referee.refresh_from_db()
    assert referee.status == "received" and referee.answers["ratings"]["teamwork"] == 5
    assert referee.answers["questions"] == "school" and referee.answers["ratings"]["academic_level"] == 5
    page.goto(path)
    expect(page.get_by_text("Cette appréciation a déjà été envoyée.")).to_be_visible()
    page.goto(path[:-3] + "xx/")
    assert page.locator("h1").count() <= 1  # 404 page, nothing disclosed
    # A link older than its validity: a clear page, no form.
    with time_machine.travel(timezone.now() - dt.timedelta(days=31)):
        old_path = reverse("candidates:referee_form", kwargs={"token": referee_signed_token(referee)})
    page.goto(old_path)
    expect(page.locator("h1")).to_have_text("Ce lien a expiré")
    expect(page.locator("form textarea")).to_have_count(0)
    page_axe(page, context="expired referee link")


def test_R_DOSSIER_6_the_supervisor_answers_the_supervisors_questions(browser_page, session_2021):
    """The internship or apprenticeship supervisor appraises the candidate at work (notice
    §5.1), on a phone as on a desktop."""
    page = browser_page
    candidate = UserFactory(first_name="Jean", last_name="Dupont")
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(candidate, session_2021, referee=False, documents=False)
        supervisor = referee_request(
            application=application,
            actor=candidate,
            kind=RefereeKind.SUPERVISOR,
            name="M. Tuteur",
            email="tuteur@corp.example",
        )
    page.goto(reverse("candidates:referee_form", kwargs={"token": referee_signed_token(supervisor)}))
    expect(page.get_by_role("group", name="Compétences techniques et professionnelles")).to_be_visible()
    expect(page.get_by_text("Niveau académique")).to_have_count(0)
    assert_fits_the_screen(page)
    page_axe(page, context="supervisor form")
    page.get_by_label("Missions confiées au candidat").fill("Suivi de chantier, 2019-2021.")
    for criterion in ("professional_skills", "initiative", "reliability", "integration"):
        page.locator(f"label[for=id_rating_{criterion}_3]").click()
    page.get_by_label("Favorable", exact=True).check()
    page.get_by_label("Commentaires").fill("Apprenti fiable.")
    page.get_by_role("button", name="Envoyer mon appréciation").click()
    expect(page.get_by_text("Votre appréciation a bien été reçue.")).to_be_visible()
    supervisor.refresh_from_db()
    assert supervisor.answers["questions"] == "supervisor"
    assert supervisor.answers["ratings"] == {
        "professional_skills": 4,
        "initiative": 4,
        "reliability": 4,
        "integration": 4,
    }


def test_late_submission_is_refused_with_a_clear_message(browser_page, session_2021):
    page = browser_page
    candidate = UserFactory(email="retard@example.org")
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(candidate, session_2021)
        pay(application, candidate)
    # Today the 2021 session is long closed.
    browser_login(page, candidate.email)
    page.goto(reverse("candidates:review", args=[2021]))
    page_axe(page, context="review, closed")
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer mon dossier").click()
    expect(
        page.get_by_text("Les candidatures sont closes : la date limite était le 09/03/2021 à minuit")
    ).to_be_visible()
    page_axe(page, context="late submission refused")
    assert Application.objects.get(pk=application.pk).submitted_at is None


def test_staff_lists_and_handles_dossiers(browser_page, session_2021):
    page = browser_page
    admin = activate_totp(UserFactory(email="gestion@example.org", role="admin", is_superuser=True))
    candidate = UserFactory(email="depose@example.org", first_name="Ana", last_name="Silva")
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(candidate, session_2021, programs=("bat", "mkx"), scholarship=True)

        document_upload(
            application=application,
            document_type=document_type(session_2021, "scholarship"),
            uploaded_file=pdf_file("bourse.pdf"),
            actor=candidate,
        )
        pay(application, candidate)
        application_submit(application=application, actor=candidate)
    browser_login(page, admin.email, totp_secret=TOTP)
    page.goto(reverse("candidates:staff_list", args=[2021]))
    expect(page.locator("h1")).to_have_text("Dossiers – Session 2021")
    page_axe(page, context="staff list")
    page.get_by_role("link", name="Ana Silva").click()
    page_axe(page, context="staff detail")
    page.get_by_role("link", name="Refuser le justificatif de bourse").click()
    page_axe(page, context="refuse scholarship proof")
    page.get_by_label("Motif (envoyé au candidat)").fill("Attestation de l'an dernier")
    page.get_by_role("button", name="Refuser le justificatif").click()
    expect(page.get_by_text("Le justificatif de bourse a été refusé")).to_be_visible()
    page.get_by_role("link", name="Refuser l'examen (incomplet)").click()
    page_axe(page, context="refuse examination")
    page.get_by_role("button", name="Refuser l'examen").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    page.get_by_label("Motif (envoyé au candidat)").fill("Pièce d'identité illisible")
    page.get_by_role("button", name="Refuser l'examen").click()
    expect(page.get_by_text("L'examen du dossier a été refusé.")).to_be_visible()
    assert set(application.wishes.values_list("state", flat=True)) == {WishState.REFUSED_EXAMINATION}
    page_axe(page, context="staff detail after refusal")
    page.goto(reverse("candidates:staff_void", args=[application.pk]))
    expect(page.locator("h1")).to_have_text("Annuler la candidature (fausse déclaration)")
    page_axe(page, context="void form")
    page.goto(reverse("candidates:staff_list", args=[2021]) + "?status=refused_examination&program=bat")
    expect(page.get_by_role("link", name="Ana Silva")).to_be_visible()
    page_axe(page, context="staff list filtered")


def test_R_DOSSIER_1_a_submitted_dossier_changes_until_the_deadline(browser_page, session_2021, tmp_path):
    """Add a wish after submission and pay the difference, replace a document; the changes
    are dated on the candidate's pages; the staff correct the title with a reason."""
    page = browser_page
    open_for_submission_today(session_2021)
    candidate = UserFactory(email="modifie@example.org", first_name="Inès", last_name="Roux")
    application = fill_dossier(candidate, session_2021, programs=("bat",))
    pay(application, candidate)
    application_submit(application=application, actor=candidate)
    browser_login(page, candidate.email)

    page.goto(reverse("candidates:wishes", args=[2021]))
    expect(page.get_by_test_id("changeable")).to_contain_text(
        "vous pouvez encore modifier vos vœux et vos pièces"
    )
    page_axe(page, context="wishes of a submitted dossier")
    page.get_by_label("Formation et année d'entrée").select_option(label="Mécatronique – 1re année")
    page.get_by_role("button", name="Ajouter ce vœu").click()
    expect(page.get_by_text("Vœu ajouté. Il sera déposé une fois ses pièces jointes")).to_be_visible()

    page.goto(reverse("candidates:review", args=[2021]))
    expect(page.get_by_role("button", name="Déposer mes vœux ajoutés")).to_be_visible()
    page_axe(page, context="review with an added wish")
    page.get_by_role("link", name="Payer les frais").click()
    page.get_by_label("Paiement de test (bac à sable)").check()
    page.get_by_role("button", name="Payer 22,00 €").click()  # R-FEES-2: the difference only
    page.wait_for_url("**/paiement/test/**")
    with page.expect_navigation():
        page.get_by_role("button", name="Payer 22,00 € (test)").click()
    page.goto(reverse("candidates:review", args=[2021]))
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer mes vœux ajoutés").click()
    expect(page.get_by_text("Vos vœux ajoutés sont déposés.")).to_be_visible()
    changes = page.get_by_test_id("dossier-changes")
    expect(changes).to_contain_text("Vœu ajouté")
    page_axe(page, context="home with the change log")
    assert set(application.wishes.values_list("state", flat=True)) == {WishState.SUBMITTED}

    # Replace the CV: the new one is current, the old one kept in the history.
    page.goto(reverse("candidates:documents", args=[2021]))
    path = tmp_path / "cv-2021.pdf"
    path.write_bytes(PDF)
    section = page.get_by_test_id("doc-cv")
    section.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        section.get_by_role("button", name="Remplacer Curriculum vitae").click()
    expect(page.get_by_test_id("doc-cv")).to_contain_text("cv-2021.pdf")
    page_axe(page, context="documents after a replacement")
    page.goto(reverse("candidates:review", args=[2021]))
    expect(page.get_by_test_id("dossier-changes")).to_contain_text("Pièce remplacée")
    page_axe(page, context="review with the change log")
    assert application.documents.filter(document_type__code="cv").count() == 2

    # The staff correct the title, with a reason; the change is dated on the dossier.
    page.context.clear_cookies()
    admin = activate_totp(UserFactory(email="corrections@example.org", role="admin", is_superuser=True))
    browser_login(page, admin.email, totp_secret=TOTP)
    page.goto(reverse("candidates:staff_detail", args=[application.pk]))
    page.get_by_role("link", name="Corriger le titre").click()
    expect(page.locator("h1")).to_have_text("Corriger le titre")
    page_axe(page, context="staff title correction")
    page.get_by_label("Un titre étranger").check()
    page.get_by_label("Motif (envoyé au candidat)").fill("Diplôme obtenu en Belgique")
    with page.expect_navigation():
        page.get_by_role("button", name="Corriger le titre").click()
    expect(page.get_by_text("Le titre a été corrigé ; le candidat en a été informé.")).to_be_visible()
    expect(page.get_by_test_id("dossier-changes")).to_contain_text("Diplôme obtenu en Belgique")
    page_axe(page, context="staff detail with the change log")
    application.refresh_from_db()
    assert application.title_choice == "foreign"


def test_candidate_corrects_their_dossier_before_submitting(browser_page, session_2021):
    """Remove a wish and a document, remind a referee (too soon, then a day later)."""
    page = browser_page
    open_for_submission_today(session_2021)
    candidate = UserFactory(email="corrige@example.org")
    application = fill_dossier(candidate, session_2021, programs=("bat", "mkx"))
    browser_login(page, candidate.email)

    page.goto(reverse("candidates:wishes", args=[2021]))
    # The wishes in the order given, each remove button on the screen, a phone's too (issue 16).
    expect(page.get_by_test_id("wishes").locator("li").first).to_contain_text("Bâtiment")
    remove = page.get_by_role("button", name=re.compile(r"^Supprimer Mécatronique"))
    remove.scroll_into_view_if_needed()
    expect(remove).to_be_in_viewport(ratio=1)
    assert_fits_the_screen(page)
    remove.click()
    expect(page.get_by_text("Vœu retiré.")).to_be_visible()
    page_axe(page, context="wishes after removal")
    assert list(application.wishes.values_list("intake__program__code", flat=True)) == ["bat"]

    page.goto(reverse("candidates:documents", args=[2021]))
    page.get_by_role("button", name="Supprimer Curriculum vitae").click()
    expect(page.get_by_text("Pièce supprimée.")).to_be_visible()
    expect(page.get_by_text("Manquant")).to_have_count(1)
    page_axe(page, context="documents after removal")

    page.goto(reverse("candidates:referees", args=[2021]))
    page.get_by_role("button", name=re.compile(r"^Relancer")).click()
    expect(page.get_by_text("Une relance peut être envoyée une fois toutes les 24 heures.")).to_be_visible()
    referee = application.referees.get()
    assert referee.reminded_at is None
    type(referee).objects.filter(pk=referee.pk).update(requested_at=timezone.now() - dt.timedelta(days=2))
    page.get_by_role("button", name=re.compile(r"^Relancer")).click()
    expect(page.get_by_text("Une relance a été envoyée.")).to_be_visible()
    page_axe(page, context="referees after a reminder")
    referee.refresh_from_db()
    assert referee.reminded_at is not None


def test_several_documents_sent_at_once_each_with_its_progress(browser_page, session_2021, tmp_path):
    """Issue 16: files chosen in several documents are sent together, each on its own request
    with its progress bar, and the page reloads once when all are received."""
    page = browser_page
    open_for_submission_today(session_2021)
    candidate = UserFactory(email="pieces@example.org")
    application = fill_dossier(candidate, session_2021, documents=False)
    browser_login(page, candidate.email)
    page.goto(reverse("candidates:documents", args=[2021]))
    expect(page.get_by_text("Manquant")).to_have_count(5)
    pdf = uploads(tmp_path)
    for code in ("cv", "cover_letter", "transcripts"):
        page.get_by_test_id(f"doc-{code}").locator("input[type=file]").set_input_files(str(pdf))
    page_axe(page, context="documents, three files chosen")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer tous les fichiers choisis").click()
    expect(page.get_by_text("Manquant")).to_have_count(2)
    assert_fits_the_screen(page)
    assert {d.document_type.code for d in application.documents.all()} == {
        "cv",
        "cover_letter",
        "transcripts",
    }


def test_a_document_dropped_on_its_box_is_sent(desktop_page, session_2021, tmp_path):
    """Issue 16: files dropped, not only chosen: a file dropped on a document's box is chosen
    in that document's field, named, then sent with the others."""
    page = desktop_page
    open_for_submission_today(session_2021)
    candidate = UserFactory(email="glisser@example.org")
    application = fill_dossier(candidate, session_2021, documents=False)
    browser_login(page, candidate.email)
    page.goto(reverse("candidates:documents", args=[2021]))
    expect(page.get_by_text("Manquant")).to_have_count(5)
    content = base64.b64encode(uploads(tmp_path).read_bytes()).decode()
    box = page.get_by_test_id("doc-cv")
    transfer = page.evaluate_handle(
        """(content) => {
            const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "mon-cv.pdf", { type: "application/pdf" }));
            return transfer;
        }""",
        content,
    )
    box.dispatch_event("dragenter", {"dataTransfer": transfer})
    expect(box).to_have_class(re.compile(r"\bdrop-target\b"))
    box.dispatch_event("drop", {"dataTransfer": transfer})
    expect(box).not_to_have_class(re.compile(r"\bdrop-target\b"))
    expect(box.get_by_role("status")).to_have_text("Choisi, à envoyer : mon-cv.pdf")
    page_axe(page, context="documents, a file dropped")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer tous les fichiers choisis").click()
    expect(page.get_by_text("Manquant")).to_have_count(4)
    expect(page.get_by_role("link", name="mon-cv.pdf")).to_be_visible()
    assert [d.original_name for d in application.documents.filter(document_type__code="cv")] == ["mon-cv.pdf"]
