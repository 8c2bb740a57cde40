"""Company-search support (R-CFA-1): needs, training days with capacity and waiting list,
reminders and invitations."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from candidates.enums import WishState
from company_search import services
from company_search.enums import RegistrationState
from company_search.errors import SupportError
from company_search.models import SearchNeeds, TrainingRegistration
from notifications.models import OutboxMessage
from notifications.services import milestone_run
from tests.company_search.factories import DAY_START, TrainingDayFactory, searching_wish

pytestmark = pytest.mark.django_db


def _needs_post(client, year, **data):
    payload = {
        "cv_help": "on",
        "sectors": ["construction", "energy"],
        "regions": ["occ"],
        "mobility": "region",
    }
    payload.update(data)
    return client.post(reverse("company_search:needs", args=[year]), payload)


def test_R_CFA_1_needs_form_is_one_per_candidate_and_editable(personas, intake_x, login, during_support):
    wish = searching_wish(intake_x, candidate=personas.candidate_a)
    client = login(personas.candidate_a)
    response = _needs_post(client, 2021)
    assert response.status_code == 302
    response = _needs_post(client, 2021, cv_help="", interview_practice="on", regions=["occ", "paca"])
    # "paca" is not a region code: the form refuses it, nothing changes.
    assert response.status_code == 200
    assert SearchNeeds.objects.get().regions == ["occ"]
    _needs_post(client, 2021, cv_help="", interview_practice="on", regions=["occ", "pac"])
    needs = SearchNeeds.objects.get(application=wish.application)
    assert (needs.cv_help, needs.interview_practice, needs.regions) == (False, True, ["occ", "pac"])
    page = client.get(reverse("company_search:home", args=[2021]))
    assert "Vous avez indiqué vos besoins au CFA" in page.content.decode()


def test_R_CFA_1_needs_form_only_for_candidates_still_searching(personas, intake_x, login, during_support):
    searching_wish(intake_x, candidate=personas.candidate_a, state=WishState.PRE_ADMISSIBLE)
    searching_wish(intake_x, candidate=personas.candidate_b, state=WishState.PLACED)
    for candidate in (personas.candidate_a, personas.candidate_b):
        client = login(candidate)
        assert client.get(reverse("company_search:needs", args=[2021])).status_code == 404
        page = client.get(reverse("company_search:home", args=[2021])).content.decode()
        assert "aux candidats admissibles qui cherchent encore" in page


def test_R_CFA_1_support_opens_on_the_company_search_date(personas, intake_x, login):
    searching_wish(intake_x, candidate=personas.candidate_a)
    with time_machine.travel(
        dt.datetime(2021, 5, 2, 20, 0, tzinfo=dt.UTC), tick=False
    ):  # 22:00 Paris, the eve
        page = login(personas.candidate_a).get(reverse("company_search:home", args=[2021])).content.decode()
        assert "ouvre le 3 mai 2021" in page
        assert (
            login(personas.candidate_a).get(reverse("company_search:needs", args=[2021])).status_code == 404
        )


def test_R_CFA_1_capacity_then_waiting_list_promoted_in_order(session_2021, intake_x, during_support):
    day = TrainingDayFactory(campaign=session_2021, capacity=2)
    wishes = [searching_wish(intake_x) for _ in range(4)]
    registrations = [
        services.training_day_register(day=day, application=w.application, actor=w.application.candidate)
        for w in wishes
    ]
    assert [r.state for r in registrations] == ["registered", "registered", "waiting", "waiting"]
    services.training_registration_cancel(
        registration=registrations[1], actor=wishes[1].application.candidate
    )
    states = dict(TrainingRegistration.objects.values_list("pk", "state"))
    # The first on the waiting list gets the place; the second still waits.
    assert states[registrations[2].pk] == RegistrationState.REGISTERED
    assert states[registrations[3].pk] == RegistrationState.WAITING
    promoted = OutboxMessage.objects.get(template_key="company_search.promoted")
    assert promoted.recipient_email == wishes[2].application.candidate.email
    assert day.title in promoted.subject
    # A waiting candidate who cancels frees nothing.
    services.training_registration_cancel(registration=registrations[3], actor=None)
    assert OutboxMessage.objects.filter(template_key="company_search.promoted").count() == 1


def test_R_CFA_1_register_twice_or_for_another_program_is_refused(
    session_2021, intake_x, intake_y, during_support
):
    wish = searching_wish(intake_x)
    day = TrainingDayFactory(campaign=session_2021)
    services.training_day_register(day=day, application=wish.application, actor=None)
    with pytest.raises(SupportError, match="déjà inscrit"):
        services.training_day_register(day=day, application=wish.application, actor=None)
    other = TrainingDayFactory(campaign=session_2021, program=intake_y.program)
    with pytest.raises(SupportError, match="pas ouverte"):
        services.training_day_register(day=other, application=wish.application, actor=None)
    assert TrainingRegistration.objects.count() == 1


def test_R_CFA_1_candidate_registers_and_cancels_through_the_page(
    personas, session_2021, intake_x, login, during_support
):
    searching_wish(intake_x, candidate=personas.candidate_a)
    day = TrainingDayFactory(campaign=session_2021, capacity=1, title="Simulation d'entretien")
    client = login(personas.candidate_a)
    response = client.post(reverse("company_search:day_register", args=[day.pk]), follow=True)
    page = response.content.decode()
    assert "Vous êtes inscrit(e) à" in page and "Annuler mon inscription" in page
    registration = TrainingRegistration.objects.get()
    response = client.post(reverse("company_search:registration_cancel", args=[registration.pk]), follow=True)
    assert "Votre inscription est annulée." in response.content.decode()
    assert TrainingRegistration.objects.get().state == RegistrationState.CANCELLED


def test_R_CFA_1_larger_capacity_lets_the_waiting_list_in(personas, session_2021, intake_x, during_support):
    day = TrainingDayFactory(campaign=session_2021, capacity=1)
    wishes = [searching_wish(intake_x) for _ in range(3)]
    for wish in wishes:
        services.training_day_register(day=day, application=wish.application, actor=None)
    services.training_day_save(campaign=session_2021, actor=personas.cfa, data={"capacity": 2}, day=day)
    assert TrainingRegistration.objects.filter(state=RegistrationState.REGISTERED).count() == 2
    with pytest.raises(SupportError, match="ne peut pas être inférieure"):
        services.training_day_save(campaign=session_2021, actor=personas.cfa, data={"capacity": 1}, day=day)


def test_R_CFA_1_reminder_the_day_before_once(session_2021, intake_x):
    day = TrainingDayFactory(campaign=session_2021, capacity=1)
    registered, waiting = searching_wish(intake_x), searching_wish(intake_x)
    with time_machine.travel(DAY_START - dt.timedelta(days=3), tick=False):
        for wish in (registered, waiting):
            services.training_day_register(day=day, application=wish.application, actor=None)
        assert services.training_reminders_send() == 0  # three days before: nothing
    with time_machine.travel(DAY_START - dt.timedelta(days=1), tick=False):
        assert services.support_tick() >= 1
        services.support_tick()  # the next hour's tick
    reminders = OutboxMessage.objects.filter(template_key="company_search.reminder")
    assert [m.recipient_email for m in reminders] == [registered.application.candidate.email]
    assert reminders[0].subject.startswith("Demain : journée d'accompagnement")


def test_R_CFA_1_invitations_sent_once_to_candidates_still_searching(session_2021, intake_x):
    admissible = searching_wish(intake_x)
    complementary = searching_wish(intake_x, state=WishState.COMPLEMENTARY)
    searching_wish(intake_x, state=WishState.PRE_ADMISSIBLE)
    searching_wish(intake_x, state=WishState.PLACED)
    start = dt.datetime(2021, 5, 3, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris
    milestone_run(campaign=session_2021, action_key="company_search.invite", now=start)
    milestone_run(campaign=session_2021, action_key="company_search.invite", now=start, rerun=True)
    invited = sorted(
        OutboxMessage.objects.filter(template_key="company_search.invitation").values_list(
            "recipient_email", flat=True
        )
    )
    assert invited == sorted(
        {admissible.application.candidate.email, complementary.application.candidate.email}
    )
