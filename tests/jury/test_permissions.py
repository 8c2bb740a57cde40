"""The president's buttons (release, assignments, bulk decision, decision form) show for the
president only; members see the same pages without them (jury/rules.py)."""

import pytest
from django.urls import reverse

from .factories import submitted_wish

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("persona", "sees"), [("jury_x", False), ("president", True)])
def test_only_the_president_sees_the_presidents_buttons(personas, login, intake_x, persona, sees):
    wish = submitted_wish(intake_x)
    client = login(getattr(personas, persona))
    home = _page(client, reverse("jury:home", args=[2021]))
    intake = _page(client, reverse("jury:intake", args=[intake_x.pk]))
    detail = _page(client, reverse("jury:wish", args=[wish.pk]))
    assert (f'href="{reverse("jury:release", args=[2021])}"' in home) is sees
    assert (f'href="{reverse("jury:assignments", args=[intake_x.pk])}"' in intake) is sees
    assert (f'action="{reverse("jury:intake_bulk_decide", args=[intake_x.pk])}"' in intake) is sees
    assert (f'action="{reverse("jury:wish_decide", args=[wish.pk])}"' in detail) is sees
