"""The 2021 session exactly as the notice states it, and one demo account per role.

Data, not code: an admin edits all of it afterwards (or clones it into a new session).
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from accounts.rules import is_staff_member
from core.retention import load_default_rules

from .enums import Assessment, DocumentCondition, EntryLevel, TitleKind
from .models import Campaign, DocumentType, EligibleTitle, FeeSchedule, Intake, Program

D = dt.date

PROGRAMS = {
    "bat": {
        "name_fr": "Bâtiment",
        "name_en": "Building engineering",
        "description_fr": "Ingénieur de la construction durable : conception, réalisation et exploitation des bâtiments.",
        "description_en": "Sustainable construction engineer: design, construction and operation of buildings.",
    },
    "infres": {
        "name_fr": "Informatique et Réseaux",
        "name_en": "Computer science and networks",
        "description_fr": "Ingénieur en informatique et réseaux : développement, systèmes et infrastructures.",
        "description_en": "Computer science and networks engineer: software, systems and infrastructure.",
    },
    "mkx": {
        "name_fr": "Mécatronique",
        "name_en": "Mechatronics",
        "description_fr": "Ingénieur mécatronicien : mécanique, électronique, automatique et informatique embarquée.",
        "description_en": "Mechatronics engineer: mechanics, electronics, control and embedded software.",
    },
}

# R-ELIG-1: the listed bac+2 diplomas of each program, 1st year.
LISTED_TITLES = {
    "bat": [
        (TitleKind.DUT, "Génie Civil - Construction Durable", "Civil Engineering - Sustainable Construction"),
        (TitleKind.DUT, "Génie Thermique et Énergie", "Thermal and Energy Engineering"),
        (TitleKind.BTS, "Fluides Énergies Domotique", "Fluids, Energy, Home Automation"),
        (TitleKind.BTS, "Bâtiment", "Building"),
        (TitleKind.BTS, "Enveloppe du bâtiment", "Building Envelope"),
        (TitleKind.BTS, "Systèmes constructifs bois et habitat", "Timber Construction Systems and Housing"),
    ],
    "infres": [
        (TitleKind.DUT, "Informatique", "Computer Science"),
        (TitleKind.DUT, "Réseaux et Télécommunications", "Networks and Telecommunications"),
        (
            TitleKind.DUT,
            "Génie Électrique et Informatique Industrielle",
            "Electrical Engineering and Industrial Computing",
        ),
        (TitleKind.DUT, "Métiers du Multimédia et de l'Internet", "Multimedia and Internet Professions"),
        (TitleKind.BTS, "Services Informatiques aux Organisations", "IT Services for Organisations"),
        (
            TitleKind.BTS,
            "Systèmes Numériques option A Informatique et Réseaux",
            "Digital Systems, option A Computing and Networks",
        ),
    ],
    "mkx": [
        (TitleKind.DUT, "Génie Mécanique et Productique", "Mechanical and Production Engineering"),
        (
            TitleKind.DUT,
            "Génie Électrique et Informatique Industrielle",
            "Electrical Engineering and Industrial Computing",
        ),
        (TitleKind.DUT, "Génie Industriel et Maintenance", "Industrial Engineering and Maintenance"),
        (TitleKind.DUT, "Mesures Physiques", "Physical Measurements"),
        (TitleKind.DUT, "Science et Génie des Matériaux", "Materials Science and Engineering"),
        (TitleKind.BTS, "Assistance Technique d'Ingénieur", "Engineering Technical Assistance"),
        (TitleKind.BTS, "Conception de Produits Industriels", "Industrial Product Design"),
        (
            TitleKind.BTS,
            "Contrôle Industriel et Régulation Automatique",
            "Industrial Control and Automatic Regulation",
        ),
        (
            TitleKind.BTS,
            "Conception et Réalisation de Systèmes Automatiques",
            "Design and Build of Automated Systems",
        ),
        (TitleKind.BTS, "Aéronautique", "Aeronautics"),
        (TitleKind.BTS, "Électrotechnique", "Electrical Engineering"),
        (
            TitleKind.BTS,
            "Systèmes Numériques option Électronique et Communications",
            "Digital Systems, option Electronics and Communications",
        ),
    ],
}

# Common to every 1st-year intake (R-ELIG-1..3).
YEAR1_COMMON = [
    (
        TitleKind.PREPA_ATS,
        "Spé ATS (après un bac+2 de la liste)",
        "Spé ATS (after a listed bac+2)",
        Assessment.LISTED,
        None,
    ),
    (
        TitleKind.PREPA_SCIENTIFIC,
        "Autre classe préparatoire scientifique",
        "Other scientific preparatory class",
        Assessment.LISTED,
        None,
    ),
    (
        TitleKind.OTHER_FRENCH,
        "Autre diplôme ou titre français (120 ECTS minimum, liens avec la spécialité)",
        "Other French title (120 ECTS at least, linked to the program)",
        Assessment.JURY,
        None,
    ),
    (TitleKind.FOREIGN, "Diplôme ou titre étranger", "Foreign title", Assessment.JURY, None),
]

# R-ELIG-4: 2nd year, BAT only in 2021, judged by the jury.
YEAR2_TITLES = [
    (
        TitleKind.MASTER_1,
        "M1 validé dans le domaine, ou 4 années après le bac",
        "Validated M1 in the field, or 4 years after the bac",
        Assessment.JURY,
        240,
    ),
    (
        TitleKind.MASTER_2,
        "M2, ou 5 années après le bac",
        "M2, or 5 years after the bac",
        Assessment.JURY,
        300,
    ),
    (TitleKind.FOREIGN, "Diplôme ou titre étranger", "Foreign title", Assessment.JURY, None),
]

DOCUMENTS = [
    ("identity", "Pièce d'identité", "Identity document", DocumentCondition.ALWAYS, True),
    ("cv", "Curriculum vitae", "Curriculum vitae", DocumentCondition.ALWAYS, True),
    ("cover_letter", "Lettre de motivation", "Cover letter", DocumentCondition.ALWAYS, True),
    (
        "transcripts",
        "Relevés de notes des deux dernières années",
        "Transcripts of the last two years",
        DocumentCondition.ALWAYS,
        True,
    ),
    (
        "bac",
        "Diplôme ou relevé de notes du baccalauréat",
        "Baccalauréat diploma or transcript",
        DocumentCondition.ALWAYS,
        True,
    ),
    ("diploma", "Diplôme bac+2 (ou plus)", "Bac+2 (or higher) diploma", DocumentCondition.ALWAYS, False),
    (
        "enrolment",
        "Certificat de scolarité de l'année en cours",
        "Certificate of enrolment for the current year",
        DocumentCondition.DIPLOMA_IN_PROGRESS,
        True,
    ),
    (
        "scholarship",
        "Justificatif de bourse (CROUS ou État français)",
        "Scholarship proof (CROUS or French State)",
        DocumentCondition.SCHOLARSHIP,
        True,
    ),
    (
        "equivalence",
        "Traduction et attestation du diplôme étranger",
        "Translation and certificate of the foreign title",
        DocumentCondition.FOREIGN_TITLE,
        True,
    ),
]

DEMO_PASSWORD = "Demo-Portail-2021"  # noqa: S105  printed by load_demo, for the demo only
# Staff accounts use TOTP: the demo ones share this secret (add it to an authenticator
# app, or print the current code with `manage.py totp_code EMAIL`).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_ACCOUNTS = [
    ("admin@demo.imt-mines-ales.fr", "Alice", "Admin", Role.ADMIN, []),
    ("president@demo.imt-mines-ales.fr", "Paul", "Président", Role.JURY_PRESIDENT, ["bat", "infres", "mkx"]),
    ("jury.bat@demo.imt-mines-ales.fr", "Bénédicte", "Bâtiment", Role.JURY_MEMBER, ["bat"]),
    ("jury.infres@demo.imt-mines-ales.fr", "Ivan", "Réseaux", Role.JURY_MEMBER, ["infres"]),
    ("cfa@demo.imt-mines-ales.fr", "Claire", "CFA", Role.CFA_STAFF, []),
    ("candidat@demo.imt-mines-ales.fr", "Camille", "Candidate", Role.CANDIDATE, []),
]


@transaction.atomic
def load_session_2021() -> Campaign:
    campaign, _created = Campaign.objects.update_or_create(
        year=2021,
        defaults={
            "name": "Session 2021",
            "is_published": True,
            "submission_opens_on": D(2021, 1, 11),
            "submission_deadline": D(2021, 3, 9),
            "review_results_on": D(2021, 3, 30),
            "tests_start_on": D(2021, 3, 31),
            "tests_end_on": D(2021, 4, 16),
            "video_english_start_on": D(2021, 3, 31),
            "video_english_end_on": D(2021, 4, 5),
            "second_interview_notice_on": D(2021, 4, 9),
            "second_interview_booking_start_on": D(2021, 4, 12),
            "second_interview_booking_end_on": D(2021, 4, 16),
            "admissibility_results_on": D(2021, 4, 21),
            "company_search_start_on": D(2021, 5, 3),
            "classes_start_on": D(2021, 9, 6),
        },
    )
    campaign.full_clean()
    FeeSchedule.objects.update_or_create(
        campaign=campaign,
        defaults={
            "scholar_first": Decimal("22"),
            "scholar_additional": Decimal("11"),
            "standard_first": Decimal("77"),
            "standard_additional": Decimal("22"),
        },
    )
    documents = {}
    for position, (code, fr, en, condition, indispensable) in enumerate(DOCUMENTS):
        documents[code], _ = DocumentType.objects.update_or_create(
            campaign=campaign,
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "condition": condition,
                "indispensable": indispensable,
                "position": position,
            },
        )
    programs = {}
    for code, fields in PROGRAMS.items():
        programs[code], _ = Program.objects.update_or_create(code=code, defaults=fields)

    intakes = [(code, EntryLevel.YEAR_1, 40, 120) for code in ("bat", "infres", "mkx")]
    intakes.append(("bat", EntryLevel.YEAR_2, 1, 240))  # no 2nd-year intake for INFRES or MKX
    for code, level, places, min_ects in intakes:
        intake, _ = Intake.objects.update_or_create(
            campaign=campaign,
            program=programs[code],
            level=level,
            defaults={"places": places, "min_ects": min_ects},
        )
        intake.document_types.set(documents.values())
        titles = (
            [(kind, fr, en, Assessment.LISTED, None) for kind, fr, en in LISTED_TITLES[code]] + YEAR1_COMMON
            if level == EntryLevel.YEAR_1
            else YEAR2_TITLES
        )
        for position, (kind, fr, en, assessment, ects) in enumerate(titles):
            EligibleTitle.objects.update_or_create(
                intake=intake,
                kind=kind,
                name_fr=fr,
                defaults={"name_en": en, "assessment": assessment, "min_ects": ects, "position": position},
            )
    # The retention rules' defaults, each with its reason (registered by each app's
    # categories, written by the privacy app): kept as they are when already there.
    load_default_rules()
    return campaign


@transaction.atomic
def load_demo_accounts():
    created = []
    # One hash for the six accounts (the same demo password): PBKDF2 costs a second or more
    # each on a busy 2-core machine, and the demo loads in under a minute.
    hashed = make_password(DEMO_PASSWORD)
    for email, first, last, role, program_codes in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=email)
        user.first_name, user.last_name, user.role = first, last, role
        user.is_superuser = role == Role.ADMIN
        user.password = hashed
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            is_staff_member(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if program_codes:
            user.jury_programs.set(Program.objects.filter(code__in=program_codes))
        created.append((email, role))
    return created
