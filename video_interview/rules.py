"""Who may do what in the deferred video interview: named permissions for views, templates and
the permission matrix. A candidate records their own wish's interview only; the jury of the
wish's program watches, grades and (the president) grants a second take."""

import rules

from accounts.rules import is_candidate, is_jury_member, is_jury_president
from jury.selectors import jury_wishes


@rules.predicate
def owns_wish(user, wish) -> bool:
    return wish is not None and wish.application.candidate_id == user.pk


@rules.predicate
def owns_take(user, take) -> bool:
    return take is not None and take.wish.application.candidate_id == user.pk


@rules.predicate
def may_open_wish(user, wish) -> bool:
    return wish is not None and jury_wishes(user=user).filter(pk=wish.pk).exists()


@rules.predicate
def may_open_take(user, take) -> bool:
    return take is not None and jury_wishes(user=user).filter(pk=take.wish_id).exists()


rules.add_perm("video_interview.record", is_candidate & owns_wish)
rules.add_perm("video_interview.record_take", is_candidate & owns_take)
rules.add_perm("video_interview.watch", is_jury_member & may_open_take)
rules.add_perm("video_interview.grade", is_jury_member & may_open_wish)
rules.add_perm("video_interview.grant_second_take", is_jury_president & may_open_wish)
