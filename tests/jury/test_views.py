"""The jury back-office through HTTP: scope, lists (query counts), filters, CSV, dossier
page, forms, PDF minutes, release page."""

import csv
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions.enums import TitleKind
from admissions.models import DocumentType
from candidates.enums import AuditAction, Eligibility, RefereeKind, RefereeStatus, WishState
from candidates.models import Document, Referee
from candidates.workflow import wish_transition
from jury import services
from jury.enums import DecisionKind, DecisionStatus
from jury.models import ConflictOfInterest, Decision, Review
from jury.selectors import minutes_context, scoring_criteria
from notifications.models import OutboxMessage
from tests.factories import EligibleTitleFactory, referee_answers

from .conftest import BEFORE_RESULTS, RESULTS_DAY_8AM
from .factories import submitted_wish

pytestmark = pytest.mark.django_db


def scores(wish, points):
    return {c.pk: points for c in scoring_criteria(wish.intake.campaign)}


def reviewed(wish, reviewer, points):
    return services.review_save(wish=wish, reviewer=reviewer, scores=scores(wish, points), submit=True)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- lists ---------------------------------------------------------------------------


def test_home_lists_the_members_intakes_with_counts_in_flat_queries(personas, login, intake_x, intake_y):
    client = login(personas.jury_x)
    submitted_wish(intake_x)
    one = count_queries(client, reverse("jury:home", args=[2021]))
    for _ in range(6):
        submitted_wish(intake_x)
    submitted_wish(intake_y)
    many = count_queries(client, reverse("jury:home", args=[2021]))
    assert one == many
    response = client.get(reverse("jury:home", args=[2021]))
    assert intake_x.program.name in response.content.decode()
    assert intake_y.program.name not in response.content.decode()  # not jury_x's program
    rows = {i.pk: i for i in response.context["intakes"]}
    assert rows[intake_x.pk].n_dossiers == 7 and rows[intake_x.pk].n_to_take == 7


def test_R_ELIG_2_each_member_lands_on_their_reviews_to_submit_and_the_titles_to_judge(
    personas, login, intake_x, jury_x_bis
):
    mine = [submitted_wish(intake_x), submitted_wish(intake_x)]
    submitted_wish(intake_x)  # not assigned to jury_x
    for wish in mine:
        services.assignment_create(wish=wish, member=personas.jury_x, actor=personas.president)
    services.assignment_create(wish=mine[0], member=jury_x_bis, actor=personas.president)
    submitted_wish(intake_x, eligibility=Eligibility.JURY)
    client = login(personas.jury_x)
    home = client.get(reverse("jury:home", args=[2021])).content.decode()
    assert "Ce qui vous attend :\n  2 évaluations à rendre, sur des dossiers qui vous sont attribués" in home
    assert "1 titre à juger" in home
    assigned = reverse("jury:intake", args=[intake_x.pk]) + "?review=assigned"
    assert f'href="{assigned}">2<span class="visually-hidden"> évaluations à rendre, Bâtiment' in home
    # A submitted review is done; a review of another member's dossier counts for them only.
    reviewed(mine[0], personas.jury_x, 12)
    home = client.get(reverse("jury:home", args=[2021])).content.decode()
    assert "1 évaluation à rendre, sur un dossier qui vous est attribué" in home
    assert (
        "1 évaluation à rendre, sur un dossier"
        in login(jury_x_bis).get(reverse("jury:home", args=[2021])).content.decode()
    )


def test_the_president_lands_on_the_release_to_come(personas, login, intake_x):
    submitted_wish(intake_x)
    decided = submitted_wish(intake_x)
    services.decision_set(wish=decided, actor=personas.president, kind=DecisionKind.STANDARD)
    client = login(personas.president)
    with time_machine.travel(BEFORE_RESULTS, tick=False):
        home = client.get(reverse("jury:home", args=[2021])).content.decode()
    assert "Publication automatique le 30 mars 2021 à 8 h (heure de Paris)." in home
    assert "1 décision en brouillon · 1 dossier sans décision" in home
    with time_machine.travel(RESULTS_DAY_8AM, tick=False):
        assert "Publication automatique" not in client.get(reverse("jury:home", args=[2021])).content.decode()
    member = login(personas.jury_x).get(reverse("jury:home", args=[2021])).content.decode()
    assert "Publication automatique" not in member


def test_intake_list_query_count_is_the_same_for_1_and_many_rows(personas, login, intake_x, jury_x_bis):
    client = login(personas.president)
    url = reverse("jury:intake", args=[intake_x.pk]) + "?size=100"
    wish = submitted_wish(intake_x)
    reviewed(wish, jury_x_bis, 12)
    services.eligibility_rule(wish=wish, actor=personas.jury_x, eligible=True)
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    one = count_queries(client, url)
    for i in range(30):
        w = submitted_wish(intake_x)
        reviewed(w, jury_x_bis, i % 20)
        reviewed(w, personas.jury_x, (i * 7) % 20)
        services.eligibility_rule(wish=w, actor=personas.jury_x, eligible=True)
        services.decision_set(wish=w, actor=personas.president, kind=DecisionKind.REJECTED)
    many = count_queries(client, url)
    assert one == many


def test_list_filters_sorts_and_paginates(personas, login, intake_x, jury_x_bis):
    client = login(personas.jury_x)
    low = submitted_wish(intake_x, application__candidate__last_name="Aubert")
    high = submitted_wish(intake_x, application__candidate__last_name="Zidane", eligibility=Eligibility.JURY)
    split = submitted_wish(intake_x, application__candidate__last_name="Martin")
    none = submitted_wish(intake_x, application__candidate__last_name="Bernard")
    reviewed(low, jury_x_bis, 6)
    reviewed(high, jury_x_bis, 18)
    reviewed(split, jury_x_bis, 18)
    reviewed(split, personas.president, 4)  # 18 vs 4: disagreement (threshold 4)
    url = reverse("jury:intake", args=[intake_x.pk])

    by_score = client.get(url, {"sort": "score"}).context["page"].object_list
    assert [w.pk for w in by_score] == [high.pk, split.pk, low.pk, none.pk]
    by_name = client.get(url, {"sort": "-name"}).context["page"].object_list
    assert [w.pk for w in by_name] == [high.pk, split.pk, none.pk, low.pk]
    ranged = client.get(url, {"score_min": "10", "score_max": "20"}).context["page"].object_list
    assert {w.pk for w in ranged} == {high.pk, split.pk}
    jury_titles = client.get(url, {"eligibility": "jury"}).context["page"].object_list
    assert [w.pk for w in jury_titles] == [high.pk]
    page = client.get(url, {"sort": "name", "size": 2, "page": 2}).context["page"]
    assert [w.pk for w in page.object_list] == [split.pk, high.pk]
    rows = {w.pk: w for w in client.get(url).context["page"].object_list}
    assert rows[split.pk].disagreement and not rows[high.pk].disagreement
    assert rows[split.pk].combined_score == 11
    to_do = client.get(url, {"review": "mine_to_do"}).context["page"].object_list
    assert len(to_do) == 4


def test_list_shows_a_wrong_filter_value_beside_its_field_and_applies_the_others(personas, login, intake_x):
    client = login(personas.jury_x)
    aubert = submitted_wish(intake_x, application__candidate__last_name="Aubert")
    submitted_wish(intake_x, application__candidate__last_name="Bernard")
    response = client.get(reverse("jury:intake", args=[intake_x.pk]), {"q": "Aubert", "score_min": "abc"})
    assert [w.pk for w in response.context["page"].object_list] == [aubert.pk]
    page = response.content.decode()
    assert 'aria-describedby="id_score_min_error"' in page and 'id="id_score_min_error"' in page
    assert 'value="Aubert"' in page


def test_csv_export_is_utf8_bom_semicolon_and_follows_the_filters(personas, login, intake_x, jury_x_bis):
    client = login(personas.jury_x)
    wish = submitted_wish(intake_x, application__candidate__last_name="Éloïse")
    submitted_wish(intake_x, application__candidate__last_name="Autre")
    reviewed(wish, jury_x_bis, 15)
    response = client.get(reverse("jury:intake_export", args=[intake_x.pk]), {"score_min": "10"})
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Référence", "Nom", "Prénom"]
    score = rows[0].index("Note combinée /20")
    assert len(rows) == 2 and rows[1][1] == "Éloïse" and rows[1][score] == "15,00"


def test_R_JURY_2_no_company_information_in_list_dossier_or_export(personas, login, intake_x):
    """The supervisor's company (the apprenticeship side) never shows in the selection views."""
    wish = submitted_wish(intake_x)
    Referee.objects.create(
        application=wish.application,
        kind=RefereeKind.SUPERVISOR,
        name="Jean Tuteur",
        email="tuteur@acme.example",
        position="Chef de chantier",
        establishment="ACME Bâtiment SARL",
        status=RefereeStatus.RECEIVED,
        answers=referee_answers(comments="Très rigoureux"),
    )
    client = login(personas.jury_x)

    def main(url):  # the page's own content, not the site's header and footer
        html = client.get(url).content.decode()
        return html[html.index("<main") : html.index("</main>")]

    pages = [
        main(reverse("jury:intake", args=[intake_x.pk])),
        main(reverse("jury:wish", args=[wish.pk])),
        client.get(reverse("jury:intake_export", args=[intake_x.pk])).content.decode("utf-8-sig"),
    ]
    for page in pages:
        assert "ACME" not in page
        assert "entreprise" not in page.lower() and "company" not in page.lower()
    assert "Très rigoureux" in pages[1]  # the appraisal itself is for the jury


# --- scope and conflicts -------------------------------------------------------------


def test_jury_of_another_program_and_candidates_get_404(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    for user in (personas.jury_y, wish.application.candidate, personas.cfa):
        client = login(user)
        for name in ("jury:wish", "jury:wish_take", "jury:wish_review", "jury:wish_decide"):
            assert client.post(reverse(name, args=[wish.pk])).status_code == 404, (user, name)
        assert client.get(reverse("jury:intake", args=[intake_x.pk])).status_code == 404
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED


def test_a_member_who_declares_a_conflict_cannot_open_the_dossier(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    client = login(personas.jury_x)
    response = client.post(reverse("jury:wish_conflict", args=[wish.pk]), {"reason": "voisin"})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(member=personas.jury_x, application=wish.application).exists()
    assert client.get(reverse("jury:wish", args=[wish.pk])).status_code == 404
    listed = client.get(reverse("jury:intake", args=[intake_x.pk])).context["page"].object_list
    assert wish.pk not in [w.pk for w in listed]
    assert login(personas.president).get(reverse("jury:wish", args=[wish.pk])).status_code == 200


# --- dossier page and forms ----------------------------------------------------------


def test_dossier_shows_path_documents_and_confidential_appraisals(personas, login, intake_x):
    wish = submitted_wish(intake_x, application__path_since_bac="BTS Bâtiment puis licence pro")
    document = Document(
        application=wish.application,
        document_type=DocumentType.objects.filter(campaign=intake_x.campaign).first(),
        original_name="bulletins.pdf",
        content_type="application/pdf",
        size=12,
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    Referee.objects.create(
        application=wish.application,
        kind=RefereeKind.ORIGIN_ESTABLISHMENT,
        name="Mme Proviseure",
        email="p@lycee.example",
        status=RefereeStatus.RECEIVED,
        answers=referee_answers(recommendation="very_favourable"),
    )
    client = login(personas.jury_x)
    page = client.get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert "BTS Bâtiment puis licence pro" in page and "bulletins.pdf" in page and "Très favorable" in page
    response = client.get(reverse("jury:document", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert login(personas.jury_y).get(reverse("jury:document", args=[document.pk])).status_code == 404
    candidate = login(wish.application.candidate)
    assert candidate.get(reverse("jury:document", args=[document.pk])).status_code == 404


def test_referee_appraisals_never_reach_the_candidate(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    Referee.objects.create(
        application=wish.application,
        kind=RefereeKind.PROGRAM_HEAD,
        name="M. Responsable",
        email="r@iut.example",
        status=RefereeStatus.RECEIVED,
        answers=referee_answers(comments="APPRECIATION-SECRETE"),
    )
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    mail = OutboxMessage.objects.get(user=wish.application.candidate)
    assert "APPRECIATION-SECRETE" not in mail.body_text + mail.body_html
    client = login(wish.application.candidate)
    with time_machine.travel(RESULTS_DAY_8AM, tick=False):
        home = client.get(reverse("candidates:home")).content.decode()
    assert "APPRECIATION-SECRETE" not in home
    assert client.get(reverse("jury:wish", args=[wish.pk])).status_code == 404


def test_member_takes_rules_reviews_and_president_decides_through_the_forms(personas, login, intake_x):
    wish = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    member = login(personas.jury_x)
    url = reverse("jury:wish", args=[wish.pk])
    assert member.post(reverse("jury:wish_take", args=[wish.pk])).status_code == 302
    wish.refresh_from_db()
    assert wish.state == WishState.UNDER_REVIEW
    # eligibility of a foreign title without comment: refused, clear message
    response = member.post(
        reverse("jury:wish_eligibility", args=[wish.pk]), {"eligible": "yes", "comment": ""}
    )
    assert response.status_code == 400 and "équivalence" in response.content.decode()
    member.post(
        reverse("jury:wish_eligibility", args=[wish.pk]), {"eligible": "yes", "comment": "Bachelor 180 ECTS"}
    )
    data = {f"score_{c.pk}": "14" for c in scoring_criteria(intake_x.campaign)}
    member.post(reverse("jury:wish_review", args=[wish.pk]), {**data, "proposal": "standard", "submit": "1"})
    review = Review.objects.get(wish=wish, reviewer=personas.jury_x)
    assert review.total == 14 and review.proposal == "standard"
    # members do not decide
    assert member.post(reverse("jury:wish_decide", args=[wish.pk]), {"kind": "excellence"}).status_code == 404
    president = login(personas.president)
    response = president.post(
        reverse("jury:wish_decide", args=[wish.pk]), {"kind": "standard", "tests": ["english_test"]}
    )
    assert response.status_code == 302
    decision = Decision.objects.get(wish=wish)
    assert decision.status == DecisionStatus.DRAFT and decision.tests == ["video_interview", "english_test"]
    wish.refresh_from_db()
    assert wish.state == WishState.UNDER_REVIEW  # R-JURY-5: nothing visible before release
    assert "Standard" in president.get(url).content.decode()


def test_bulk_decision_reports_refused_wishes_clearly(personas, login, intake_x):
    ok = [submitted_wish(intake_x) for _ in range(2)]
    withdrawn = submitted_wish(intake_x)
    client = login(personas.president)
    list_url = reverse("jury:intake", args=[intake_x.pk])
    client.get(list_url)  # the list renders the bulk form
    wish_transition(
        wish=withdrawn,
        target=WishState.WITHDRAWN,
        actor=withdrawn.application.candidate,
        action=AuditAction.WISH_WITHDRAW,
    )
    response = client.post(
        reverse("jury:intake_bulk_decide", args=[intake_x.pk]),
        {"wishes": [w.pk for w in [*ok, withdrawn]], "kind": "excellence", "next": list_url},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 dossier(s)" in m for m in messages), messages
    name = withdrawn.application.candidate.get_full_name()
    assert any(m.startswith(name) and "n'attend pas le jury" in m for m in messages), messages
    assert Decision.objects.filter(wish__in=ok, kind=DecisionKind.EXCELLENCE).count() == 2
    assert not Decision.objects.filter(wish=withdrawn).exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/jury/", "//evil.example/jury/", "http://testserver.evil.example/"]
)
def test_ASVS_5_0_V3_7_2_bulk_decision_never_sends_the_president_to_another_site(
    personas, login, intake_x, next_url
):
    """Open redirect: a `next` leading off the portal is ignored for the intake's list."""
    response = login(personas.president).post(
        reverse("jury:intake_bulk_decide", args=[intake_x.pk]),
        {"wishes": [submitted_wish(intake_x).pk], "kind": "excellence", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("jury:intake", args=[intake_x.pk])


def test_bulk_decision_returns_to_the_filtered_list_it_came_from(personas, login, intake_x):
    back = reverse("jury:intake", args=[intake_x.pk]) + "?sort=score&page=2"
    response = login(personas.president).post(
        reverse("jury:intake_bulk_decide", args=[intake_x.pk]),
        {"wishes": [submitted_wish(intake_x).pk], "kind": "excellence", "next": back},
    )
    assert response["Location"] == back


def test_minutes_pdf_lists_decisions_and_their_log(personas, login, intake_x):
    a = submitted_wish(intake_x, application__candidate__last_name="Excellent")
    b = submitted_wish(intake_x, application__candidate__last_name="Rejeté")
    services.decision_set(wish=a, actor=personas.president, kind=DecisionKind.STANDARD)
    services.decision_set(wish=a, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    services.decision_set(wish=b, actor=personas.president, kind=DecisionKind.REJECTED)
    context = minutes_context(intake=intake_x)
    assert [d.wish for d in context["by_kind"]["excellence"]] == [a]
    assert [d.wish for d in context["by_kind"]["rejected"]] == [b]
    assert [e.after["kind"] for e in context["log"]] == ["standard", "excellence", "rejected"]
    assert personas.jury_x in context["members"]
    response = login(personas.jury_x).get(reverse("jury:minutes", args=[intake_x.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


# --- release page --------------------------------------------------------------------


def test_R_JURY_5_release_page_refuses_before_the_date_and_lists_undecided(personas, login, intake_x):
    decided = submitted_wish(intake_x)
    undecided = submitted_wish(intake_x, application__candidate__last_name="Sansdécision")
    services.decision_set(wish=decided, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    client = login(personas.president)
    with time_machine.travel(BEFORE_RESULTS, tick=False):
        client = login(personas.president)
        page = client.get(reverse("jury:release", args=[2021]))
        assert "Sansdécision" in page.content.decode()
        assert "Publier maintenant" not in page.content.decode()
        response = client.post(reverse("jury:release", args=[2021]), follow=True)
        assert "ne peuvent pas être publiées avant" in response.content.decode()
    decided.refresh_from_db()
    assert decided.state == WishState.SUBMITTED and OutboxMessage.objects.count() == 0
    with time_machine.travel(RESULTS_DAY_8AM, tick=False):
        client = login(personas.president)  # a session of that day
        response = client.post(reverse("jury:release", args=[2021]), follow=True)
        text = response.content.decode()
        assert "1 décision(s) publiée(s), 1 e-mail(s)" in text and "1 dossier(s) sans décision" in text
        response = client.post(reverse("jury:release", args=[2021]), follow=True)
        assert "0 décision(s) publiée(s), 0 e-mail(s)" in response.content.decode()
    decided.refresh_from_db()
    undecided.refresh_from_db()
    assert decided.state == WishState.ADMISSIBLE and undecided.state == WishState.SUBMITTED
    assert OutboxMessage.objects.count() == 1


def test_admin_overrides_a_released_decision_with_a_reason(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    decision = services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    url = reverse("jury:decision_override", args=[decision.pk])
    assert login(personas.president).post(url, {"kind": "excellence", "reason": "x"}).status_code == 404
    admin = login(personas.admin)
    response = admin.post(url, {"kind": "excellence", "reason": ""})
    assert response.status_code == 200 and "obligatoire" in response.content.decode()
    response = admin.post(url, {"kind": "excellence", "reason": "Erreur de report"}, follow=True)
    assert "Erreur de report" in response.content.decode()
    wish.refresh_from_db()
    assert wish.state == WishState.ADMISSIBLE
    # rejected -> anything: the state machine refuses, with a clear message
    response = admin.post(url, {"kind": "rejected", "reason": "test"}, follow=True)
    response = admin.post(url, {"kind": "standard", "reason": "retour"}, follow=True)
    assert "refusée" in response.content.decode()


def test_assignments_and_release_lists_query_counts_are_flat(personas, login, intake_x, jury_x_bis):
    client = login(personas.president)
    assignments = reverse("jury:assignments", args=[intake_x.pk])
    release = reverse("jury:release", args=[2021])
    submitted_wish(intake_x)
    services.assignments_balance(intake=intake_x, actor=personas.president)
    one = (count_queries(client, assignments), count_queries(client, release))
    for _ in range(12):
        submitted_wish(intake_x)
    services.assignments_balance(intake=intake_x, actor=personas.president)
    many = (count_queries(client, assignments), count_queries(client, release))
    assert one == many


def test_release_page_gives_one_moment_in_words(personas, login):
    """Issue 16: "30 mars 2021 à 8 h", once, not a date and a separate time."""
    with time_machine.travel(BEFORE_RESULTS, tick=False):
        page = login(personas.president).get(reverse("jury:release", args=[2021])).content.decode()
    assert page.count("30 mars 2021 à 8 h") == 1
    assert "8:00" not in page and "08:00" not in page and "30 mars 2021 08" not in page
    assert "Les publier manuellement n'est possible qu'à partir du jour des résultats." in page


def test_the_presidents_review_form_proposes_nothing_to_the_president(personas, login, intake_x):
    """Issue 16: the president's form speaks to the president; a member still proposes."""
    wish = submitted_wish(intake_x)
    url = reverse("jury:wish", args=[wish.pk])
    president_page = login(personas.president).get(url).content.decode()
    assert "proposition au président" not in president_page
    assert "Enregistrer la décision" in president_page
    assert "Votre proposition au président" in login(personas.jury_x).get(url).content.decode()
    response = login(personas.president).post(
        reverse("jury:wish_review", args=[wish.pk]),
        {**{f"score_{k}": 12 for k in scores(wish, 0)}, "submit": "1"},
    )
    assert response.status_code == 302
    assert Review.objects.get(wish=wish, reviewer=personas.president).proposal == ""


def test_the_title_reads_as_the_diplomas_name_on_the_list_the_csv_and_the_dossier(personas, login, intake_x):
    """Issue 16: "DUT Informatique", not "Informatique"; its category in its own column."""
    title = EligibleTitleFactory(
        intake=intake_x, kind=TitleKind.DUT, name_fr="Informatique", name_en="Computing"
    )
    wish = submitted_wish(intake_x, application__listed_title=title)
    client = login(personas.president)
    page = client.get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert '<dd class="col-sm-8" id="diploma">DUT Informatique</dd>' in page
    listing = client.get(reverse("jury:intake", args=[intake_x.pk])).content.decode()
    assert "<td>DUT Informatique<br>" in listing
    export = client.get(reverse("jury:intake_export", args=[intake_x.pk])).content.decode("utf-8-sig")
    row = dict(zip(*list(csv.reader(io.StringIO(export), delimiter=";"))[:2], strict=True))
    assert row["Titre"] == "DUT Informatique" and row["Catégorie du titre"] == wish.get_eligibility_display()


def test_documents_open_beside_the_dossier_in_a_new_tab(personas, login, intake_x):
    """Issue 16: a document opens in a new tab (said to screen readers), the dossier stays."""
    wish = submitted_wish(intake_x)
    document = Document(
        application=wish.application,
        document_type=DocumentType.objects.filter(campaign=intake_x.campaign).first(),
        original_name="bulletins.pdf",
        content_type="application/pdf",
        size=12,
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    page = login(personas.jury_x).get(reverse("jury:wish", args=[wish.pk])).content.decode()
    link = f'<a href="{reverse("jury:document", args=[document.pk])}" target="_blank" rel="noopener">'
    assert link in page
    assert '<span class="visually-hidden"> (s\'ouvre dans un nouvel onglet)</span></a>' in page
