# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The dossier's e-mails, registered with notifications at start-up (CandidatesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

SIGN_FR = "\n\nLe service des admissions, IMT Mines Alès"
SIGN_EN = "\n\nThe admissions office, IMT Mines Alès"

TEMPLATES = [
    (
        "dossier.acknowledgment",
        _("Acknowledgment of receipt of the dossier (with the PDF receipt)"),
        {
            "reference": _("Reference number of the dossier"),
            "submitted_at": _("Date and time of submission (Paris time)"),
            "session": _("Name of the admissions session"),
        },
        "Accusé de réception de votre dossier {{ reference }}",
        "Bonjour {{ candidate_name }},\n\nNous avons bien reçu votre dossier de candidature pour la {{ session }}, "
        "déposé le {{ submitted_at }} (heure de Paris), sous la référence {{ reference }}.\n"
        "Vous trouverez en pièce jointe le récépissé de dépôt (PDF).\n\n"
        "Les résultats de l'examen des dossiers vous seront communiqués par courriel.\n"
        "Vous pouvez suivre votre dossier sur {{ site_url }}." + SIGN_FR,
        "Acknowledgment of receipt of your application {{ reference }}",
        "Hello {{ candidate_name }},\n\nWe have received your application for the {{ session }}, submitted on "
        "{{ submitted_at }} (Paris time), reference {{ reference }}.\nThe receipt (PDF) is attached.\n\n"
        "The results of the file review will be sent to you by e-mail.\nFollow your application on {{ site_url }}."
        + SIGN_EN,
    ),
    (
        "dossier.withdrawn",
        _("Confirmation of a withdrawal"),
        {"programs": _("Programs withdrawn"), "reference": _("Reference number of the dossier")},
        "Confirmation de désistement",
        "Bonjour {{ candidate_name }},\n\nNous confirmons votre désistement pour : {{ programs }} "
        "(dossier {{ reference }}).\nLes frais de traitement acquittés ne sont pas remboursés." + SIGN_FR,
        "Withdrawal confirmed",
        "Hello {{ candidate_name }},\n\nWe confirm your withdrawal from: {{ programs }} (dossier {{ reference }}).\n"
        "Processing fees paid are not refunded." + SIGN_EN,
    ),
    (
        "dossier.refused_examination",
        _("Refusal of examination of an incomplete dossier"),
        {"reference": _("Reference number of the dossier"), "reason": _("Reason given by the staff")},
        "Refus d'examen de votre dossier {{ reference }}",
        "Bonjour {{ candidate_name }},\n\nVotre dossier {{ reference }} ne comporte pas les éléments indispensables "
        "à l'étude de sa qualité et de sa recevabilité ; son examen est refusé.\n\nMotif : {{ reason }}"
        + SIGN_FR,
        "Your application {{ reference }} cannot be examined",
        "Hello {{ candidate_name }},\n\nYour application {{ reference }} lacks documents indispensable to its "
        "examination; its examination is refused.\n\nReason: {{ reason }}" + SIGN_EN,
    ),
    (
        "dossier.voided",
        _("Application voided for a false declaration"),
        {"reference": _("Reference number of the dossier"), "reason": _("Reason given by the staff")},
        "Nullité de votre candidature {{ reference }}",
        "Bonjour {{ candidate_name }},\n\nUne fausse déclaration a été constatée dans votre dossier {{ reference }} : "
        "votre candidature est nulle et rejetée.\n\nMotif : {{ reason }}" + SIGN_FR,
        "Your application {{ reference }} is void",
        "Hello {{ candidate_name }},\n\nA false declaration was found in your application {{ reference }}: "
        "it is void and rejected.\n\nReason: {{ reason }}" + SIGN_EN,
    ),
    (
        "dossier.scholarship_refused",
        _("Scholarship proof refused: the standard fee is owed"),
        {
            "reference": _("Reference number of the dossier"),
            "reason": _("Reason given by the staff"),
            "amount_owed": _("Amount still owed"),
            "pay_link": _("Address of the payment page"),
        },
        "Justificatif de bourse refusé",
        "Bonjour {{ candidate_name }},\n\nLe justificatif de bourse joint à votre dossier {{ reference }} n'a pas été "
        "accepté.\nMotif : {{ reason }}\n\nLes frais de traitement au tarif non boursier s'appliquent ; il reste "
        "{{ amount_owed }} à régler : {{ pay_link }}" + SIGN_FR,
        "Scholarship proof refused",
        "Hello {{ candidate_name }},\n\nThe scholarship proof attached to your application {{ reference }} was not "
        "accepted.\nReason: {{ reason }}\n\nThe standard processing fee applies; {{ amount_owed }} is still owed: "
        "{{ pay_link }}" + SIGN_EN,
    ),
    (
        "referee.request",
        _("Request for a confidential appraisal (referee)"),
        {
            "referee_name": _("Name of the referee"),
            "link": _("Private link to the appraisal form"),
            "days": _("Number of days the link stays valid"),
            "session": _("Name of the admissions session"),
        },
        "Appréciation confidentielle demandée pour {{ candidate_name }}",
        "Bonjour {{ referee_name }},\n\n{{ candidate_name }} est candidat(e) aux formations d'ingénieurs par "
        "apprentissage d'IMT Mines Alès ({{ session }}) et vous a désigné(e) pour donner une appréciation "
        "confidentielle.\nLe candidat ne lira jamais votre réponse ; seul le jury de recrutement en a connaissance.\n\n"
        "Formulaire (lien personnel, valable {{ days }} jours) : {{ link }}" + SIGN_FR,
        "Confidential appraisal requested for {{ candidate_name }}",
        "Hello {{ referee_name }},\n\n{{ candidate_name }} applies to IMT Mines Alès's apprenticeship engineering "
        "programs ({{ session }}) and named you for a confidential appraisal.\nThe candidate will never read your "
        "answer; only the recruitment jury does.\n\nForm (personal link, valid {{ days }} days): {{ link }}"
        + SIGN_EN,
    ),
]


def register() -> None:
    for key, label, placeholders, subject_fr, body_fr, subject_en, body_en in TEMPLATES:
        register_template(
            key,
            label=label,
            placeholders=placeholders,
            subject_fr=subject_fr,
            body_fr=body_fr,
            subject_en=subject_en,
            body_en=body_en,
        )
