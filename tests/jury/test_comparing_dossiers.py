"""Issue 12, the jury: what a jury compares, on the list and in its CSV (R-JURY-1, R-JURY-3):
the diploma's name, its ECTS and establishment, the reviewers' scores and proposals, the
candidate's other wishes; a CSV a French Excel opens as is."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter

from admissions.models import DocumentType
from candidates.enums import Eligibility, WishState
from candidates.models import Document
from jury import services
from jury.enums import DecisionKind
from jury.selectors import scoring_criteria
from tests.factories import EligibleTitleFactory, referee_answers

from .factories import WishFactory, received_referee, submitted_wish
from .test_views import count_queries

pytestmark = pytest.mark.django_db


def _reviewed(wish, reviewer, points, proposal):
    scores = {c.pk: points for c in scoring_criteria(wish.intake.campaign)}
    return services.review_save(wish=wish, reviewer=reviewer, scores=scores, proposal=proposal, submit=True)


def _compared_wish(personas, intake_x, intake_y, jury_x_bis, name="Comparé"):
    wish = submitted_wish(
        intake_x,
        eligibility=Eligibility.JURY,
        application__candidate__last_name=name,
        application__title_name="Licence pro Bâtiment durable",
        application__title_establishment="IUT de Nîmes",
        application__ects=180,
    )
    WishFactory(application=wish.application, intake=intake_y, state=WishState.SUBMITTED)
    _reviewed(wish, jury_x_bis, 14.5, "standard")
    _reviewed(wish, personas.jury_x, 12, "rejected")
    services.eligibility_rule(wish=wish, actor=personas.president, eligible=True, comment="Équivalent")
    services.decision_set(
        wish=wish, actor=personas.president, kind=DecisionKind.STANDARD, tests=["english_test"]
    )
    return wish


def test_R_JURY_1_list_shows_what_the_jury_compares(personas, login, intake_x, intake_y, jury_x_bis):
    _compared_wish(personas, intake_x, intake_y, jury_x_bis)
    html = login(personas.president).get(reverse("jury:intake", args=[intake_x.pk])).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    for shown in (
        "Licence pro Bâtiment durable",
        "IUT de Nîmes",
        "180 ECTS",
        "À l&#x27;appréciation du jury",  # the title's category, in its own column
        "14,50 – Standard",
        "12,00 – Rejeté",
        "INFRES 1re année",
        "Autres vœux",
    ):
        assert shown in main, shown


def test_R_JURY_1_a_member_sees_the_others_proposals_once_their_own_review_is_in(
    personas, login, intake_x, jury_x_bis
):
    wish = submitted_wish(intake_x)
    _reviewed(wish, jury_x_bis, 14.5, "standard")
    client = login(personas.jury_x)
    url = reverse("jury:intake", args=[intake_x.pk])
    assert "14,50 – Standard" not in client.get(url).content.decode()
    _reviewed(wish, personas.jury_x, 10, "rejected")
    assert "14,50 – Standard" in client.get(url).content.decode()


def test_R_JURY_1_list_with_comparisons_costs_the_same_queries_for_1_and_many_rows(
    personas, login, intake_x, intake_y, jury_x_bis
):
    client = login(personas.president)
    url = reverse("jury:intake", args=[intake_x.pk]) + "?size=100"
    _compared_wish(personas, intake_x, intake_y, jury_x_bis, name="Un")
    one = count_queries(client, url)
    listed = EligibleTitleFactory(intake=intake_x)
    for i in range(15):
        wish = _compared_wish(personas, intake_x, intake_y, jury_x_bis, name=f"N{i}")
        wish.application.listed_title = listed
        wish.application.save(update_fields=["listed_title"])
    assert count_queries(client, url) == one
    assert listed.name_fr in client.get(url).content.decode()


def test_R_JURY_3_csv_has_the_title_its_category_and_the_tests_in_words_for_a_french_excel(
    personas, login, intake_x, intake_y, jury_x_bis
):
    _compared_wish(personas, intake_x, intake_y, jury_x_bis)
    raw = login(personas.president).get(reverse("jury:intake_export", args=[intake_x.pk])).content
    # A French Excel: UTF-8 with its BOM (accents), `;` between cells, decimal comma.
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert all(len(row) == len(rows[0]) for row in rows) and len(rows[0]) > 10
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Titre"] == "Licence pro Bâtiment durable"
    assert row["Catégorie du titre"] == "À l'appréciation du jury"
    assert row["Établissement"] == "IUT de Nîmes" and row["Crédits ECTS"] == "180"
    assert row["Note combinée /20"] == "13,25"
    assert "14,50 (Standard)" in row["Notes et propositions des évaluateurs"]
    assert "12,00 (Rejeté)" in row["Notes et propositions des évaluateurs"]
    assert row["Autres vœux"].startswith("INFRES 1re année")
    assert (
        row["Épreuves probatoires"] == "Entretien vidéo différé, Évaluation du niveau d'anglais (30 minutes)"
    )


def test_R_JURY_3_csv_keeps_the_decimal_comma_for_an_english_reader(
    personas, login, intake_x, intake_y, jury_x_bis
):
    _compared_wish(personas, intake_x, intake_y, jury_x_bis)
    client = login(personas.president)
    with translation.override("en"):
        raw = client.get(reverse("jury:intake_export", args=[intake_x.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    assert ";13,25;" in raw.decode("utf-8-sig")


def test_R_JURY_1_the_whole_dossier_as_one_pdf(personas, login, intake_x):
    """Cover (identity, path, appraisals in words), then every document: a PDF's pages and
    a picture on its own page; for the jury of the program only (R-JURY-2: no company)."""
    wish = submitted_wish(
        intake_x, application__candidate__last_name="Relié", application__title_name="BTS Bâtiment"
    )
    received_referee(wish, answers=referee_answers(recommendation="reserved", comments="Avis réservé."))
    campaign_types = DocumentType.objects.filter(campaign=intake_x.campaign)
    two_pages = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    writer.write(two_pages)
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 10)).save(picture, "PNG")
    for document_type, (name, content, kind) in zip(
        campaign_types,
        [
            ("releves.pdf", two_pages.getvalue(), "application/pdf"),
            ("carte.png", picture.getvalue(), "image/png"),
        ],
        strict=False,
    ):
        document = Document(
            application=wish.application,
            document_type=document_type,
            original_name=name,
            content_type=kind,
            size=len(content),
        )
        document.file.save(name, ContentFile(content), save=False)
        document.save()
    url = reverse("jury:wish_pdf", args=[wish.pk])
    member = login(personas.jury_x)
    page = member.get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert f'href="{url}"' in page
    response = member.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    cover = reader.pages[0].extract_text()
    assert "Relié" in cover and "BTS Bâtiment" in cover and "Réservé" in cover and "Avis réservé." in cover
    assert "releves.pdf" in cover and "carte.png" in cover
    assert len(reader.pages) == cover_pages(reader) + 2 + 1
    assert login(personas.jury_y).get(url).status_code == 404
    assert login(wish.application.candidate).get(url).status_code == 404


def cover_pages(reader):
    """The cover's pages: those before the first appended document (blank pages, no text)."""
    return next(i for i, page in enumerate(reader.pages) if not page.extract_text().strip())
