"""The peer's world: run by pretalx's own interpreter (bench/.pretalx-venv), never imported by the app or its tests.

Makes a pretalx event in review, `--submissions` proposals (each with a speaker), and `--reviewers` members of a
reviewer team, each signed in through a database session; prints one JSON line with the session keys, the review
pages' paths and a review form body, for bench/run.py to load with wrk as it loads our scorecard.

    python bench/pretalx_world.py --reviewers 20 --submissions 10   (DJANGO_SETTINGS_MODULE=pretalx.settings)
"""

import argparse
import datetime as dt
import json
import sys

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--submissions", type=int, default=10)
    args = parser.parse_args()
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils.http import urlencode
    from django_scopes import scopes_disabled
    from pretalx.event.models import Event, Organiser, Team
    from pretalx.person.models import User
    from pretalx.submission.models import Submission

    with scopes_disabled():
        organiser = Organiser.objects.create(name="Bench organiser", slug="bench")
        today = dt.date.today()
        event = Event.objects.create(
            name="Bench conference", slug="bench", organiser=organiser, email="orga@bench.test",
            date_from=today + dt.timedelta(days=60), date_to=today + dt.timedelta(days=62),
        )
        event.build_initial_data()
        team = Team.objects.create(organiser=organiser, name="Reviewers", all_events=True, is_reviewer=True)
        reviewers = [
            User.objects.create_user(email=f"reviewer{i}@bench.test", password=None, name=f"Reviewer {i}")
            for i in range(args.reviewers)
        ]
        team.members.add(*reviewers)
        paths = []
        for i in range(args.submissions):
            submission = Submission.objects.create(
                event=event, title=f"Talk {i}: contact centres at scale", submission_type=event.cfp.default_type,
                state="submitted", abstract="Measured service levels. " * 20, description="How we coach. " * 40,
                content_locale="en",
            )
            speaker = User.objects.create_user(email=f"speaker{i}@bench.test", password=None, name=f"Speaker {i}")
            submission.speakers.add(speaker)
            paths.append(submission.orga_urls.reviews)
        category = event.score_categories.first()
        score = category.scores.order_by("-value").first()
        body = urlencode({f"score_{category.pk}": score.pk, "text": "Clear plan, well measured.",
                          "review_submit": "save"})
        cookies = []
        for user in reviewers:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookies.append(session.session_key)
    sys.stdout.write(json.dumps({"cookies": cookies, "paths": paths, "body": body}) + "\n")


if __name__ == "__main__":
    main()
