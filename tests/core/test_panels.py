"""core.panels: a higher app's section shows on a lower app's page without an import."""

import pytest
from django.test import RequestFactory

from core.panels import _PANELS, once_per_page, panels_render_list, register_panel


@pytest.fixture
def scratch_place():
    yield "tests.scratch"
    _PANELS.pop("tests.scratch", None)


def test_panels_render_in_order_and_skip_those_with_nothing_to_show(scratch_place):
    register_panel(
        scratch_place, "second", template="x.html", context=lambda **kw: {"n": kw["n"] + 1}, order=9 + 11
    )
    register_panel(scratch_place, "first", template="y.html", context=lambda **kw: {"n": kw["n"]}, order=10)
    register_panel(scratch_place, "silent", template="z.html", context=lambda **kw: None, order=5)

    shown = panels_render_list(scratch_place, n=1)

    assert [(panel.key, context) for panel, context in shown] == [("first", {"n": 1}), ("second", {"n": 2})]


def test_once_per_page_computes_once_per_request_and_key():
    calls = []

    def compute(key):
        calls.append(key)
        return {"key": key}

    request, other = RequestFactory().get("/"), RequestFactory().get("/")
    for _ in range(3):
        assert once_per_page(request, "tests.rows", 1, lambda: compute(1)) == {"key": 1}
    once_per_page(request, "tests.rows", 2, lambda: compute(2))
    once_per_page(other, "tests.rows", 1, lambda: compute(1))
    once_per_page(None, "tests.rows", 1, lambda: compute(1))
    assert calls == [1, 2, 1, 1]


def test_the_jury_home_renders_a_registered_panel(personas, login, client, session_2021, settings, tmp_path):
    (tmp_path / "hello_panel.html").write_text("<p>{{ greeting }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    register_panel(
        "jury.home",
        "tests.hello",
        template="hello_panel.html",
        context=lambda *, request, campaign: {"greeting": f"Bonjour {campaign.year}"},
    )
    try:
        login(personas.president)
        response = client.get(f"/jury/{session_2021.year}/")
    finally:
        _PANELS["jury.home"].pop("tests.hello")
    assert "<p>Bonjour 2021</p>" in response.content.decode()
