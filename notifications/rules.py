"""Who may read which message: a candidate their own; admins the session's timeline."""

import rules

from accounts.rules import is_admin, is_candidate


@rules.predicate
def is_recipient(user, message) -> bool:
    return message.user_id == user.pk


rules.add_perm("notifications.view_inbox", is_candidate)
rules.add_perm("notifications.read_message", is_candidate & is_recipient)
rules.add_perm("notifications.view_timeline", is_admin)
rules.add_perm("notifications.rerun_milestone", is_admin)
