import datetime as dt

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from accounts.enums import JURY_ROLES


class JuryConfig(AppConfig):
    name = "jury"
    verbose_name = _("Jury")

    def ready(self):
        from admissions.models import Campaign  # noqa: PLC0415 - loads models: only once the app registry is ready
        from admissions.selectors import register_work_waiting  # noqa: PLC0415 - loads models: only once the app registry is ready

        from .selectors import sessions_with_wishes_to_decide  # noqa: PLC0415 - loads models: only once the app registry is ready

        post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid="jury.default_criteria")
        _register_mail_and_milestones()
        register_work_waiting(*JURY_ROLES, condition=sessions_with_wishes_to_decide)


def _campaign_saved(sender, instance, created, raw=False, **kwargs):
    """A new session gets the default scoring grid of R-JURY-1 (admins edit it after)."""
    if created and not raw:
        from .services import scoring_criteria_create_defaults  # noqa: PLC0415 - loads models: only once the app registry is ready

        scoring_criteria_create_defaults(campaign=instance)


def _register_mail_and_milestones():
    """Registries of the lower apps (they never import jury)."""
    # Imported here: they load models, only once the app registry is ready.
    from notifications.milestones import register_milestone_action  # noqa: PLC0415
    from notifications.registry import register_template  # noqa: PLC0415

    from .letters import (  # noqa: PLC0415
        OVERRIDE_TEMPLATE,
        OVERRIDE_TEMPLATE_LABEL,
        OVERRIDE_TEMPLATE_TEXT,
        RESULTS_TEMPLATE,
        TEMPLATE_LABEL,
        TEMPLATE_TEXT,
    )
    from .services import overrides_milestone_run, release_milestone_run  # noqa: PLC0415

    register_template(RESULTS_TEMPLATE, label=TEMPLATE_LABEL, **TEMPLATE_TEXT)
    register_template(OVERRIDE_TEMPLATE, label=OVERRIDE_TEMPLATE_LABEL, **OVERRIDE_TEMPLATE_TEXT)

    register_milestone_action(
        "jury.release_decisions",
        label=_("Release the jury's file-review decisions (R-JURY-5)"),
        date_field="review_results_on",
        run=release_milestone_run,
        at=dt.time(8, 0),
    )
    register_milestone_action(
        "jury.apply_overrides",
        label=_("Apply the overrides waiting for the admissibility results (R-JURY-5)"),
        date_field="admissibility_results_on",
        run=overrides_milestone_run,
        at=dt.time(8, 0),
    )
