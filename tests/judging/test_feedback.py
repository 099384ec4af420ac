"""Per-entry feedback reports: in the award-night pack, and for the entrant's contacts after publication."""

import io
import json
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from pypdf.generic import ContentStream

from awards import pdf
from awards.models import Edition, Entry
from awards.services.publication import edition_publish
from judging.models import Reveal
from judging.pack import PACK
from judging.services.export import award_night_pack_build
from judging.services.feedback import feedback_data, feedback_pdf
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from judging.services.verification import pack_verify
from judging.tally import round2
from tests.factories import CategoryFactory, ContactFactory, EditionFactory, EntryFactory, OrganiserFactory
from tests.generated_edition import edition_generate, generated_revealed, scorecard_seal_row, unzip

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

AREAS = ("infrastructure", "technology", "communication", "people")


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def ranking_rows(edition) -> dict[str, dict]:
    results = Reveal.objects.get(edition=edition).results
    return {row["entry"]: row for block in results["rankings"] for row in block["entries"]}


def test_the_pack_holds_a_feedback_report_per_scored_entry_listed_in_the_manifest_and_verifies():
    generated = generated_revealed(categories=2, entries_per_category=2, judges=3, unscored=1)
    files = unzip(award_night_pack_build(edition=generated.edition))

    feedback = sorted(name for name in files if name.startswith(f"{PACK.feedback_dir}/"))
    assert feedback == sorted(PACK.feedback(entry.reference) for entry in generated.entries[1:])
    manifest = json.loads(files[PACK.manifest])["files"]
    assert set(feedback) <= set(manifest)
    verdict = pack_verify(award_night_pack_build(edition=generated.edition))
    assert (verdict.ok, verdict.message) == (True, "verified")
    assert verdict.scorecards == 9


@pytest.mark.parametrize("parallel_min", [24, 2], ids=["one-process", "two-processes"])
def test_each_feedback_file_holds_its_own_report_only_and_numbers_its_own_pages(monkeypatch, parallel_min):
    """The pack lays the reports out as one document (or two, the second in a worker process) and splits it:
    no file carries another's pages or drawings."""
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PARTS", parallel_min)
    generated = generated_revealed(categories=2, entries_per_category=3, judges=3)
    files = unzip(award_night_pack_build(edition=generated.edition))

    references = [entry.reference for entry in generated.entries]
    for reference in references:
        reader = PdfReader(io.BytesIO(files[PACK.feedback(reference)]))
        texts = [" ".join(page.extract_text().split()) for page in reader.pages]
        assert [other for other in references if other in " ".join(texts)] == [reference]
        for number, (page, text) in enumerate(zip(reader.pages, texts, strict=True), start=1):
            assert f"Halaman {number} / {len(texts)} · Page {number} of {len(texts)}" in text
            drawn = {
                operands[0] for operands, operator in ContentStream(page.get_contents(), reader).operations
                if operator == b"Do"
            }
            assert set(page["/Resources"].get("/XObject", {})) == drawn


def test_packs_made_one_after_another_with_a_worker_and_beside_another_thread_are_whole(monkeypatch):
    """The worker process is forked from a process with one thread (it must leave the parent's decoded fonts
    alone: the parent's next pack needs them) and spawned beside other threads (a fork would copy the locks they
    hold). Either way every report is in the pack and verifies."""
    monkeypatch.setattr(pdf, "PARALLEL_MIN_PARTS", 2)
    generated = generated_revealed(categories=2, entries_per_category=3, judges=3)
    references = [entry.reference for entry in generated.entries]

    packs = [award_night_pack_build(edition=generated.edition) for _ in range(2)]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert pdf._worker_start_method() == "spawn"
        packs.append(award_night_pack_build(edition=generated.edition))
    finally:
        stop.set()
        other.join()

    for pack in packs:
        files = unzip(pack)
        assert {PACK.feedback(reference) for reference in references} <= set(files)
        assert pack_verify(pack).ok


def _comment_edition():
    """Two categories; the first entry's judges wrote varied comments and a private note each."""
    generated = edition_generate(categories=2, entries_per_category=3, judges=3, seed=11)
    entry = generated.entries[0]
    comments = ["Zebra-grade routing: keep it up.", "", "Agent coaching is exemplary."]
    for judge, comment in zip(generated.judges, comments, strict=True):
        scores = {f"{area}-{number}": 5 + judge.pk % 4 + number for area in AREAS for number in (1, 2)}
        scorecard_seal_row(
            generated=generated, entry=entry, judge=judge, scores=scores, version=2, comment=comment,
            notes={"people": f"PRIVATE NOTE of {judge.pseudonym}"},
        )
    edition_seal(edition=generated.edition, actor=generated.organiser)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    generated.edition.refresh_from_db()
    return generated, entry


def test_the_report_shows_the_tallys_figures_the_category_figures_and_the_comments_without_authors():
    generated, entry = _comment_edition()
    rows = ranking_rows(generated.edition)
    row = rows[entry.reference]
    category_rows = [rows[other.reference] for other in generated.entries if other.category_id == entry.category_id]

    report = feedback_data(edition=generated.edition)[entry.pk]

    assert report.score == Decimal(row["score"])
    assert report.scorecards == row["scorecards"] == 3
    assert report.comments == ("Agent coaching is exemplary.", "Zebra-grade routing: keep it up.")
    for area in report.areas:
        values = [Decimal(other["areas"][area.code]) for other in category_rows]
        assert area.entry == Decimal(row["areas"][area.code])
        assert area.average == round2(sum(values) / len(values))
        assert area.best == max(values)
    assert [area.code for area in report.areas] == list(AREAS)

    with translation.override("id"):  # figures read the same whatever the language: 78.61, never 78,61
        text = pdf_text(feedback_pdf(report=report))
    assert entry.reference in text
    assert f"{report.score} / 100" in text
    for area in report.areas:
        assert f"{area.entry} Anda yours {area.average} rata-rata average {area.best} terbaik best" in text
    assert text.index("Agent coaching is exemplary.") < text.index("Zebra-grade routing: keep it up.")
    for judge in generated.judges:
        assert judge.full_name not in text
        assert judge.pseudonym not in text
    assert "PRIVATE NOTE" not in text
    assert "Strong coaching culture" not in text


def test_the_entrant_downloads_its_report_only_after_publication(client, django_capture_on_commit_callbacks):
    generated, entry = _comment_edition()
    contact = ContactFactory(company=entry.company)
    other_contact = ContactFactory(company=generated.entries[1].company)
    url = reverse("judging:feedback_pdf", args=[entry.pk])

    client.force_login(contact.user)
    assert client.get(url).status_code == 404  # revealed, not yet published
    assert url not in client.get(reverse("awards:dashboard")).text

    with django_capture_on_commit_callbacks(execute=True):
        edition_publish(edition=generated.edition, actor=generated.organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Agent coaching is exemplary." in pdf_text(response.content)
    assert url in client.get(reverse("awards:dashboard")).text
    (message,) = [message for message in mail.outbox if message.to == [contact.user.email]]
    assert "http://127.0.0.1:8000" + url in message.body

    for user in (other_contact.user, generated.organiser, generated.judges[0].user, OrganiserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_dashboard_lists_feedback_reports_with_a_constant_number_of_queries(client, django_assert_num_queries):
    edition = EditionFactory(state=Edition.State.PUBLISHED)
    contact = ContactFactory()
    category = CategoryFactory(edition=edition)

    def add(count):
        for _ in range(count):
            EntryFactory(
                company=contact.company, category=category, status=Entry.Status.SUBMITTED, submitted_at=timezone.now()
            )

    add(1)
    EntryFactory(company=contact.company, category=category, status=Entry.Status.DRAFT)  # never judged: no report
    client.force_login(contact.user)
    client.get(reverse("awards:dashboard"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("awards:dashboard")).text
    assert page.count("/judging/feedback/") == 1
    add(2)
    with django_assert_num_queries(len(one)):
        page = client.get(reverse("awards:dashboard")).text
    assert page.count("/judging/feedback/") == 3
