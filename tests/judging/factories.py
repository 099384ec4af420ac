"""Factories of the judging app. Other branches may append theirs at the END of this file."""

import factory
from django.utils import timezone

from config.two_factor import enrol_authenticator_app
from judging.models import Assignment, Judge, PanelMember, Round
from judging.services.rubrics import rubric_create_default
from tests.factories import TOTP_SECRET, CategoryFactory, EditionFactory, EntryFactory, UserFactory


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"judge{n}@juri.example.test"))
    full_name = factory.Faker("name")
    job_title = "Customer Experience Director"
    organisation = "Asosiasi Contact Center"
    expertise = "Workforce management, quality assurance."
    kind = Judge.Kind.PRACTITIONER
    pseudonym = factory.Sequence(lambda n: f"Judge {n + 1:02d}")

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Judges come enrolled with an authenticator app, as the platform requires of them."""
        if create and extracted is not False:
            enrol_authenticator_app(user=obj.user, secret=TOTP_SECRET)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        django_get_or_create = ("edition", "number")

    edition = factory.SubFactory(EditionFactory)
    number = 1
    name = "Final round"
    is_final = True


class RubricFactory(factory.Factory):
    """A category's rubric with the default four areas and twelve criteria (rubric_create_default)."""

    class Meta:
        model = dict  # built by the service below

    category = factory.SubFactory(CategoryFactory)

    @classmethod
    def _create(cls, model_class, *args, category, **kwargs):
        return rubric_create_default(category=category)

    @classmethod
    def _build(cls, model_class, *args, category, **kwargs):
        return rubric_create_default(category=category)


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    category = factory.SubFactory(CategoryFactory)
    judge = factory.SubFactory(JudgeFactory, edition=factory.SelfAttribute("..category.edition"))


class SubmittedEntryFactory(EntryFactory):
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    entry = factory.SubFactory(SubmittedEntryFactory)
    round = factory.SubFactory(RoundFactory, edition=factory.SelfAttribute("..entry.category.edition"))
    judge = factory.SubFactory(JudgeFactory, edition=factory.SelfAttribute("..entry.category.edition"))


# --- Drafts at rest (branch draft-secrecy) --------------------------------------------------------


def draft_create(*, judge, entry, round, scores=None, notes=None, comment=""):
    """A judge's draft row as `draft_save` would store it (encrypted), without `draft_save`'s checks: for tests
    that need a draft the judge could not save now (a conflict declared afterwards, judging closed...)."""
    from judging.models import ScorecardDraft
    from judging.services.drafts import draft_encrypt

    key_id, ciphertext = draft_encrypt(
        judge_id=judge.pk, entry_id=entry.pk, round_id=round.pk, scores=scores or {}, notes=notes or {},
        comment=comment,
    )
    return ScorecardDraft.objects.create(judge=judge, entry=entry, round=round, key_id=key_id, ciphertext=ciphertext)


def draft_content(*, judge, entry, round):
    """The decrypted draft of a judge (judging.selectors.workspace.draft_of), or None."""
    from judging.selectors.workspace import draft_of

    return draft_of(judge=judge, entry=entry, round=round)


# --- Holder keys -----------------------------------------------------------------------------------


def holder_keyed_ceremony(*, edition, holders, threshold=2, actor=None):
    """A key ceremony made the way `keygen` makes it: each holder's key is generated here (as on their own
    device), each share is encrypted to it. Returns the ceremony and each holder's one-file "key +
    encrypted share" text, in share order (what `reveal --share-file` and the share check accept)."""
    from judging import sealing
    from judging.services.keys import key_ceremony_create

    keys = [sealing.holder_key_generate() for _holder in holders]
    ceremony, handed = key_ceremony_create(
        edition=edition, holders=holders, threshold=threshold, actor=actor,
        holder_public_keys=[key.public_key().public_bytes_raw() for key in keys],
    )
    files = [sealing.holder_file_text(key, encrypted) for key, (_holder, encrypted) in zip(keys, handed, strict=True)]
    return ceremony, files


def share_in_holder_file(text):
    """The plain share a holder file opens (for tests that need the raw share)."""
    from judging import sealing

    material = sealing.holder_material_parse(text)
    return sealing.share_decrypt(encrypted=material.encrypted, private_key=material.private_key)
