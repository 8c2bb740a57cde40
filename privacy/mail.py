# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The privacy app's e-mails, registered with notifications at start-up (PrivacyConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

EXPORT_READY = "privacy.export_ready"
ACCOUNT_DELETED = "privacy.account_deleted"


def register_mail() -> None:
    register_template(
        EXPORT_READY,
        label=_("Your data download is ready"),
        placeholders={"link": _("Address of the page where the download waits")},
        subject=_("Your data download is ready"),
        body=_(
            "Hello {{ candidate_name }},\n\nThe file holding everything the admissions portal keeps about you is ready: "
            "download it from {{ link }} (log in first). It is deleted after a few days; you can prepare a new one at any time."
            "\n\nThe admissions office, IMT Mines Alès"
        ),
    )
    register_template(
        ACCOUNT_DELETED,
        label=_("Confirmation that an account was deleted on request"),
        placeholders={},
        subject=_("Your account has been deleted"),
        body=_(
            "Hello,\n\nAs you asked, your account on the admissions portal of IMT Mines Alès has been deleted, with your "
            "dossiers, documents, e-mails and login history. The payments of processing fees are kept, without your name, "
            "for the period the accounting rules require.\n\nIf you did not ask for this, reply to this e-mail.\n\n"
            "The admissions office, IMT Mines Alès"
        ),
    )
