"""Who may do what with fees: a candidate pays their own; admins follow every payment."""

import rules

from accounts.rules import is_admin, is_candidate


@rules.predicate
def owns_payment(user, payment) -> bool:
    return payment.application.candidate_id == user.pk


rules.add_perm("payments.pay", is_candidate)
# The provider's checkout and return pages of a payment the candidate started.
rules.add_perm("payments.continue_payment", is_candidate & owns_payment)
rules.add_perm("payments.view_staff_list", is_admin)
rules.add_perm("payments.record_transfer", is_admin)
rules.add_perm("payments.resolve_flag", is_admin)
