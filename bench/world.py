"""The rows bench/run.py builds its editions from (bench never imports tests/: these are its own)."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from awards.models import Category, Edition, NdaVersion
from awards.permissions import ORGANISER_GROUP
from config.two_factor import enrol_authenticator_app
from judging.models import AREA_ORDER, Criterion, Rubric

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a bench organiser's authenticator, never a real one
_numbers = itertools.count(1)


def edition_in_judging(*, now: dt.datetime) -> Edition:
    """An edition in `judging`: registration closed a month ago, judging closes tomorrow."""
    number = next(_numbers)
    return Edition.objects.create(
        name=f"Bench edition {number}",
        slug=f"bench-{number}",
        year=2040,
        state=Edition.State.JUDGING,
        registration_opens=now - dt.timedelta(days=60),
        registration_closes=now - dt.timedelta(days=30),
        judging_opens=now - dt.timedelta(days=29),
        judging_closes=now + dt.timedelta(days=1),
        award_night=now + dt.timedelta(days=20),
        venue="Hotel Mulia, Jakarta",
    )


def organiser_create():
    """A staff member of the organisers' group, enrolled with an authenticator app as the platform requires."""
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=f"organiser{number}@bench.test", email=f"organiser{number}@bench.test", password=None, is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name=ORGANISER_GROUP)[0])
    enrol_authenticator_app(user=user, secret=TOTP_SECRET)
    return user


def judge_agreement_create(*, edition: Edition) -> NdaVersion:
    titles = {"title_id": "Perjanjian", "title_en": "Judges' agreement"}
    texts = {"text_id": "Juri menjaga kerahasiaan penjurian.", "text_en": "The judge keeps judging confidential."}
    return NdaVersion.objects.create(
        edition=edition, audience=NdaVersion.Audience.JUDGE, version_label="v1", **titles, **texts,
        text_sha256=NdaVersion.hash_texts(**titles, **texts), published_at=timezone.now(),
    )


def category_create(*, edition: Edition, number: int, min_judges: int) -> Category:
    return Category.objects.create(
        edition=edition, code=f"cat-{number}", name_id=f"Kategori {number}", name_en=f"Category {number}",
        kind=Category.Kind.CORPORATE, max_entries_per_company=2, ceremony_order=number, min_judges=min_judges,
    )


def rubric_create(category: Category, *, weights=(25, 25, 25, 25)) -> Rubric:
    """A rubric of two criteria per area (codes `<area>-1`, `<area>-2`), weighted `weights`."""
    rubric = Rubric.objects.create(
        category=category,
        weight_infrastructure=weights[0],
        weight_technology=weights[1],
        weight_communication=weights[2],
        weight_people=weights[3],
    )
    Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric, area=area, code=f"{area}-{number}", order=number,
            name_id=f"{area} {number}", name_en=f"{area} {number}",
            descriptors_id=["rendah", "cukup", "baik", "unggul"], descriptors_en=["low", "fair", "good", "excellent"],
        )
        for area in AREA_ORDER
        for number in (1, 2)
    )
    return rubric
