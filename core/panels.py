"""Sections that a higher app adds to a lower app's page.

A lower app never imports a higher one (the layers in pyproject.toml), yet its pages must
show what the higher apps hold: the candidate's home shows the tests to take and the job
sheets, the jury's dossier page shows the video interview. The lower page names a *place*
("candidates.home", "jury.wish_detail", …) and renders `{% panels "place" key=value … %}`;
each higher app registers, in its AppConfig.ready(), a template and a context function for
that place. The context function receives the page's keyword arguments (always `request`)
and returns the template's context, or None when the panel has nothing to show there.

A panel shown once per row (a place such as "candidates.home.wish") reads what it needs for
all the rows at once through `once_per_page`, so that the page stays flat in rows.

Places and their arguments (add one here when a page gains a place):
- "candidates.home"        request, campaign, application (None before a dossier), now
- "candidates.home.wish"   request, campaign, application, wish, state (the released state), now
- "jury.home"              request, campaign
- "jury.wish_detail"       request, wish
- "apprenticeship.home"    request, campaign
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    place: str
    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_PANELS: dict[str, dict[str, Panel]] = {}


def register_panel(
    place: str, key: str, *, template: str, context: Callable[..., dict | None], order: int = 100
) -> None:
    """Add (or replace, keyed by `key`) a panel at `place`; lower `order` shows first."""
    _PANELS.setdefault(place, {})[key] = Panel(place, key, template, context, order)


def panels_at(place: str) -> list[Panel]:
    return sorted(_PANELS.get(place, {}).values(), key=lambda panel: (panel.order, panel.key))


def panels_render_list(place: str, **arguments) -> list[tuple[Panel, dict]]:
    """The panels of `place` that have something to show, each with its context."""
    shown = []
    for panel in panels_at(place):
        context = panel.context(**arguments)
        if context is not None:
            shown.append((panel, context))
    return shown


def once_per_page(request, name: str, key: Hashable, compute: Callable[[], object]):
    """`compute()` once per request for (`name`, `key`), kept on the request: a per-row panel
    reads all the rows' data at the first row (`key` the rows' owner, e.g. the dossier's id).
    Without a request (a panel rendered outside a page), computed every time."""
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_panels_once", {})
    if (name, key) not in cache:
        cache[name, key] = compute()
    return cache[name, key]
