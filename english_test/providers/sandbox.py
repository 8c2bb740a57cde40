"""The built-in provider (the embedded default): a short test on a page of the portal,
graded by the "provider" side of the sandbox, whose result reaches the portal as a signed,
timestamped callback (django.core.signing). A fresh nonce per result is its event
identifier: the same callback twice records nothing the second time, an altered one is
refused, an old one (older than ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS) too.

The token travels from server to server (never through the candidate's browser, whose
page would otherwise hold the score, R-TEST-8)."""

import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import portal_url

from .base import EnglishTestProvider, InvalidCallback, ProviderResult

SALT = "english_test.sandbox.callback"
KINDS = ("started", "completed", "technical_problem")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[tuple[str, str], ...]
    answer: str


# Five comprehension questions: enough to try the whole chain, not a real assessment.
QUESTIONS = (
    Question(
        "q1",
        _("“The meeting has been put off until Friday.” When is the meeting?"),
        (("a", _("Earlier than planned")), ("b", _("On Friday")), ("c", _("It is cancelled"))),
        "b",
    ),
    Question(
        "q2",
        _("Choose the right word: “She has worked here ___ 2019.”"),
        (("a", "for"), ("b", "since"), ("c", "from")),
        "b",
    ),
    Question(
        "q3",
        _("“Could you look into the delay?” means:"),
        (("a", _("Investigate the delay")), ("b", _("Ignore the delay")), ("c", _("Cause the delay"))),
        "a",
    ),
    Question(
        "q4",
        _("Choose the right form: “If I ___ the plans, I would have checked them.”"),
        (("a", "had received"), ("b", "received"), ("c", "have received")),
        "a",
    ),
    Question(
        "q5",
        _("A “site manager” on a building site is:"),
        (
            ("a", _("The person who runs the works on site")),
            ("b", _("The website's administrator")),
            ("c", _("A supplier of materials")),
        ),
        "a",
    ),
)

LEVEL_STEPS = ((Decimal(90), "C1"), (Decimal(70), "B2"), (Decimal(50), "B1"), (Decimal(30), "A2"))


def grade(answers: dict) -> tuple[Decimal, str]:
    """The sandbox's marking: the share of right answers on ENGLISH_TEST_SCORE_MAX."""
    right = sum(1 for question in QUESTIONS if answers.get(question.key) == question.answer)
    percent = Decimal(100 * right) / len(QUESTIONS)
    level = next((name for step, name in LEVEL_STEPS if percent >= step), "A1")
    score = (percent * Decimal(settings.ENGLISH_TEST_SCORE_MAX) / 100).quantize(Decimal("0.01"))
    return score, level


class SandboxProvider(EnglishTestProvider):
    code = "sandbox"
    label = _("Built-in English test (sandbox)")
    in_portal = True

    def candidate_url(self, take) -> str:
        return reverse("english_test:take", args=[take.application.campaign.year])

    def invitation_url(self, take) -> str:
        return portal_url(self.candidate_url(take))

    @staticmethod
    def sign(take, kind: str, *, score=None, level: str = "", nonce: str | None = None) -> str:
        return signing.dumps(
            {
                "reference": take.reference,
                "kind": kind,
                "score": None if score is None else str(score),
                "level": level,
                "nonce": nonce or secrets.token_hex(16),
            },
            salt=SALT,
            compress=True,
        )

    def parse_token(self, token: str) -> ProviderResult:
        try:
            data = signing.loads(token, salt=SALT, max_age=settings.ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS)
        except signing.SignatureExpired as error:
            raise InvalidCallback("stale", "the callback is too old") from error
        except signing.BadSignature as error:
            raise InvalidCallback("forged", "bad signature") from error
        try:
            score = None if data["score"] is None else Decimal(data["score"])
            if data["kind"] not in KINDS or not data["nonce"] or not data["reference"]:
                raise ValueError
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise InvalidCallback("malformed", "unreadable content") from error
        return ProviderResult(
            source=self.code,
            event_id=data["nonce"],
            kind=data["kind"],
            reference=data["reference"],
            provider_reference=f"sandbox-{data['reference']}",
            score=score,
            level=data["level"] or "",
            payload={k: data[k] for k in ("kind", "score", "level", "nonce")},
        )

    def parse_callback(self, request) -> ProviderResult:
        return self.parse_token(request.POST.get("token", ""))
