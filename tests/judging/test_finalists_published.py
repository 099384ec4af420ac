"""Publishing the finalists: the public nominees page (both languages), each company told its status (never a
score), participants' dashboard status."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Entry
from judging.models import RoundSeal
from judging.services.finalists import finalists_publish
from judging.services.rounds import round_seal
from judging.services.shortlist import shortlist_reveal
from tests.cast import seal_scores
from tests.factories import ContactFactory


@pytest.fixture
def shortlisted(db, cast):
    """Desk: A 9, B 5, C 7 (alice): the top 2 are A and C; each company has a contact (C's made here)."""
    world = cast.edition_in_two_rounds(top_n=2)
    world.contacts = [world.contact_a, world.contact_b, ContactFactory(company=world.company_c)]
    for entry, value in ((world.entry_a, 9), (world.entry_b, 5), (world.entry_c, 7)):
        seal_scores(world=world, judge=world.alice, entry=entry, round=world.desk, value=value)
    round_seal(edition=world.edition, number=1, actor=world.organiser)
    shortlist_reveal(edition=world.edition, number=1, texts=world.share_texts[:2], actor=world.organiser)
    return world


def test_the_nominees_page_waits_for_the_organisers(client, shortlisted):
    assert client.get(reverse("judging:nominees", args=[shortlisted.edition.slug])).status_code == 404
    assert Entry.objects.filter(shortlist="").count() == 3


def test_publishing_tells_each_company_its_status_and_never_a_score(client, shortlisted,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finalists_publish(edition=shortlisted.edition, number=1, actor=shortlisted.organiser)
    statuses = dict(Entry.objects.values_list("pk", "shortlist"))
    assert statuses == {shortlisted.entry_a.pk: "finalist", shortlisted.entry_b.pk: "not_shortlisted",
                        shortlisted.entry_c.pk: "finalist"}
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_recipient) == {contact.user.email for contact in shortlisted.contacts}
    b_mail = by_recipient[shortlisted.contacts[1].user.email]
    assert "not shortlisted" in b_mail and "tidak masuk daftar pendek" in b_mail and "FINALIST" not in b_mail
    a_mail = by_recipient[shortlisted.contacts[0].user.email]
    assert "FINALIST" in a_mail and "Finals" in a_mail
    # The edition's slug, name and year, and the names of its categories, entries and companies, come from factory
    # sequences and may hold the digits ("Kategori 190"): they are taken out before looking for a score.
    edition = shortlisted.edition
    names = [edition.slug, edition.name, str(edition.year)]
    for entry in Entry.objects.filter(category__edition=edition).select_related("category", "company"):
        names += [entry.title, entry.reference, entry.category.name_id, entry.category.name_en, entry.category.code,
                  entry.company.legal_name, entry.company.display_name]
    for body in by_recipient.values():
        for name in sorted(names, key=len, reverse=True):
            body = body.replace(name, "")
        for score in ("90", "70", "50"):
            assert score not in body
    with pytest.raises(ValidationError, match="already published"):
        finalists_publish(edition=shortlisted.edition, number=1, actor=shortlisted.organiser)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_public_nominees_page_lists_finalists_alphabetically_in_both_languages(client, shortlisted, language):
    finalists_publish(edition=shortlisted.edition, number=1, actor=shortlisted.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("judging:nominees", args=[shortlisted.edition.slug])).content.decode()
    names = sorted([shortlisted.company_a.legal_name, shortlisted.company_c.legal_name])
    assert page.index(names[0]) < page.index(names[1])
    assert shortlisted.company_b.legal_name not in page
    assert ("Finalis" in page and "Finalists" not in page) == (language == "id")
    seal = RoundSeal.objects.get()
    assert seal.root in page and seal.shortlist_commitment in page  # published beside the round's root


def test_the_participant_sees_the_status_on_the_dashboard(client, shortlisted):
    finalists_publish(edition=shortlisted.edition, number=1, actor=shortlisted.organiser)
    client.force_login(shortlisted.contacts[1].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("awards:dashboard")).content.decode()
    assert "Not shortlisted" in page


def test_publishing_before_the_shortlist_reveal_is_refused(db, cast):
    world = cast.edition_in_two_rounds()
    with pytest.raises(ValidationError, match="after the shortlist reveal"):
        finalists_publish(edition=world.edition, number=1, actor=world.organiser)
