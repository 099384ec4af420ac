"""Conflicts of interest (declared and automatic), recusals, and the conflict guard on assignments."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from awards.models import AuditEvent, Entry
from awards.services.eligibility import entry_accept
from judging.models import Assignment, ConflictDeclaration, Recusal, ScorecardDraft
from judging.permissions import entries_visible_to_judge, get_entry_for_judge
from judging.services.assignments import assignment_add
from judging.services.conflicts import conflict_declare, conflicts_refresh_automatic
from tests.cast import draft_create, seal_stand_in
from tests.factories import CompanyFactory, ContactFactory, JudgeFactory, SubmittedEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _assign(panel_world, judge, entry):
    return Assignment.objects.create(round=panel_world.round, entry=entry, judge=judge)


def test_declaring_a_conflict_hides_the_entry_and_removes_the_assignment(client, mailoutbox, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    _assign(panel_world, panel_world.alice, panel_world.entry_b)
    draft_create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice, scores={"x": 5})
    assert get_entry_for_judge(panel_world.alice.user, panel_world.entry_a.pk) == (
        panel_world.alice,
        panel_world.entry_a,
    )

    client.force_login(panel_world.alice.user)
    response = client.post(
        reverse("judging:conflicts", args=[panel_world.edition.slug]),
        {"company": panel_world.company_a.pk, "relation": "adviser", "note": "Board adviser since 2024"},
    )
    assert response.status_code == 302
    conflict = ConflictDeclaration.objects.get(judge=panel_world.alice)
    assert (conflict.judge, conflict.company, conflict.relation, conflict.automatic) == (
        panel_world.alice,
        panel_world.company_a,
        "adviser",
        False,
    )
    assert list(Assignment.objects.filter(judge=panel_world.alice).values_list("entry", flat=True)) == [
        panel_world.entry_b.pk
    ]
    assert not ScorecardDraft.objects.exists()
    with pytest.raises(Http404):
        get_entry_for_judge(panel_world.alice.user, panel_world.entry_a.pk)
    assert list(entries_visible_to_judge(panel_world.alice)) == [panel_world.entry_b]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [panel_world.organiser.email]
    assert panel_world.entry_a.reference in mailoutbox[0].body
    event = AuditEvent.objects.get(action="conflict.declared")
    assert event.payload["assignments_removed"] == 1


def test_a_conflict_declared_before_assignments_mails_nobody(mailoutbox, panel_world):
    conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation="employee")
    assert mailoutbox == []


def test_only_companies_with_entries_in_the_edition_can_be_declared(client, panel_world):
    elsewhere = CompanyFactory(legal_name="PT Tanpa Entri")
    client.force_login(panel_world.alice.user)
    response = client.post(
        reverse("judging:conflicts", args=[panel_world.edition.slug]), {"company": elsewhere.pk, "relation": "adviser"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ConflictDeclaration.objects.filter(judge=panel_world.alice).exists()


def test_the_automatic_relation_cannot_be_declared_by_hand(panel_world):
    with pytest.raises(ValidationError):
        conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation="email_domain")


def test_a_declaration_can_be_withdrawn_only_before_assignments_to_that_company(client, panel_world):
    conflict = conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation="other", note="cousin")
    client.force_login(panel_world.alice.user)
    url = reverse("judging:conflict_withdraw", args=[panel_world.edition.slug, conflict.pk])
    _assign(panel_world, panel_world.bob, panel_world.entry_a)
    client.post(url)
    assert ConflictDeclaration.objects.filter(pk=conflict.pk).exists()
    Assignment.objects.all().delete()
    client.post(url)
    assert not ConflictDeclaration.objects.filter(pk=conflict.pk).exists()


def test_a_judge_sharing_a_company_contacts_email_domain_is_conflicted_automatically(client, panel_world):
    judge = JudgeFactory(edition=panel_world.edition, user=UserFactory(username="eve@alpha.example.test"))
    _assign(panel_world, judge, panel_world.entry_a)
    created = conflicts_refresh_automatic(judge=judge)
    assert [(c.company, c.relation, c.automatic) for c in created] == [(panel_world.company_a, "email_domain", True)]
    assert not Assignment.objects.filter(judge=judge).exists()
    # Idempotent.
    assert conflicts_refresh_automatic(judge=judge) == []


def test_opening_the_conflicts_page_changes_nothing_and_accepting_the_entry_finds_the_conflict(client, panel_world):
    # A company whose contact shares bob's e-mail domain registered after bob joined: its entry awaits review.
    ContactFactory(company=panel_world.company_b, user=UserFactory(username="ops@beta.example.test"))
    panel_world.bob.user.email = "bob@Beta.example.test"
    panel_world.bob.user.save()
    Entry.objects.filter(pk=panel_world.entry_b.pk).update(accepted_at=None)
    client.force_login(panel_world.bob.user)
    url = reverse("judging:conflicts", args=[panel_world.edition.slug])
    audit_before = AuditEvent.objects.count()
    page = client.get(url)
    assert page.status_code == 200
    assert not ConflictDeclaration.objects.filter(automatic=True).exists()
    assert AuditEvent.objects.count() == audit_before
    assert "PT Beta Layanan" not in page.content.decode()

    entry_accept(entry=panel_world.entry_b, actor=panel_world.organiser)

    assert list(ConflictDeclaration.objects.filter(automatic=True).values_list("judge", "company", "automatic")) == [
        (panel_world.bob.pk, panel_world.company_b.pk, True)
    ]
    page = client.get(url)
    assert "PT Beta Layanan" in page.content.decode()
    words = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "(automatic) automatic" not in words


@pytest.mark.parametrize("domain", ["gmail.com", "yahoo.co.id", "outlook.com", "icloud.com"])
def test_webmail_domains_never_make_a_conflict(domain, panel_world):
    ContactFactory(company=panel_world.company_a, user=UserFactory(username=f"someone@{domain}"))
    judge = JudgeFactory(edition=panel_world.edition, user=UserFactory(username=f"judge@{domain}"))
    assert conflicts_refresh_automatic(judge=judge) == []
    assert not ConflictDeclaration.objects.filter(judge=judge).exists()


def test_a_conflicted_judge_never_sees_the_entry(client, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    ConflictDeclaration.objects.create(judge=panel_world.alice, company=panel_world.company_a, relation="employee")
    with pytest.raises(Http404):
        get_entry_for_judge(panel_world.alice.user, panel_world.entry_a.pk)
    assert list(entries_visible_to_judge(panel_world.alice)) == []
    client.force_login(panel_world.alice.user)
    assert client.get(reverse("judging:recuse", args=[panel_world.entry_a.pk])).status_code == 404


def test_assigning_a_conflicted_judge_by_hand_is_refused_with_the_reason(client, panel_world):
    conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation="adviser")
    with pytest.raises(ValidationError) as error:
        assignment_add(
            round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice, actor=panel_world.organiser
        )
    assert error.value.messages == ["Alice Hartono declared: I advise this company"]

    client.force_login(panel_world.organiser)
    response = client.post(
        reverse("judging:assignments_assign", args=[panel_world.edition.slug]),
        {"manual-entry": panel_world.entry_a.pk, "manual-judge": panel_world.alice.pk},
    )
    assert response.status_code == 200
    assert "Alice Hartono declared: I advise this company" in response.content.decode()
    assert not Assignment.objects.exists()


def test_manual_assignment_refreshes_automatic_conflicts_first(panel_world):
    ContactFactory(company=panel_world.company_a, user=UserFactory(username="cs@alpha-group.example.test"))
    judge = JudgeFactory(edition=panel_world.edition, user=UserFactory(username="frank@alpha-group.example.test"))
    with pytest.raises(ValidationError) as error:
        assignment_add(round=panel_world.round, entry=panel_world.entry_a, judge=judge, actor=panel_world.organiser)
    assert "matches a company contact" in error.value.messages[0]


def test_recusal_asks_for_confirmation_then_removes_the_assignment(client, mailoutbox, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    draft_create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice, scores={"x": 9})
    client.force_login(panel_world.alice.user)
    url = reverse("judging:recuse", args=[panel_world.entry_a.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Step away from" in confirm.content.decode()
    assert Assignment.objects.filter(judge=panel_world.alice).exists()

    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 200
    assert Assignment.objects.filter(judge=panel_world.alice).exists()

    response = client.post(url, {"reason": "I interviewed for a job there last month."})
    assert response.status_code == 302
    assert not Assignment.objects.filter(judge=panel_world.alice).exists()
    assert not ScorecardDraft.objects.exists()
    recusal = Recusal.objects.get()
    assert (recusal.judge, recusal.entry, recusal.round) == (panel_world.alice, panel_world.entry_a, panel_world.round)
    event = AuditEvent.objects.get(action="assignment.recused")
    assert set(event.payload) == {"judge", "entry", "round"}
    assert [mail.to for mail in mailoutbox] == [[panel_world.organiser.email]]
    assert "I interviewed for a job there" in mailoutbox[0].body
    with pytest.raises(Http404):
        get_entry_for_judge(panel_world.alice.user, panel_world.entry_a.pk)


def test_recusal_is_refused_once_the_scorecard_is_sealed(client, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    seal_stand_in(judge=panel_world.alice, entry=panel_world.entry_a, round=panel_world.round)
    client.force_login(panel_world.alice.user)
    url = reverse("judging:recuse", args=[panel_world.entry_a.pk])
    assert "reopen it first" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Changed my mind"})
    assert response.status_code == 409
    assert Assignment.objects.filter(judge=panel_world.alice).exists()
    assert not Recusal.objects.exists()


def test_a_recused_judge_cannot_be_assigned_back_by_hand(panel_world):
    extra = JudgeFactory(edition=panel_world.edition)
    panel_world.category.panel.create(judge=extra)
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    Recusal.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.bob, reason="friend")
    with pytest.raises(ValidationError):
        assignment_add(
            round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.bob, actor=panel_world.organiser
        )


def test_an_entry_of_a_new_company_is_conflicted_for_a_judge_from_that_company(panel_world):
    company = CompanyFactory()
    ContactFactory(company=company, user=UserFactory(username="boss@gamma.example.test"))
    SubmittedEntryFactory(category=panel_world.category, company=company)
    judge = JudgeFactory(edition=panel_world.edition, user=UserFactory(username="ex@gamma.example.test"))
    assert [c.company for c in conflicts_refresh_automatic(judge=judge)] == [company]


def test_the_conflicts_page_uses_the_same_number_of_queries_for_1_and_3_declarations(client, edition_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    panel_world = edition_in("registration", submitted=True, panel=True)
    client.force_login(panel_world.alice.user)
    url = reverse("judging:conflicts", args=[panel_world.edition.slug])
    client.get(url)  # the session's first page keeps the navigation's roles in it
    counts = []
    for relations in (["employee"], ["adviser", "other"]):
        for relation in relations:
            conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation=relation)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert ConflictDeclaration.objects.filter(judge=panel_world.alice).count() == 3
    assert counts[0] == counts[1]
