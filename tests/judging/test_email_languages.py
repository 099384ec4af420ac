"""E-mails to one person are in the language their account reads, both languages (Indonesian first) when the site
does not know it: the finalists' e-mail, the panel's e-mails and the key holders' e-mails."""

import pytest

from awards.models import Edition, OutboxMessage
from awards.services.accounts import profile_language_set
from config.outbox_crypto import body_decrypt
from judging.services.finalists import finalists_publish
from judging.services.keys import key_ceremony_begin
from judging.services.panel import judge_invite
from judging.services.rounds import round_seal
from judging.services.shortlist import shortlist_reveal
from tests.cast import seal_scores
from tests.factories import ContactFactory, EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows() -> dict[str, OutboxMessage]:
    rows = {row.recipient: row for row in OutboxMessage.objects.all()}
    for row in rows.values():
        row.body_plain = body_decrypt(row.body_encrypted)
    return rows


def test_the_finalists_email_is_in_each_contacts_language_or_in_both(cast):
    world = cast.edition_in_two_rounds(top_n=2)
    contact_c = ContactFactory(company=world.company_c)
    for entry, value in ((world.entry_a, 9), (world.entry_b, 5), (world.entry_c, 7)):
        seal_scores(world=world, judge=world.alice, entry=entry, round=world.desk, value=value)
    round_seal(edition=world.edition, number=1, actor=world.organiser)
    shortlist_reveal(edition=world.edition, number=1, texts=world.share_texts[:2], actor=world.organiser)
    profile_language_set(user=world.contact_a.user, language="en")
    profile_language_set(user=world.contact_b.user, language="id")

    finalists_publish(edition=world.edition, number=1, actor=world.organiser)

    rows = _rows()
    english, indonesian, both = (rows[contact.user.email] for contact in (world.contact_a, world.contact_b, contact_c))
    assert (english.language, indonesian.language, both.language) == ("en", "id", "id+en")
    assert english.subject.endswith(f"Finalists announced: {world.edition.name}") and "diumumkan" not in english.subject
    assert "FINALIST" in english.body_plain and "Yth." not in english.body_plain
    assert "tidak masuk daftar pendek" in indonesian.body_plain and "Dear" not in indonesian.body_plain
    assert "Finalis diumumkan / Finalists announced" in both.subject
    assert both.body_plain.index("FINALIS.") < both.body_plain.index("---") < both.body_plain.index("FINALIST.")


def test_an_invitation_to_someone_with_an_account_is_in_their_language_and_to_a_new_address_in_both():
    edition = EditionFactory()
    organiser = OrganiserFactory()
    known = UserFactory(email="Dewi@Juri.example.test")
    profile_language_set(user=known, language="id")
    judge_invite(edition=edition, email="dewi@juri.example.test", full_name="Dewi Lestari", invited_by=organiser)
    judge_invite(edition=edition, email="new@juri.example.test", full_name="New Judge", invited_by=organiser)

    rows = _rows()
    indonesian, both = rows["dewi@juri.example.test"], rows["new@juri.example.test"]
    assert indonesian.language == "id" and "Anda diundang menjadi juri" in indonesian.subject
    assert "You are invited" not in indonesian.subject + indonesian.body_plain
    assert both.language == "id+en"
    assert both.subject.index("Anda diundang menjadi juri") < both.subject.index("You are invited to judge")
    assert both.body_plain.count("/judging/join/") == 2  # the link in each language


def test_the_key_holders_emails_are_in_each_holders_language_or_in_both():
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    profile_language_set(user=holders[0], language="en")
    profile_language_set(user=holders[1], language="id")
    key_ceremony_begin(edition=edition, holders=holders, threshold=2, actor=OrganiserFactory())

    rows = _rows()
    english, indonesian, both = (rows[holder.email] for holder in holders)
    assert (english.language, indonesian.language, both.language) == ("en", "id", "id+en")
    assert "You are a key holder for" in english.subject and "Anda" not in english.subject + english.body_plain
    assert "Anda pemegang kunci untuk" in indonesian.subject and "You are" not in indonesian.body_plain
    assert "Anda pemegang kunci untuk" in both.subject and "You are a key holder for" in both.subject
