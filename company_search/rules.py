"""Who may do what in company-search support: named permissions for views, templates and the
permission matrix."""

import rules

from accounts.rules import is_admin, is_candidate, is_cfa

from .enums import SEARCHING_STATES


@rules.predicate
def searches_in_program_of(user, obj) -> bool:
    """The candidate has a wish still searching a company in the object's session, and in its
    program when it has one (a training day or a resource for one program)."""
    if obj is None:
        return False
    # One filter(): the searching wish and the program's wish must be the same wish.
    condition = {"campaign_id": obj.campaign_id, "wishes__state__in": SEARCHING_STATES}
    if obj.program_id is not None:
        condition["wishes__intake__program_id"] = obj.program_id
    return user.applications.filter(**condition).exists()


@rules.predicate
def owns_registration(user, registration) -> bool:
    return registration is not None and registration.application.candidate_id == user.pk


is_cfa_or_admin = is_cfa | is_admin

# The candidate's support page (it tells those not supported why).
rules.add_perm("company_search.use_support", is_candidate)
rules.add_perm("company_search.register_training_day", is_candidate & searches_in_program_of)
rules.add_perm("company_search.cancel_registration", is_candidate & owns_registration)
rules.add_perm("company_search.open_resource", is_cfa_or_admin | (is_candidate & searches_in_program_of))
rules.add_perm("company_search.manage_support", is_cfa_or_admin)
