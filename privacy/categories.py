"""The retention categories of the data the portal holds today, registered in
PrivacyConfig.ready() (core.retention explains the contract).

They live here, at the top floor, rather than in each owning app: erasing a dossier spans
candidates (documents, referees, changes), jury (reviews, decisions), payments (kept,
anonymised: they protect the dossier row) and accounts (the candidate's account once no
dossier is left). Apps built later register their own categories in their ready()
(recordings, identity-check pictures, bookings, job sheets).

Erasing a dossier (`application_erase`):
- always: its documents (rows and files), referee requests and appraisals, dated changes,
  the identity and path fields; the dossier moves to a tombstone account (inactive, no
  name, `…@erased.invalid`); the candidate's own account goes with its e-mails and login
  history when no other dossier of theirs remains;
- "anonymise" keeps the choices, their states, scores and decisions (without comments) for
  statistics; "delete" removes the choices too, and the dossier row itself unless payments,
  kept for their legal period, still point to it;
- the audit entries about the dossier's records (and, when the account goes, every entry the
  candidate made or that names them) are pseudonymised (`_audit_forget`): the action, date
  and object type stay, the person becomes a stable pseudonym (docs/privacy.md).
"""

import uuid
from collections import defaultdict

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.enums import Role
from accounts.models import User
from candidates.enums import OPEN_STATES, WishState
from candidates.models import Application, Document, DossierChange, Referee, Wish
from core.audit import AuditSubject, audit_expire, audit_expired, audit_pseudonymise
from core.retention import (
    ANONYMISE,
    DELETE,
    SESSION_ANCHORS,
    PurgeResult,
    RuleDefault,
    counted_kind,
    personal_data,
    register_retention_category,
)
from jury.models import Decision, Review
from notifications.models import OutboxMessage
from payments.models import Payment, ProviderEvent

from .enums import AuditAction
from .models import DataExport

ERASED_DOMAIN = "erased.invalid"
# Past the session's deadline a draft is abandoned, not open: it never blocks a purge.
BLOCKING_STATES = OPEN_STATES - {WishState.DRAFT}
ENDED_STATES = {WishState.WITHDRAWN, WishState.VOIDED, WishState.DRAFT}

NOT_ADMITTED, ENROLLED, WITHDRAWN = "not_admitted", "enrolled", "withdrawn"
APPLICATION = "candidates.application"
USER = "accounts.user"
OUTBOX = "notifications.outboxmessage"
AUDIT_ENTRY = "core.auditentry"
REFEREE = "candidates.referee"

# --- counts' names: stored as they are in the audit entry and the purge run (English),
# shown on the dry-run page in the reader's language, singular or plural (`count_display`).
DOSSIERS = counted_kind("dossiers", ngettext_lazy("%(n)s dossier", "%(n)s dossiers", "n"))
DOCUMENTS = counted_kind("documents", ngettext_lazy("%(n)s document", "%(n)s documents", "n"))
REFEREES = counted_kind(
    "referee requests", ngettext_lazy("%(n)s referee request", "%(n)s referee requests", "n")
)
CHANGES = counted_kind("dossier changes", ngettext_lazy("%(n)s dossier change", "%(n)s dossier changes", "n"))
CHOICES = counted_kind("choices", ngettext_lazy("%(n)s choice", "%(n)s choices", "n"))
ACCOUNTS = counted_kind("accounts", ngettext_lazy("%(n)s account", "%(n)s accounts", "n"))
EMAILS = counted_kind("e-mails", ngettext_lazy("%(n)s e-mail", "%(n)s e-mails", "n"))
LOGINS = counted_kind("login records", ngettext_lazy("%(n)s login record", "%(n)s login records", "n"))
PAYMENTS = counted_kind("payments", ngettext_lazy("%(n)s payment", "%(n)s payments", "n"))
AUDIT = counted_kind(
    "audit log entries", ngettext_lazy("%(n)s audit log entry", "%(n)s audit log entries", "n")
)
EXPORTS = counted_kind("data downloads", ngettext_lazy("%(n)s data download", "%(n)s data downloads", "n"))
PSEUDONYMISED = counted_kind(
    "audit log entries pseudonymised",
    ngettext_lazy("%(n)s audit log entry pseudonymised", "%(n)s audit log entries pseudonymised", "n"),
)


def dossier_kind(application) -> str | None:
    """Which dossier category `application` belongs to, None while a choice is still open."""
    states = {wish.state for wish in application.wishes.all()}
    if states & BLOCKING_STATES:
        return None
    if WishState.ENROLLED in states:
        return ENROLLED
    if states <= ENDED_STATES:
        return WITHDRAWN
    return NOT_ADMITTED


def _erased(user) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


LOGIN_MODELS = (AccessLog, AccessAttempt, AccessFailureLog)


def _login_records(emails, night) -> list:
    """[(model, ids)] of the accounts' login records (axes), minus those an earlier category
    took tonight; marked as taken."""
    records = []
    for model in LOGIN_MODELS:
        label = model._meta.label_lower
        query = model.objects.filter(username__in=emails).exclude(pk__in=night.gone(label) if night else ())
        ids = list(query.values_list("pk", flat=True))
        if night:
            night.mark(label, ids)
        records.append((model, ids))
    return records


# The identity and path fields of a dossier, blanked when it is erased.
BLANKED = {
    "birth_date": None,
    "phone": "",
    "address": "",
    "nationality": "",
    "bac_series": "",
    "path_since_bac": "",
    "title_name": "",
    "title_description": "",
    "title_establishment": "",
}


# --- the audit entries of an erased person ---------------------------------------------------
# Keys of an audit entry's before/after that hold a person's data when the entry is about one of
# the erased records (identity and path snapshots, file names, the jury's comments, a referee's
# or an employer's address): blanked by the pseudonymisation.
AUDIT_PERSONAL_KEYS = frozenset(
    {
        *BLANKED,
        "first_name",
        "last_name",
        "email",
        "name",
        "original_name",
        "recipient_email",
        "employer_email",
        "comment",
        "tests_note",
    }
)


def audit_pseudonym(user_id: int) -> str:
    """The stable pseudonym of an account in the audit log: the same for every entry and
    every erasure of that person, meaningless without the portal's SECRET_KEY."""
    return "erased-" + salted_hmac("privacy.audit_pseudonym", str(user_id)).hexdigest()[:12]


def _content_type_ids(models) -> dict:
    return {model: ct.pk for model, ct in ContentType.objects.get_for_models(*models).items()}


def _dossier_records(application_ids) -> dict[int, set[tuple[int, str]]]:
    """{dossier id: its records as (content type id, object id)}: the dossier, its choices
    and every registered model reached through them (documents, referees, payments,
    bookings, English tests, job sheets…; core.retention.personal_data)."""
    scoped = [(Wish, "application")]
    for entry in personal_data():
        path = entry.owner.removesuffix("__candidate")
        if entry.owner and path.endswith("application"):
            scoped.append((apps.get_model(entry.model), path))
    types = _content_type_ids([Application, *(model for model, _path in scoped)])
    records = defaultdict(set)
    for pk in application_ids:
        records[pk].add((types[Application], str(pk)))
    for model, path in scoped:
        rows = model.objects.filter(**{f"{path}__in": application_ids}).values_list("pk", path)
        for pk, application_id in rows:
            records[application_id].add((types[model], str(pk)))
    return records


def _account_records(user_ids) -> dict[int, set[tuple[int, str]]]:
    """{account id: the account and the registered records that point to it directly}."""
    scoped = [
        (apps.get_model(entry.model), entry.owner)
        for entry in personal_data()
        if entry.owner and not entry.owner.removesuffix("__candidate").endswith("application")
    ]
    types = _content_type_ids([User, *(model for model, _owner in scoped)])
    records = defaultdict(set)
    for pk in user_ids:
        records[pk].add((types[User], str(pk)))
    for model, owner in scoped:
        for pk, user_id in model.objects.filter(**{f"{owner}__in": user_ids}).values_list("pk", owner):
            records[user_id].add((types[model], str(pk)))
    return records


def _audit_subject(user, records, *, everywhere: bool, emails) -> AuditSubject:
    full_name = user.get_full_name()
    names = {full_name, f"{user.last_name} {user.first_name}".strip()} if full_name else set()
    return AuditSubject(
        pseudonym=audit_pseudonym(user.pk),
        user_ids=frozenset({user.pk}),
        emails=tuple(sorted(emails)),
        names=tuple(sorted(name for name in names if " " in name)),
        records=frozenset(records),
        everywhere=everywhere,
        since=user.date_joined,  # no entry names an account before it exists
    )


def _emails_of(users) -> dict[int, set[str]]:
    emails = defaultdict(set)
    for user in users:
        emails[user.pk].add(user.email)
    for user_id, email in EmailAddress.objects.filter(user__in=[u.pk for u in users]).values_list(
        "user_id", "email"
    ):
        emails[user_id].add(email)
    return emails


def _audit_forget(subjects, *, result: PurgeResult, dry_run: bool, night=None) -> None:
    """Pseudonymise the audit entries of erased people (core.audit.audit_pseudonymise, the
    log's dedicated path, audited); counted once a night per entry, so that the dry run
    announces what the night does."""
    subjects = list(subjects)
    if not subjects:
        return
    ids = audit_pseudonymise(
        subjects=subjects,
        personal_keys=AUDIT_PERSONAL_KEYS,
        action=AuditAction.AUDIT_PSEUDONYMISE,
        dry_run=dry_run,
    )
    gone = night.gone(AUDIT_ENTRY) if night else frozenset()
    result.add(PSEUDONYMISED, len([pk for pk in ids if pk not in gone]))
    if night:
        night.mark(AUDIT_ENTRY, ids)


def accounts_erase(
    users, *, result: PurgeResult, dry_run: bool, night=None, forget_audit: bool = True
) -> None:
    """The accounts themselves: their e-mails, login history, data downloads, then the rows
    (allauth's addresses and authenticators go with them); their audit entries pseudonymised
    (`forget_audit`: unless the dossiers' erasure did it). Batched: a few queries for many."""
    users = list(users)
    if not users:
        return
    if forget_audit:
        records, emails = _account_records([u.pk for u in users]), _emails_of(users)
        _audit_forget(
            [_audit_subject(u, records[u.pk], everywhere=True, emails=emails[u.pk]) for u in users],
            result=result,
            dry_run=dry_run,
            night=night,
        )
    ids = [user.pk for user in users]
    addresses = {user.email.lower() for user in users}
    addresses |= {
        email.lower() for email in EmailAddress.objects.filter(user__in=ids).values_list("email", flat=True)
    }
    gone = night.gone(OUTBOX) if night else frozenset()
    emails = OutboxMessage.objects.filter(Q(user__in=ids) | Q(recipient_email__in=addresses))
    email_ids = list(emails.exclude(pk__in=gone).values_list("pk", flat=True))
    logins = _login_records(sorted(addresses), night)
    exports = DataExport.objects.filter(user__in=ids)
    result.add(EMAILS, len(email_ids))
    result.add(LOGINS, sum(len(login_ids) for _model, login_ids in logins))
    result.add(EXPORTS, exports.count())
    result.files.extend(name for name in exports.values_list("file", flat=True) if name)
    result.add(ACCOUNTS, len(ids))
    if night:
        night.mark(OUTBOX, email_ids)
        night.mark(USER, ids)
    if dry_run:
        return
    OutboxMessage.objects.filter(pk__in=email_ids).delete()
    for model, login_ids in logins:
        model.objects.filter(pk__in=login_ids).delete()
    exports.delete()
    User.objects.filter(pk__in=ids).delete()


def account_erase(user, *, result: PurgeResult, dry_run: bool, night=None) -> None:
    accounts_erase([user], result=result, dry_run=dry_run, night=night)


def _tombstones(n: int) -> list[User]:
    """Inactive accounts without a name that keep erased dossiers apart (one per dossier: one
    dossier per account and session)."""
    users = [
        User(email=f"{uuid.uuid4().hex}@{ERASED_DOMAIN}", role=Role.CANDIDATE, is_active=False)
        for _ in range(n)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users)


def _cascaded_files(wishes_of: list, deleted: set) -> list[str]:
    """The storage keys of the files that deleting the choices of the dossiers `wishes_of`
    and the dossiers `deleted` takes along by CASCADE: the registered models of the apps built
    later (contracts, recordings, identity pictures; core.retention.personal_data). The
    runner deletes them once the database has committed."""
    names = []
    for entry in personal_data():
        path = entry.owner.removesuffix("__candidate")
        documents = entry.model.lower() == "candidates.document"  # erased above with their files
        if not entry.files or not path.endswith("application") or documents:
            continue
        scope = wishes_of if path.startswith("wish__") else deleted
        if not scope:
            continue
        rows = apps.get_model(entry.model).objects.filter(**{f"{path}__in": scope})
        for values in rows.values_list(*entry.files):
            names.extend(name for name in values if name)
    return names


def applications_erase(applications, *, action: str, result: PurgeResult, dry_run: bool, night=None) -> None:
    """Erase dossiers (see the module's docstring), in one batch of queries. The caller has
    checked that no choice is open and no hold applies; `applications` carry their candidate."""
    applications = list(applications)
    if not applications:
        return
    ids = [a.pk for a in applications]
    documents = list(Document.objects.filter(application__in=ids).values_list("pk", "file"))
    referees = Referee.objects.filter(application__in=ids).exclude(
        pk__in=night.gone(REFEREE) if night else ()
    )
    changes = DossierChange.objects.filter(application__in=ids)
    wishes = Wish.objects.filter(application__in=ids)
    result.add(DOSSIERS, len(ids))
    result.add(DOCUMENTS, len(documents))
    result.files.extend(name for _pk, name in documents if name)
    result.add(REFEREES, referees.count())
    result.add(CHANGES, changes.count())
    if action == DELETE:
        result.add(CHOICES, wishes.count())
    if night:
        night.mark(APPLICATION, ids)
    # An account goes with its last dossier: none left once these (and tonight's) are erased.
    gone = set(ids) | (night.gone(APPLICATION) if night else set())
    candidates = {a.candidate_id: a.candidate for a in applications}
    keeping = set(
        Application.objects.filter(candidate__in=candidates)
        .exclude(pk__in=gone)
        .values_list("candidate_id", flat=True)
    )
    released = [
        user
        for pk, user in candidates.items()
        if pk not in keeping and user.role == Role.CANDIDATE and not _erased(user)
    ]
    paid = set(Payment.objects.filter(application__in=ids).values_list("application_id", flat=True))
    if action == DELETE:
        result.files.extend(_cascaded_files(ids, set(ids) - paid))
    _audit_forget(
        _dossier_subjects(applications, candidates, released), result=result, dry_run=dry_run, night=night
    )
    if not dry_run:
        Document.objects.filter(application__in=ids).delete()
        referees.delete()
        changes.delete()
        if action == DELETE:
            wishes.delete()
            Application.objects.filter(pk__in=set(ids) - paid).delete()
            kept = [pk for pk in ids if pk in paid]
        else:
            Review.objects.filter(wish__application__in=ids).update(comment="")
            Decision.objects.filter(wish__application__in=ids).update(comment="", tests_note="")
            kept = ids
        Application.objects.filter(pk__in=kept).update(**BLANKED)
        for pk, tombstone in zip(kept, _tombstones(len(kept)), strict=True):
            Application.objects.filter(pk=pk).update(candidate=tombstone)
    accounts_erase(released, result=result, dry_run=dry_run, night=night, forget_audit=False)


def _dossier_subjects(applications, candidates: dict, released: list) -> list[AuditSubject]:
    """Per candidate, the erased dossiers' records; with the account too when it goes (then
    every entry that names them). A tombstone account has nothing personal left."""
    records = _dossier_records([a.pk for a in applications])
    leaving = {user.pk for user in released}
    accounts = _account_records(leaving)
    people = [user for user in candidates.values() if not _erased(user)]
    emails = _emails_of(people)
    mine = defaultdict(set)
    for application in applications:
        mine[application.candidate_id] |= records[application.pk]
    return [
        _audit_subject(
            user,
            mine[user.pk] | accounts.get(user.pk, set()),
            everywhere=user.pk in leaving,
            emails=emails[user.pk],
        )
        for user in people
    ]


def application_erase(application, *, action: str, result: PurgeResult, dry_run: bool, night=None) -> None:
    applications_erase([application], action=action, result=result, dry_run=dry_run, night=night)


BATCH = 500


def _dossier_purge(kind):
    def purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
        result = PurgeResult()
        applications = (
            Application.objects.filter(campaign=campaign)
            .exclude(pk__in=night.held_applications)
            .exclude(pk__in=night.gone(APPLICATION))
            .exclude(candidate__email__endswith="@" + ERASED_DOMAIN)
            .select_related("candidate")
            .prefetch_related(Prefetch("wishes", queryset=Wish.objects.only("pk", "state", "application_id")))
            .order_by("pk")
        )
        chosen = [application for application in applications if dossier_kind(application) == kind]
        for start in range(0, len(chosen), BATCH):
            applications_erase(
                chosen[start : start + BATCH], action=action, result=result, dry_run=dry_run, night=night
            )
        return result

    return purge


def _referees_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    referees = (
        Referee.objects.filter(application__campaign=campaign)
        .exclude(application__in=night.held_applications)
        .exclude(application__in=night.gone(APPLICATION))
    )
    if action == ANONYMISE:
        referees = referees.exclude(answers={}, name="", email="")
    ids = list(referees.values_list("pk", flat=True))
    result.add(REFEREES, len(ids))
    night.mark(REFEREE, ids)
    if not dry_run:
        chosen = Referee.objects.filter(pk__in=ids)
        if action == DELETE:
            chosen.delete()
        else:
            chosen.update(answers={}, name="", email="", position="", establishment="")
    return result


def _payments_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    payments = Payment.objects.exclude(application__in=night.held_applications)
    payments = (
        payments.filter(application__campaign=campaign)
        if campaign
        else payments.filter(created_at__lt=cutoff)
    )
    if action == ANONYMISE:
        payments = payments.filter(
            ~Q(raw_payload={}) | ~Q(provider_reference="") | Q(events__isnull=False)
        ).distinct()
    ids = list(payments.values_list("pk", flat=True))
    result.add(PAYMENTS, len(ids))
    if not dry_run:
        ProviderEvent.objects.filter(payment__in=ids).delete()
        chosen = Payment.objects.filter(pk__in=ids)
        if action == DELETE:
            chosen.delete()
        else:
            chosen.update(raw_payload={}, provider_reference="")
    return result


def _outbox_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    held_emails = User.objects.filter(pk__in=night.held_users).values_list("email", flat=True)
    emails = (
        OutboxMessage.objects.filter(created_at__lt=cutoff)
        .exclude(user__in=night.held_users)
        .exclude(recipient_email__in=list(held_emails))
        .exclude(pk__in=night.gone(OUTBOX))
    )
    ids = list(emails.values_list("pk", flat=True))
    result.add(EMAILS, len(ids))
    night.mark(OUTBOX, ids)
    if not dry_run:
        OutboxMessage.objects.filter(pk__in=ids).delete()
    return result


def _held_audit(night) -> Q:
    """Entries about a held dossier or its choices are kept with it."""
    if not night.held_applications:
        return Q(pk__in=[])
    wishes = Wish.objects.filter(application__in=night.held_applications).values_list("pk", flat=True)
    types = ContentType.objects.get_for_models(Application, Wish)
    return Q(content_type=types[Application], object_id__in=[str(pk) for pk in night.held_applications]) | Q(
        content_type=types[Wish], object_id__in=[str(pk) for pk in wishes]
    )


def _audit_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    keep = _held_audit(night)
    result.add(AUDIT, audit_expired(before=cutoff).exclude(keep).count())
    if not dry_run:
        audit_expire(before=cutoff, keep=keep)
    return result


def _logins_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    held = list(User.objects.filter(pk__in=night.held_users).values_list("email", flat=True))
    for model in LOGIN_MODELS:
        label = model._meta.label_lower
        query = model.objects.filter(attempt_time__lt=cutoff).exclude(username__in=held)
        ids = list(query.exclude(pk__in=night.gone(label)).values_list("pk", flat=True))
        result.add(LOGINS, len(ids))
        night.mark(label, ids)
        if not dry_run:
            model.objects.filter(pk__in=ids).delete()
    return result


def _accounts_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    accounts = (
        User.objects.filter(role=Role.CANDIDATE, applications__isnull=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(pk__in=night.held_users)
        .exclude(pk__in=night.gone(USER))
        .exclude(email__endswith="@" + ERASED_DOMAIN)
        .order_by("pk")
    )
    accounts = list(accounts)
    for start in range(0, len(accounts), BATCH):
        accounts_erase(accounts[start : start + BATCH], result=result, dry_run=dry_run, night=night)
    return result


def _exports_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    exports = DataExport.objects.filter(requested_at__lt=cutoff).exclude(user__in=night.gone(USER))
    result.add(EXPORTS, exports.count())
    result.files.extend(name for name in exports.values_list("file", flat=True) if name)
    if not dry_run:
        exports.delete()
    return result


TEST_PROVIDERS = _(
    "Test providers (English test, video interview platform): name, first name, phone and "
    "e-mail, for organising the tests only (R-TEST-6)."
)


def register_categories() -> None:
    dossier_purpose = _("Examining the application and deciding on admission.")
    register_retention_category(
        "dossier.not_admitted",
        label=_("Dossier and documents of a candidate not admitted"),
        anchors=SESSION_ANCHORS,
        actions=(ANONYMISE, DELETE),
        purge=_dossier_purge(NOT_ADMITTED),
        purpose=dossier_purpose,
        recipients=TEST_PROVIDERS,
        default=RuleDefault(
            "session_end",
            24,
            "months",
            ANONYMISE,
            _(
                "The CNIL's guidance on recruitment: a candidate who was not recruited is kept at "
                "most two years after the last contact; the statistics of the session stay."
            ),
        ),
        order=10,
    )
    register_retention_category(
        "dossier.enrolled",
        label=_("Admission dossier of an enrolled apprentice"),
        anchors=SESSION_ANCHORS,
        actions=(ANONYMISE, DELETE),
        purge=_dossier_purge(ENROLLED),
        purpose=_("Enrolling the apprentice and justifying the admission during the training."),
        recipients=_("The apprentice's CFA and host company (contract)."),
        default=RuleDefault(
            "classes_start",
            36,
            "months",
            ANONYMISE,
            _("The training lasts three years: the admission dossier justifies the enrolment until its end."),
        ),
        order=11,
    )
    register_retention_category(
        "dossier.withdrawn",
        label=_("Dossier of a withdrawn, voided or never submitted application"),
        anchors=SESSION_ANCHORS,
        actions=(ANONYMISE, DELETE),
        purge=_dossier_purge(WITHDRAWN),
        purpose=dossier_purpose,
        default=RuleDefault(
            "admissibility_results",
            6,
            "months",
            DELETE,
            _(
                "Nothing was decided on these dossiers; six months cover the two-month appeal period "
                "before the administrative court and a voided dossier's follow-up."
            ),
        ),
        order=12,
    )
    register_retention_category(
        "referees.appraisals",
        label=_("Referee appraisals"),
        anchors=SESSION_ANCHORS,
        actions=(DELETE, ANONYMISE),
        purge=_referees_purge,
        purpose=_("Informing the jury's file review (R-DOSSIER-6)."),
        default=RuleDefault(
            "admissibility_results",
            6,
            "months",
            DELETE,
            _("They serve the file review only; six months after the results cover appeals."),
        ),
        order=20,
    )
    register_retention_category(
        "payments",
        label=_("Payments of processing fees"),
        anchors=("record_date", *SESSION_ANCHORS),
        actions=(ANONYMISE, DELETE),
        purge=_payments_purge,
        purpose=_("Collecting the processing fees (R-FEES-1..3) and keeping the accounts."),
        recipients=_("The payment provider and the school's accounting officer."),
        default=RuleDefault(
            "record_date",
            120,
            "months",
            ANONYMISE,
            _(
                "Accounting records are kept ten years (French Commercial Code, art. L123-22); the "
                "provider's identifiers go after that, the amounts stay for the statistics."
            ),
        ),
        order=30,
    )
    register_retention_category(
        "notifications.outbox",
        label=_("E-mails sent by the portal"),
        anchors=("record_date",),
        purge=_outbox_purge,
        purpose=_("Informing candidates, referees and staff; proof that a message was sent."),
        default=RuleDefault(
            "record_date",
            24,
            "months",
            DELETE,
            _("Proof of sending for two sessions, then nothing more is needed."),
        ),
        order=40,
    )
    register_retention_category(
        "core.audit",
        label=_("Audit log"),
        anchors=("record_date",),
        purge=_audit_purge,
        purpose=_("Traceability of every decision and change (who, what, when)."),
        default=RuleDefault(
            "record_date",
            36,
            "months",
            DELETE,
            _("Covers the appeal periods and an inspection of the last three sessions."),
        ),
        order=50,
    )
    register_retention_category(
        "accounts.login_history",
        label=_("Login history"),
        anchors=("record_date",),
        purge=_logins_purge,
        purpose=_("Security of the accounts (failed logins, lock-outs)."),
        default=RuleDefault(
            "record_date",
            6,
            "months",
            DELETE,
            _("The CNIL recommends six months to a year for connection logs."),
        ),
        order=60,
    )
    register_retention_category(
        "accounts.never_used",
        label=_("Accounts never used for a dossier"),
        anchors=("last_login", "record_date"),
        purge=_accounts_purge,
        purpose=_("Letting a person sign up and prepare a dossier."),
        default=RuleDefault(
            "last_login",
            12,
            "months",
            DELETE,
            _("An account without a dossier has no use after a year of silence."),
        ),
        order=70,
    )
    register_retention_category(
        "privacy.exports",
        label=_("Prepared data downloads"),
        anchors=("record_date",),
        purge=_exports_purge,
        purpose=_("Giving candidates the data the portal holds about them (R-DATA-1)."),
        default=RuleDefault(
            "record_date", 7, "days", DELETE, _("The candidate can prepare a new one at any time.")
        ),
        order=80,
    )
