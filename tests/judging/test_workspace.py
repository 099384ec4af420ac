"""The judge's workspace and entry view: own assignments only, never a conflicted entry, documents checked."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Category, Edition, Entry, EntryDocument, NdaAcceptance
from judging.models import Assignment, ScorecardDraft
from judging.services.scoring import draft_save, scorecard_seal
from tests.cast import submitted_entry
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _document(entry, name="plan.pdf", body=b"%PDF-1.4 plan"):
    document = EntryDocument(
        entry=entry, original_name=name, size=len(body), kind="pdf", content_type="application/pdf", sha256="0" * 64
    )
    document.file.save("x", ContentFile(body), save=False)
    document.save()
    return document


def test_workspace_lists_own_assignments_with_progress(client, world):
    draft_save(
        judge=world.alice,
        entry=world.entry_a,
        round=world.round,
        scores={world.criteria[0].code: 5},
        notes={},
        comment="",
    )
    client.force_login(world.alice.user)
    response = client.get(reverse("judging:workspace"))
    assert response.status_code == 200
    rows = response.context["blocks"][0].assignments
    assert [(row.entry, row.has_draft, row.sealed_pk) for row in rows] == [
        (world.entry_a, True, None),
        (world.entry_b, False, None),
    ]
    page = response.content.decode()
    assert "Draft" in page and "Not started" in page
    assert "Judge 02" not in page  # nothing about other judges


def test_workspace_shows_receipt_after_sealing(client, world):
    scores = {c.code: 6 for c in world.criteria}
    draft_save(judge=world.alice, entry=world.entry_a, round=world.round, scores=scores, notes={}, comment="")
    sealed = scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)
    client.force_login(world.alice.user)
    page = client.get(reverse("judging:workspace")).content.decode()
    assert sealed.receipt in page
    assert reverse("judging:receipt", kwargs={"pk": world.entry_a.pk}) in page


def test_a_judge_downloads_their_signed_agreement_again_and_no_one_else_can(client, world):
    agreement = NdaAcceptance.objects.get(user=world.alice.user)
    copy = reverse("awards:nda_pdf", args=[agreement.pk])
    client.force_login(world.alice.user)
    assert f'href="{copy}"' in client.get(reverse("judging:workspace")).text
    assert f'href="{copy}"' in client.get(reverse("judging:agreement", args=[world.edition.slug])).text
    response = client.get(copy)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    for other in (world.bob.user, world.organiser, world.outsider):  # another judge, an organiser, a stranger
        client.force_login(other)
        assert client.get(copy).status_code == 404


def test_workspace_never_lists_a_conflicted_entry(client, world):
    client.force_login(world.bob.user)
    response = client.get(reverse("judging:workspace"))
    assert [row.entry for row in response.context["blocks"][0].assignments] == [world.entry_b]
    assert world.entry_a.title not in response.content.decode()
    assert client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk})).status_code == 404
    assert client.get(reverse("judging:scorecard", kwargs={"pk": world.entry_a.pk})).status_code == 404


def test_workspace_is_forbidden_to_non_judges(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    client.force_login(world.outsider)
    assert client.get(reverse("judging:workspace")).status_code == 403
    client.logout()
    assert client.get(reverse("judging:workspace")).status_code == 302


def test_workspace_query_count_is_constant(client, django_assert_num_queries, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    client.force_login(world.bob.user)
    client.get(reverse("judging:workspace"))  # the session's first page keeps the navigation's roles in it
    reset_queries()  # the request resets the log; start the capture from an empty one
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("judging:workspace"))
    assert len(response.context["blocks"][0].assignments) == 1
    count = len(one.captured_queries)
    for title in ("Third", "Fourth"):
        entry = submitted_entry(category=world.category, company=CompanyFactory(), title=title)
        Assignment.objects.create(round=world.round, entry=entry, judge=world.bob)
    client.force_login(world.bob.user)
    client.get(reverse("judging:workspace"))
    reset_queries()
    with django_assert_num_queries(count):
        response = client.get(reverse("judging:workspace"))
    assert len(response.context["blocks"][0].assignments) == 3


def test_workspace_without_signed_agreement_asks_to_sign(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    newcomer = Assignment.objects.filter(judge=world.alice).first()
    from tests.factories import JudgeFactory

    carol = JudgeFactory(edition=world.edition, pseudonym="Judge 03")
    Assignment.objects.create(round=world.round, entry=newcomer.entry, judge=carol)
    client.force_login(carol.user)
    page = client.get(reverse("judging:workspace")).content.decode()
    assert reverse("judging:agreement", kwargs={"slug": world.edition.slug}) in page
    assert newcomer.entry.title not in page
    response = client.get(reverse("judging:entry", kwargs={"pk": newcomer.entry.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("judging:agreement", kwargs={"slug": world.edition.slug}) + "?next=")


def test_entry_shows_narratives_and_documents(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    document = _document(world.entry_a)
    client.force_login(world.alice.user)
    response = client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.entry_a.narrative_technology in page
    assert reverse("judging:document", kwargs={"pk": document.pk}) in page


def test_entry_before_judging_opens_is_a_friendly_page(client, edition_in):
    world = edition_in("registration", submitted=True, panel=True, keys=False)
    Assignment.objects.create(round=world.round, entry=world.entry_a, judge=world.alice)
    client.force_login(world.alice.user)
    response = client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk}))
    assert response.status_code == 200
    assert "Judging has not opened yet" in response.content.decode()
    assert world.entry_a.narrative_technology not in response.content.decode()
    assert "<title>Judging has not opened ·" in response.content.decode()


def test_entry_after_judging_closed_is_titled_closed_not_not_yet_open(client, edition_in):
    world = edition_in("sealed")
    client.force_login(world.alice.user)
    page = client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk})).content.decode()
    assert "<title>Judging is closed ·" in page
    assert "not opened" not in page


def test_entry_of_another_judge_or_outsider_is_404(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    other = submitted_entry(category=world.category, company=CompanyFactory())
    client.force_login(world.alice.user)
    assert client.get(reverse("judging:entry", kwargs={"pk": other.pk})).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk})).status_code == 404


def test_document_download_only_for_assigned_unconflicted_judge(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    document_a = _document(world.entry_a)
    client.force_login(world.alice.user)
    response = client.get(reverse("judging:document", kwargs={"pk": document_a.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.bob.user)  # conflicted with company A
    assert client.get(reverse("judging:document", kwargs={"pk": document_a.pk})).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("judging:document", kwargs={"pk": document_a.pk})).status_code == 404
    Edition.objects.filter(pk=world.edition.pk).update(state=Edition.State.SEALED)
    client.force_login(world.alice.user)
    assert client.get(reverse("judging:document", kwargs={"pk": document_a.pk})).status_code == 404


def test_draft_count_in_workspace_is_own(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    draft_save(judge=world.bob, entry=world.entry_b, round=world.round, scores={}, notes={}, comment="bob's")
    client.force_login(world.alice.user)
    rows = client.get(reverse("judging:workspace")).context["blocks"][0].assignments
    assert [row.has_draft for row in rows] == [False, False]
    assert ScorecardDraft.objects.count() == 1


def test_entry_of_an_individual_category_shows_the_nominee(client, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    Category.objects.filter(pk=world.category.pk).update(kind=Category.Kind.INDIVIDUAL)
    Entry.objects.filter(pk=world.entry_a.pk).update(
        nominee_name="Siti Rahma", nominee_role="Team leader", agent_seats=None
    )
    client.force_login(world.alice.user)
    page = client.get(reverse("judging:entry", kwargs={"pk": world.entry_a.pk})).content.decode()
    assert "Siti Rahma" in page and "Team leader" in page
    assert "Operational figures" not in page


def _read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_judge_reads_a_pdf_inline_in_ranges_and_an_office_file_downloads(client, world):
    body = b"%PDF-1.4 " + bytes(range(200)) + b" %%EOF"
    pdf = _document(world.entry_a, "Rencana 2027.pdf", body)
    deck = EntryDocument(
        entry=world.entry_a,
        original_name="deck.pptx",
        size=4,
        kind="pptx",
        sha256="1" * 64,
        content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    deck.file.save("y", ContentFile(b"PK\x03\x04"), save=False)
    deck.save()
    client.force_login(world.alice.user)
    url = reverse("judging:document_view", kwargs={"pk": pdf.pk})

    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Content-Disposition"] == 'inline; filename="Rencana 2027.pdf"'
    assert (whole["Content-Type"], whole["Accept-Ranges"], whole["X-Content-Type-Options"]) == (
        "application/pdf", "bytes", "nosniff"
    )
    assert whole["Cache-Control"] == "private, no-store"
    policy = whole["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src" not in policy
    assert "object-src 'self'" in policy  # Chromium's own PDF viewer needs it to open the file
    assert _read(whole) == body

    first = client.get(url, HTTP_RANGE="bytes=0-9")
    assert (first.status_code, first["Content-Range"], first.content) == (206, f"bytes 0-9/{len(body)}", body[:10])
    tail = client.get(url, HTTP_RANGE="bytes=-6")
    assert (tail.status_code, tail.content) == (206, b" %%EOF")
    middle = client.get(url, HTTP_RANGE=f"bytes=100-{len(body) + 50}")
    assert (middle["Content-Range"], middle.content) == (f"bytes 100-{len(body) - 1}/{len(body)}", body[100:])
    outside = client.get(url, HTTP_RANGE=f"bytes={len(body)}-")
    assert (outside.status_code, outside["Content-Range"]) == (416, f"bytes */{len(body)}")
    garbled = client.get(url, HTTP_RANGE="pages=1-2")
    assert garbled.status_code == 200 and _read(garbled) == body

    download = client.get(reverse("judging:document", kwargs={"pk": pdf.pk}), HTTP_RANGE="bytes=0-3")
    assert (download.status_code, download.content) == (206, b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")

    office = client.get(reverse("judging:document_view", kwargs={"pk": deck.pk}))
    assert office.status_code == 302
    assert office["Location"] == reverse("judging:document", kwargs={"pk": deck.pk})

    page = client.get(reverse("judging:scorecard", kwargs={"pk": world.entry_a.pk})).content.decode()
    assert f'href="{url}" target="_blank" rel="noopener"\n                 data-reader-kind="pdf"' in page
    assert reverse("judging:document", kwargs={"pk": deck.pk}) in page
    assert "vendor/pdfjs/pdf.min.mjs" in page and "js/document_reader.js" in page


def test_the_inline_view_keeps_the_judges_checks(client, world):
    pdf = _document(world.entry_a)
    url = reverse("judging:document_view", kwargs={"pk": pdf.pk})
    for outsider in (world.outsider, world.organiser):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.bob.user)  # conflicted with company A
    assert client.get(reverse("judging:document_view", kwargs={"pk": _document(world.entry_a).pk})).status_code == 404
    Edition.objects.filter(pk=world.edition.pk).update(state=Edition.State.SEALED)
    client.force_login(world.alice.user)
    assert client.get(url).status_code == 404
