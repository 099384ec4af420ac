"""Leak canary: a judge's draft and the sealed scorecards show up nowhere, for anyone else, before the reveal.

A distinctive word goes into judge A's draft comment and notes, with a distinctive score pattern whose
total (computed by the scoring service's own function) is a number no page has reason to print; another
word goes into a scorecard judge B seals. Then every GET page of the URL map (concrete kwargs), every
export available at that state, every admin changelist and change page, and every e-mail sent are read as
every other role, and neither word nor total may appear. tests/judging/test_scoring.py already scans every
database table after sealing; this is the view from outside.
"""

import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from judging.models import AREA_ORDER, Criterion, SealedScorecard
from judging.services.panel import judges_remind
from judging.services.scoring import draft_save, scorecard_seal, scorecard_total
from tests.cast import sign_judge_nda, sign_nda
from tests.factories import ContactFactory, UserFactory
from tests.generated_edition import edition_generate

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

DRAFT_WORD = "zebracanary4711"
NOTE_WORD = "quaggacanary2718"
SEALED_WORD = "okapicanary0815"
PATTERN = [7, 3, 9, 1, 8, 2, 6, 4]
SKIP_NAMES = {"account_logout", "set_language", "judging:judge_join"}  # not pages that show data


def _patterns(resolvers=None, prefix="", namespace=""):
    for pattern in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace
            )
            if inner == "admin":
                continue  # walked through the admin registry below
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _urls(values: dict[str, list]) -> list[str]:
    """Every named URL with each concrete value we have for its arguments."""
    urls = []
    for name, pattern in _patterns():
        if name in SKIP_NAMES:
            continue
        keys = list(pattern.pattern.regex.groupindex)
        if any(key not in values for key in keys):
            continue
        combos = [{}]
        for key in keys:
            combos = [{**combo, key: value} for combo in combos for value in values[key]]
        for kwargs in combos:
            urls.append(reverse(name, kwargs=kwargs))
    return urls


def _admin_urls() -> list[str]:
    urls = []
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        for pk in model._default_manager.order_by("-pk").values_list("pk", flat=True)[:2]:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
    return urls


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        response.close()
    else:
        content = response.content
    return content.decode("utf-8", errors="replace") + content.decode("latin-1")


@pytest.fixture
def canary():
    generated = edition_generate(categories=2, entries_per_category=2, judges=4)
    edition = generated.edition
    judge_a, judge_b = generated.judges[0], generated.judges[1]
    entry = generated.entries[-1]  # second category: weights 20/30/30/20 give an uneven total
    SealedScorecard.objects.filter(entry=entry, judge__in=[judge_a, judge_b]).delete()
    rubric = entry.category.rubrics.get(round=None)
    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("area", "order"))
    codes = [f"{area}-{n}" for area in AREA_ORDER for n in (1, 2)]
    scores = dict(zip(codes, PATTERN, strict=True))
    total = scorecard_total(scores=scores, rubric=rubric, criteria=criteria)
    draft_save(
        judge=judge_a, entry=entry, round=generated.round, scores=scores,
        notes={"people": NOTE_WORD, "technology": DRAFT_WORD}, comment=f"Draft {DRAFT_WORD} comment",
    )
    draft_save(
        judge=judge_b, entry=entry, round=generated.round, scores={code: 5 for code in codes},
        notes={"people": SEALED_WORD}, comment=f"Sealed {SEALED_WORD}",
    )
    card = scorecard_seal(judge=judge_b, entry=entry, round=generated.round, actor=judge_b.user)
    judges_remind(edition=edition, actor=generated.organiser)  # e-mails sent in the process
    contact = ContactFactory(company=entry.company)
    sign_nda(contact.user, edition, entry.company)  # so the participant's pages open instead of redirecting
    for judge in generated.judges:
        sign_judge_nda(judge)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    values = {
        "slug": [edition.slug],
        "pk": sorted({entry.pk, generated.entries[0].pk, card.pk}),
        "category_id": [entry.category_id],
        "category_code": [entry.category.code],
        "ceremony_id": [generated.holders[0].ceremony_id],
        "receipt": [card.receipt],
        "token": ["not-a-token"],
        "code": ["NOCODE"],
    }
    roles = {
        "anonymous": None,
        "participant": contact.user,
        "other judge": judge_b.user,
        "organiser": generated.organiser,
        "key holder": generated.holders[0].user,
        "superuser": superuser,
    }
    totals = {str(total), str(total).replace(".", ","), f"{total:.1f}", f"{total:.1f}".replace(".", ",")}
    return generated, roles, values, totals


def _leaks(text: str, totals) -> list[str]:
    needles = [DRAFT_WORD, NOTE_WORD, SEALED_WORD, *totals]
    return [needle for needle in needles if needle in text]


def test_no_page_export_admin_page_or_email_shows_a_draft_or_a_sealed_scorecard(client, canary):
    generated, roles, values, totals = canary
    assert len(totals) >= 2 and all(t not in {"0", "100"} for t in totals)
    urls = _urls(values)
    assert any("/organiser/" in url for url in urls) and any(url.endswith("registrations.csv") for url in urls)
    admin_urls = _admin_urls()
    found, opened = [], {}
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        targets = urls + (admin_urls if role in ("organiser", "superuser") else [])
        for url in targets:
            response = client.get(url)
            opened[role] = opened.get(role, 0) + (response.status_code == 200)
            if leaks := _leaks(_body(response), totals):
                found.append((role, url, leaks))
    for message in mail.outbox:
        text = " ".join([message.subject, message.body, *(str(alt[0]) for alt in getattr(message, "alternatives", []))])
        if leaks := _leaks(text, totals):
            found.append(("e-mail", message.subject, leaks))
    assert len(mail.outbox) >= 1
    assert found == []
    # the crawl really read pages as each role, not only redirects and refusals
    assert opened["organiser"] >= 15 and opened["superuser"] >= 15 and opened["other judge"] >= 5
    assert opened["participant"] >= 3 and opened["key holder"] >= 3 and opened["anonymous"] >= 3

    # The needles are findable: judge A's own scorecard page shows the draft to judge A alone.
    client.force_login(generated.judges[0].user)
    own = client.get(reverse("judging:scorecard", kwargs={"pk": generated.entries[-1].pk}))
    assert DRAFT_WORD in _body(own) and NOTE_WORD in _body(own)


SCORE_HEADER = re.compile(
    r"<th[^>]*>\s*(?:<[^>]+>\s*)*(score|skor|nilai|total|rank|peringkat|average|rata-rata)\b", re.IGNORECASE
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|csrf[^"]*"[^"]*"')


@pytest.mark.parametrize("language", ["en", "id"])
def test_before_the_reveal_no_organiser_page_ranks_scores_or_sorts_by_score(client, canary, language):
    generated, roles, values, totals = canary
    client.force_login(generated.organiser)
    client.cookies["django_language"] = language
    pages = [url for url in _urls(values) if "/organiser/" in url or url.startswith("/judging/organiser")]
    assert pages
    for url in pages:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = _body(response)
        assert not SCORE_HEADER.search(text), (url, SCORE_HEADER.search(text).group(0))
        assert not re.search(r"\brank(ed|ing)?\b|\bperingkat\b", re.sub(r"<[^>]+>", " ", text), re.IGNORECASE), url
        assert not _leaks(text, totals), url
        for query in ("o=score", "o=-score", "sort=score", "sort=-total", "order_by=score", "o=-1"):
            other = client.get(f"{url}?{query}")
            assert other.status_code == response.status_code, (url, query)
            same = CSRF.sub("", _body(other).replace(f"?{query}", ""))  # the language switcher keeps the query
            assert same == CSRF.sub("", text), (url, query)
