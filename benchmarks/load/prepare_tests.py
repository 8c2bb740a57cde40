"""The tests' night for `run.py --scenario tests`, prepared on the demo's live session at the
tests phase (`load_demo --phase tests`), through the portal's services, as the school and the
candidates left it:

- the bookings open tonight: the admin moves the second-interview notice to yesterday and the
  booking window's start to today (a calendar the session's checks accept: the bookings open
  in the video week instead of the week after, so that one night has both); the notice
  milestone tells the called candidates (`calls_notify`, what beat runs on the notice date);
- slots: the jury opens days of second-interview slots (`slots_open`, the slots page) until
  each intake has 1.5 slots per called candidate;
- the demo candidates' accounts as they made them weeks before: their address confirmed and
  their own password (the demo's fictional people have none).

Prints `ACCOUNTS <videos to record> <choices with a slot to book> <e-mail> …`: the candidates
with something to do today.

    DATABASE_URL=… .venv/bin/python benchmarks/load/prepare_tests.py PASSWORD
"""

import datetime as dt
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def open_bookings(live, today):
    from interviews import services as interviews
    from interviews.models import SecondInterviewCall, Slot
    from jury.enums import ProbatoryTest

    live.second_interview_notice_on = today - dt.timedelta(days=1)
    live.second_interview_booking_start_on = today
    live.full_clean()
    live.save(update_fields=["second_interview_notice_on", "second_interview_booking_start_on"])
    interviews.calls_notify(campaign=live)
    calls = list(
        SecondInterviewCall.objects.filter(wish__intake__campaign=live).select_related(
            "wish__intake__program"
        )
    )
    day = today + dt.timedelta(days=1)
    for intake in sorted({c.wish.intake for c in calls}, key=lambda i: i.pk):
        wanted = math.ceil(1.5 * sum(1 for c in calls if c.wish.intake_id == intake.pk))
        free = Slot.objects.filter(intake=intake, test=ProbatoryTest.SECOND_INTERVIEW).count()
        members = list(intake.program.jury_members.order_by("pk")[:2])
        while free < wanted and day < live.second_interview_booking_end_on - dt.timedelta(days=1):
            slots = interviews.slots_open(
                intake=intake,
                actor=members[0],
                test=ProbatoryTest.SECOND_INTERVIEW,
                plan=interviews.SlotPlan(days=[day], start=dt.time(8), end=dt.time(18)),
                members=members,
                note="Visioconférence.",
            )
            free += len(slots)
            day += dt.timedelta(days=1)


def with_something_to_do(live, now):
    from candidates.models import Wish
    from interviews.models import SecondInterviewCall
    from interviews.selectors import booking_window, live_booking, released_decisions, tests_required
    from video_interview.enums import CandidateState
    from video_interview.selectors import statuses

    wishes = list(
        Wish.objects.filter(intake__campaign=live).select_related(
            "application__candidate", "intake__campaign", "jury_decision"
        )
    )
    video = {
        pk
        for pk, row in statuses(wishes, now).items()
        if row["state"] in (CandidateState.TO_DO, CandidateState.INTERRUPTED)
    }
    decisions = released_decisions(wishes)
    calls = {c.wish_id: c for c in SecondInterviewCall.objects.filter(wish__in=wishes)}
    book = set()
    for wish in wishes:
        required = tests_required(
            wish, intake=wish.intake, decision=decisions.get(wish.pk), call=calls.get(wish.pk), now=now
        )
        for test in required:
            start, end = booking_window(live, test)
            if start <= now < end and live_booking(wish, test) is None:
                book.add(wish.pk)
    emails = sorted({w.application.candidate.email for w in wishes if w.pk in video | book})
    return video, book, emails


def main(password):
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from admissions.models import Campaign

    live = Campaign.objects.exclude(year=2021).order_by("-year").first()
    open_bookings(live, timezone.localdate())
    video, book, emails = with_something_to_do(live, timezone.now())
    users = User.objects.filter(email__in=emails)
    users.update(password=make_password(password))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        ignore_conflicts=True,
    )
    EmailAddress.objects.filter(user__in=users).update(verified=True)
    print("ACCOUNTS", len(video), len(book), " ".join(emails))


if __name__ == "__main__":
    main(sys.argv[1])
