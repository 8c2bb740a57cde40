from django.db import models
from django.utils.translation import gettext_lazy as _


class WishState(models.TextChoices):
    """The lifecycle of a wish (DESIGN.md, "The lifecycle of a wish")."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REFUSED_EXAMINATION = "refused_examination", _("Refused examination")
    UNDER_REVIEW = "under_review", _("Under review")
    REJECTED = "rejected", _("Rejected")
    PRE_ADMISSIBLE = "pre_admissible", _("Pre-admissible")
    ADMISSIBLE = "admissible", _("Admissible")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    PLACED = "placed", _("Place held")
    ADMITTED = "admitted", _("Admitted")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLEMENTARY = "complementary", _("Complementary list")
    LEFT = "left", _("Left the program")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    VOIDED = "voided", _("Voided")


OPEN_STATES = frozenset(
    {
        WishState.DRAFT,
        WishState.SUBMITTED,
        WishState.UNDER_REVIEW,
        WishState.PRE_ADMISSIBLE,
        WishState.ADMISSIBLE,
        WishState.PLACED,
        WishState.ADMITTED,
        WishState.COMPLEMENTARY,
    }
)

# The allowed transitions; `wish_transition` refuses anything else.
_ENDS = {WishState.WITHDRAWN, WishState.VOIDED}
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    WishState.DRAFT: frozenset({WishState.SUBMITTED, WishState.WITHDRAWN}),
    WishState.SUBMITTED: frozenset({WishState.REFUSED_EXAMINATION, WishState.UNDER_REVIEW, *_ENDS}),
    # A missing indispensable document may come to light while the jury reads the dossier:
    # examination is refused then too (R-DOSSIER-2).
    WishState.UNDER_REVIEW: frozenset(
        {
            WishState.REJECTED,
            WishState.ADMISSIBLE,
            WishState.PRE_ADMISSIBLE,
            WishState.REFUSED_EXAMINATION,
            *_ENDS,
        }
    ),
    WishState.PRE_ADMISSIBLE: frozenset({WishState.ADMISSIBLE, WishState.NOT_ADMISSIBLE, *_ENDS}),
    WishState.ADMISSIBLE: frozenset({WishState.PLACED, WishState.COMPLEMENTARY, *_ENDS}),
    WishState.PLACED: frozenset({WishState.ADMITTED, WishState.ADMISSIBLE, *_ENDS}),
    WishState.ADMITTED: frozenset({WishState.ENROLLED, *_ENDS}),
    WishState.COMPLEMENTARY: frozenset({WishState.ENROLLED, WishState.LEFT, *_ENDS}),
    WishState.REFUSED_EXAMINATION: frozenset(),
    WishState.REJECTED: frozenset(),
    WishState.NOT_ADMISSIBLE: frozenset(),
    WishState.ENROLLED: frozenset(),
    WishState.LEFT: frozenset(),
    WishState.WITHDRAWN: frozenset(),
    WishState.VOIDED: frozenset(),
}


class Eligibility(models.TextChoices):
    """Eligibility of a wish as computed from the declared title (R-ELIG-1..4), before the
    jury rules on it."""

    LISTED = "listed", _("Eligible (listed title)")
    JURY = "jury", _("For the jury to judge")
    INELIGIBLE = "ineligible", _("Not eligible")


class ScholarshipStatus(models.TextChoices):
    """R-FEES-1: the reduced fee needs a proof; staff may refuse it (then the difference is owed)."""

    NONE = "none", _("Not a scholarship holder")
    DECLARED = "declared", _("Declared, proof to check")
    VERIFIED = "verified", _("Proof accepted")
    REFUSED = "refused", _("Proof refused")


class TitleChoice(models.TextChoices):
    """How the candidate describes the title held or in progress (R-ELIG-1..3)."""

    LISTED = "listed", _("A title from the list")
    OTHER_FRENCH = "other_french", _("Another French title")
    FOREIGN = "foreign", _("A foreign title")


class DocumentState(models.TextChoices):
    CURRENT = "current", _("Current")
    REPLACED = "replaced", _("Replaced")
    REMOVED = "removed", _("Removed")


class DossierChangeKind(models.TextChoices):
    """What changed in a submitted dossier (R-DOSSIER-1: a candidate may change it until the
    deadline; staff correct it with a reason). Each change is dated and shown on the receipt."""

    WISH_ADDED = "wish_added", _("Choice added")
    WISH_REMOVED = "wish_removed", _("Choice removed before filing")
    WISH_WITHDRAWN = "wish_withdrawn", _("Choice withdrawn")
    DOCUMENT_ADDED = "document_added", _("Document added")
    DOCUMENT_REPLACED = "document_replaced", _("Document replaced")
    TITLE_CORRECTED = "title_corrected", _("Title corrected by the admissions office")
    DOCUMENT_REFILED = "document_refiled", _("Document filed under another type by the admissions office")


class RefereeKind(models.TextChoices):
    """R-DOSSIER-6: the origin establishment's opinion, or the program head's appraisal;
    optionally the internship or apprenticeship supervisor's."""

    ORIGIN_ESTABLISHMENT = "origin_establishment", _("Origin establishment (opinion on further studies)")
    PROGRAM_HEAD = "program_head", _("Head of the program followed")
    SUPERVISOR = "supervisor", _("Internship or apprenticeship supervisor")

    @property
    def questions(self) -> "RefereeQuestions":
        """The questions this referee is asked: the supervisor saw the candidate at work, not
        at school, and is not asked for an academic level or an opinion on further studies."""
        return RefereeQuestions.SUPERVISOR if self == RefereeKind.SUPERVISOR else RefereeQuestions.SCHOOL


class RefereeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")


# What a referee rates (1 to 5) and recommends (R-JURY-1): the referee's form asks it, the
# staff and the jury read it back in words (`candidates.appraisals`).
RATING_CRITERIA = (
    ("academic_level", _("Academic level")),
    ("motivation", _("Motivation and commitment")),
    ("autonomy", _("Autonomy and organisation")),
    ("teamwork", _("Teamwork and communication")),
)
RATING_WORDS = {
    1: _("Insufficient"),
    2: _("Fair"),
    3: _("Good"),
    4: _("Very good"),
    5: _("Excellent"),
}


class Recommendation(models.TextChoices):
    """The referee's overall opinion on further studies."""

    VERY_FAVOURABLE = "very_favourable", _("Very favourable")
    FAVOURABLE = "favourable", _("Favourable")
    RESERVED = "reserved", _("Reserved")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


# What the internship or apprenticeship supervisor rates (1 to 5): the candidate at work. Keys
# distinct from the school's (RATING_CRITERIA): a rating is read with its own question.
SUPERVISOR_RATING_CRITERIA = (
    ("professional_skills", _("Technical and professional skills")),
    ("initiative", _("Initiative and autonomy at work")),
    ("reliability", _("Reliability and sense of responsibility")),
    ("integration", _("Integration in the team and communication")),
)


class RefereeQuestions(models.TextChoices):
    """The set of questions a referee answered (R-DOSSIER-6, notice §5.1): the origin
    establishment or the program head give the school's opinion on further studies; the
    supervisor appraises the candidate at work. Stored with the answers (key "questions") so
    that they are read back under the questions that were asked. Values are stored."""

    SCHOOL = "school", _("Opinion on further studies")
    SUPERVISOR = "supervisor", _("Appraisal at work")

    @property
    def criteria(self):
        return SUPERVISOR_RATING_CRITERIA if self == RefereeQuestions.SUPERVISOR else RATING_CRITERIA

    @property
    def opinion_label(self):
        """The question whose answer is a `Recommendation`."""
        if self == RefereeQuestions.SUPERVISOR:
            return _("Overall opinion on the application to an engineering apprenticeship")
        return _("Overall opinion on further studies")


class AuditAction(models.TextChoices):
    """What the dossier's services write in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    APPLICATION_CREATE = "application.create"
    APPLICATION_IDENTITY = "application.identity"
    APPLICATION_PATH = "application.path"
    APPLICATION_TITLE = "application.title"
    APPLICATION_SCHOLARSHIP = "application.scholarship"
    APPLICATION_CONSENTS = "application.consents"
    APPLICATION_SUBMIT = "application.submit"
    APPLICATION_WITHDRAW = "application.withdraw"
    APPLICATION_REFUSE_EXAMINATION = "application.refuse_examination"
    APPLICATION_VOID = "application.void"
    APPLICATION_SCHOLARSHIP_ACCEPT = "application.scholarship_accept"
    APPLICATION_SCHOLARSHIP_REFUSE = "application.scholarship_refuse"
    APPLICATION_TITLE_CORRECT = "application.title_correct"
    APPLICATION_CHANGES_SUBMIT = "application.changes_submit"
    WISH_ADD = "wish.add"
    WISH_REMOVE = "wish.remove"
    WISH_ELIGIBILITY = "wish.eligibility"
    WISH_SUBMIT = "wish.submit"
    WISH_WITHDRAW = "wish.withdraw"
    WISH_REFUSE_EXAMINATION = "wish.refuse_examination"
    WISH_VOID = "wish.void"
    DOCUMENT_UPLOAD = "document.upload"
    DOCUMENT_REPLACE = "document.replace"
    DOCUMENT_REMOVE = "document.remove"
    DOCUMENT_REFILE = "document.refile"
    REFEREE_REQUEST = "referee.request"
    REFEREE_REMIND = "referee.remind"
    REFEREE_ANSWER = "referee.answer"
