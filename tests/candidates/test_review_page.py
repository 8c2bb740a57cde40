"""The review page (issue 16, the candidate): one checklist names every missing item, the
unpaid fee included, each linked to the page that fixes it (R-DOSSIER-2); the page shows
everything that will be submitted; amounts never break before "€"."""

import re

import pytest
from django.urls import reverse

from tests.candidates.factories import fill_dossier, pay

pytestmark = pytest.mark.django_db(transaction=False)


def _missing(html):
    block = re.search(r'<ul class="list-unstyled" data-testid="missing">(.*?)</ul>', html, re.S)
    return block.group(1) if block else ""


def test_R_DOSSIER_2_the_unpaid_fee_is_named_with_a_link_to_pay(
    session_2021, candidate, during_session, login
):
    fill_dossier(candidate, session_2021)
    html = login(candidate).get(reverse("candidates:review", args=[2021])).content.decode()
    missing = _missing(html)
    assert "Frais de traitement : 77,00\u00a0€ à régler" in missing
    assert f'href="{reverse("payments:pay", args=[2021])}"' in missing
    assert "Tous les éléments obligatoires sont présents" not in html  # never beside a missing item


def test_R_DOSSIER_2_each_missing_item_links_to_its_step(session_2021, candidate, during_session, login):
    fill_dossier(candidate, session_2021, documents=False, referee=False, consents=False)
    html = login(candidate).get(reverse("candidates:review", args=[2021])).content.decode()
    missing = _missing(html)
    assert f'href="{reverse("candidates:documents", args=[2021])}"' in missing
    assert "Pièce :" in missing
    assert f'href="{reverse("candidates:referees", args=[2021])}"' in missing
    assert f'href="{reverse("candidates:consents", args=[2021])}"' in missing


def test_R_DOSSIER_2_a_complete_paid_dossier_says_so_once(session_2021, candidate, during_session, login):
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    html = login(candidate).get(reverse("candidates:review", args=[2021])).content.decode()
    assert not _missing(html)
    assert "Votre dossier est complet et les frais sont réglés" in html
    assert "Il manque encore" not in html


def test_the_review_page_shows_everything_that_will_be_submitted(
    session_2021, candidate, during_session, login
):
    fill_dossier(candidate, session_2021)
    html = login(candidate).get(reverse("candidates:review", args=[2021])).content.decode()
    identity = re.search(r'data-testid="review-identity">(.*?)</dl>', html, re.S).group(1)
    assert "+33 6 12 34 56 78" in identity and "17 mai 2000" in identity
    assert "120 ECTS" in re.search(r'data-testid="review-title">(.*?)</p>', html, re.S).group(1)
    assert ".pdf" in re.search(r'data-testid="review-documents">(.*?)</ul>', html, re.S).group(1)
    assert "<li>" in re.search(r'data-testid="review-referees">(.*?)</ul>', html, re.S).group(1)
    assert "77,00\u00a0€" in html  # the fee table: number and "€" never split
    assert "77.00 €" not in html


def test_wishes_keep_the_candidates_order_in_a_list_that_fits_a_phone(
    session_2021, candidate, during_session, login
):
    """Issue 16: the wishes in the order given (Mécatronique first, though "bat" sorts first),
    as a list (no table off-screen), the fee never split before "€"."""
    fill_dossier(candidate, session_2021, programs=("mkx", "bat"))
    client = login(candidate)
    for name in ("candidates:wishes", "candidates:review", "candidates:home"):
        url = reverse(name) if name == "candidates:home" else reverse(name, args=[2021])
        html = client.get(url).content.decode()
        assert html.index("Mécatronique –") < html.index("Bâtiment –"), name
    wishes = client.get(reverse("candidates:wishes", args=[2021])).content.decode()
    listed = re.search(
        r'<ol class="list-group[^"]*"[^>]*data-testid="wishes">(.*?)</ol>', wishes, re.S
    ).group(1)
    assert listed.count("<li") == 2 and listed.count('type="submit"') == 2
    assert "<table" not in wishes
    assert re.search(r"Frais de traitement pour 2 formations : \d+,00\u00a0€\.", wishes)
