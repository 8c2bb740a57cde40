"""Reads shared by the public pages and later apps."""

import datetime as dt
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.rules import is_candidate

from .models import Campaign, EligibleTitle, Intake

# --- sessions: which one a page belongs to, and which ones a person works on ------------------
#
# Sessions overlap: the 2021 CFA phase runs while 2022 takes dossiers. So no page assumes
# "the current session"; each person sees the sessions where they have work. What "work
# waiting" means belongs to the apps above (a dossier, wishes to decide, trainees): each
# registers, per role, a condition on Campaign in its AppConfig.ready (admissions never
# imports them).
_WORK_WAITING: dict[str, list[Callable[[object], Q]]] = {}


def register_work_waiting(*roles: str, condition: Callable[[object], Q]) -> None:
    """`condition(user)` is a Q on Campaign true where `user` has work waiting."""
    for role in roles:
        conditions = _WORK_WAITING.setdefault(str(role), [])
        if condition not in conditions:
            conditions.append(condition)


def _work_condition(user) -> Q | None:
    conditions = _WORK_WAITING.get(str(getattr(user, "role", "")), [])
    if not conditions:
        return None
    combined = Q()
    for condition in conditions:
        combined |= condition(user)
    return combined


def public_campaign(now=None) -> Campaign | None:
    """The session the public pages show: the published one open for submission, else the
    latest published."""
    return _public_among(list(Campaign.objects.published().order_by("-year")), now)


def _public_among(published, now=None) -> Campaign | None:
    now = now or timezone.now()
    open_now = (campaign for campaign in published if campaign.is_open_for_submission(now))
    return next(open_now, published[0] if published else None)


def sessions_with_work(user, now=None) -> list[Campaign]:
    """The sessions `user` may choose, newest first, each with `has_work`: a candidate's are
    the sessions of their dossiers plus the one the public sees (to start a dossier);
    staff's are the published sessions. One query, whatever the number of sessions."""
    condition = _work_condition(user)
    sessions = Campaign.objects.order_by("-year")
    if condition is None:
        sessions = sessions.published().annotate(has_work=Value(False))
    else:
        work = Exists(Campaign.objects.filter(condition, pk=OuterRef("pk")))
        sessions = sessions.annotate(has_work=work).filter(Q(is_published=True) | Q(has_work=True))
    sessions = list(sessions)
    published = [campaign for campaign in sessions if campaign.is_published]
    if is_candidate(user):
        public = _public_among(published, now)
        return [campaign for campaign in sessions if campaign.has_work or campaign == public]
    return published


def default_session(user, now=None) -> Campaign | None:
    """The session a person lands on: the newest with work waiting for them, else the one
    the public sees."""
    for campaign in sessions_with_work(user, now):
        if campaign.has_work:
            return campaign
    return public_campaign(now)


def session_or_404(year, *, user=None) -> Campaign:
    """The session named by a URL: published, or one where `user` has a dossier."""
    visible = Q(is_published=True)
    condition = _work_condition(user) if user is not None and is_candidate(user) else None
    if condition is not None:
        visible |= condition
    campaign = Campaign.objects.filter(visible, year=year).distinct().first()
    if campaign is None:
        raise Http404
    return campaign


def public_intakes(campaign: Campaign):
    """The intakes offered to candidates, with places and eligible titles, in 3 queries."""
    return (
        Intake.objects.open_to_candidates()
        .filter(campaign=campaign)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "eligible_titles", queryset=EligibleTitle.objects.order_by("position", "kind", "name_fr")
            )
        )
        .order_by("level", "program__code")
    )


def publication_effects(campaign: Campaign, now=None) -> list[tuple[str, str]]:
    """What publishing `campaign` changes, for whom, as (who, what) sentences: the admin
    reads them before confirming. Sessions overlap: the ones already published stay so."""
    published = list(Campaign.objects.published().exclude(pk=campaign.pk).order_by("-year"))
    before = _public_among(published, now)
    after = _public_among(sorted([*published, campaign], key=lambda c: -c.year), now)
    new = {"new": campaign.name}
    effects = []
    if after == campaign:
        text = (
            _("The public pages (home, programs, fees, calendar) switch from %(old)s to %(new)s.")
            % {**new, "old": before.name}
            if before
            else _("The public pages (home, programs, fees, calendar) show %(new)s.") % new
        )
    else:
        switch_on = date_format(before.submission_deadline + dt.timedelta(days=1))
        text = _(
            "The public pages keep showing %(old)s, open for submission now, "
            "then switch to %(new)s on %(date)s."
        ) % {**new, "old": before.name, "date": switch_on}
    effects.append((_("Public pages"), text))
    effects.append(
        (
            _("New candidates"),
            _("They create their dossier in %(new)s, from %(opens)s to %(deadline)s (Paris time).")
            % {
                **new,
                "opens": date_format(campaign.submission_opens_on),
                "deadline": date_format(campaign.submission_deadline),
            },
        )
    )
    for old in published:
        effects.append(
            (
                _("Candidates of %(old)s") % {"old": old.name},
                _(
                    "They keep their dossiers, receipts and decisions of %(old)s: their home page lists "
                    "each session."
                )
                % {"old": old.name},
            )
        )
        effects.append(
            (
                _("Jury and CFA"),
                _("They keep working on %(old)s: the session chooser offers %(old)s and %(new)s.")
                % {**new, "old": old.name},
            )
        )
    return effects
