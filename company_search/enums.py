"""Choices and states of company-search support (R-CFA-1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.enums import WishState

# Who the CFA supports: admissible candidates still looking for a host company, and the
# complementary list's trainees who keep searching (R-ADMIT-6).
SEARCHING_STATES = (WishState.ADMISSIBLE, WishState.COMPLEMENTARY)
# Wishes that hold a place of their intake (R-ADMIT-2, R-ADMIT-4): a registered job sheet,
# then the admission, then the signed contract.
PLACE_HOLDING_STATES = (WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED)


class Sector(models.TextChoices):
    """Sectors a candidate looks for a host company in."""

    CONSTRUCTION = "construction", _("Construction and civil engineering")
    ENERGY = "energy", _("Energy and building services")
    DIGITAL = "digital", _("Digital services and software")
    NETWORKS = "networks", _("Networks and telecommunications")
    INDUSTRY = "industry", _("Manufacturing industry")
    AERONAUTICS = "aeronautics", _("Aeronautics, space and defence")
    AUTOMOTIVE = "automotive", _("Automotive and transport")
    CONSULTING = "consulting", _("Engineering and consulting firms")
    PUBLIC = "public", _("Public sector and local authorities")
    OTHER = "other", _("Other sector")


class Region(models.TextChoices):
    """France's regions, where the candidate looks for a company."""

    ARA = "ara", "Auvergne-Rhône-Alpes"
    BFC = "bfc", "Bourgogne-Franche-Comté"
    BRE = "bre", "Bretagne"
    CVL = "cvl", "Centre-Val de Loire"
    COR = "cor", "Corse"
    GES = "ges", "Grand Est"
    HDF = "hdf", "Hauts-de-France"
    IDF = "idf", "Île-de-France"
    NOR = "nor", "Normandie"
    NAQ = "naq", "Nouvelle-Aquitaine"
    OCC = "occ", "Occitanie"
    PDL = "pdl", "Pays de la Loire"
    PAC = "pac", "Provence-Alpes-Côte d’Azur"
    DOM = "dom", _("Overseas regions")
    ABROAD = "abroad", _("Abroad")


class Mobility(models.TextChoices):
    """How far the candidate can move for the apprenticeship."""

    LOCAL = "local", _("Near my home only")
    REGION = "region", _("In my region")
    NATIONAL = "national", _("Anywhere in France")
    INTERNATIONAL = "international", _("In France or abroad")


# The yes/no needs, in the order of the form and of the CFA's table.
NEED_FLAGS = (
    ("cv_help", _("Help with my CV and cover letter")),
    ("interview_practice", _("Interview practice")),
    ("company_contacts", _("Contacts of host companies")),
    ("housing_help", _("Help with housing")),
)


class RegistrationState(models.TextChoices):
    """A candidate's place at a training day."""

    REGISTERED = "registered", pgettext_lazy("training day", "Registered")
    WAITING = "waiting", pgettext_lazy("training day", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("training day", "Cancelled")


ACTIVE_REGISTRATION_STATES = (RegistrationState.REGISTERED, RegistrationState.WAITING)

# `registration_transition` refuses anything else.
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RegistrationState.WAITING: frozenset({RegistrationState.REGISTERED, RegistrationState.CANCELLED}),
    RegistrationState.REGISTERED: frozenset({RegistrationState.CANCELLED}),
    RegistrationState.CANCELLED: frozenset(),
}


class AuditAction(models.TextChoices):
    """What company-search services write in the audit log. Stored values: never renamed."""

    NEEDS_SAVED = "company_search.needs_saved"
    DAY_SAVED = "company_search.day_saved"
    REGISTERED = "company_search.registered"
    WAITING = "company_search.waiting"
    PROMOTED = "company_search.promoted"
    CANCELLED = "company_search.cancelled"
