"""The panel and the secret: judges, conflicts, rubrics, assignments, drafts, sealed scorecards, keys, seal, reveal."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Company, Edition, Entry


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


class Area(models.TextChoices):
    """The four areas every entry is judged on, in their canonical order."""

    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    TECHNOLOGY = "technology", _("Technology")
    COMMUNICATION = "communication", _("Communication")
    PEOPLE = "people", _("People and HR")


AREA_ORDER = [Area.INFRASTRUCTURE, Area.TECHNOLOGY, Area.COMMUNICATION, Area.PEOPLE]
SCORE_MIN = 1
SCORE_MAX = 10
# Text limits of a scorecard (characters). With control characters refused, a character takes at most 4 bytes
# of the sealed JSON, so the largest scorecard still fits one padding bucket (judging.sealing): every sealed
# scorecard has the same length.
COMMENT_MAX_LENGTH = 1500
NOTE_MAX_LENGTH = 500


class Judge(models.Model):
    """A member of an edition's panel."""

    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", _("Practitioner")
        ACADEMIC = "academic", _("Academic")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_roles")
    full_name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRACTITIONER)
    # Names judges in exports and feedback without revealing who they are ("Judge 07").
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "full_name"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="judge_once_per_edition"),
            models.UniqueConstraint(fields=["edition", "pseudonym"], name="judge_pseudonym_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.edition.slug})"

    @property
    def pseudonym_shown(self) -> str:
        """The pseudonym in the reader's language ("Juri 07" in Indonesian). The stored "Judge 07" stays as it
        is: it is sealed into scorecards and printed in the award-night pack."""
        return pseudonym_shown(self.pseudonym)


def pseudonym_shown(pseudonym: str) -> str:
    match = re.fullmatch(r"Judge (\d+)", pseudonym)
    if match is None:
        return pseudonym
    return pgettext("judge pseudonym", "Judge %(number)s") % {"number": match.group(1)}


class JudgeInvitation(models.Model):
    """A single-use, expiring link by which an invited judge (or assessor) sets a password and joins the panel."""

    class Role(models.TextChoices):
        JUDGE = "judge", _("Judge")
        ASSESSOR = "assessor", _("Assessor (mystery calls)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judge_invitations")
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200)
    # Only the hash of the token is stored; the token itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    judge = models.ForeignKey(Judge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # An assessor joins by the same link and page as a judge; the role says which profile the link makes.
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.JUDGE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("judge invitation")
        verbose_name_plural = _("judge invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.edition.slug})"


class ConflictDeclaration(models.Model):
    class Relation(models.TextChoices):
        EMPLOYEE = "employee", _("I work for this company")
        FORMER_EMPLOYEE = "former_employee", _("I worked for this company in the last three years")
        ADVISER = "adviser", _("I advise this company")
        SUPPLIER = "supplier", _("I supply this company (or it supplies me: outsourcer and clients)")
        EMAIL_DOMAIN = "email_domain", _("My e-mail domain matches a company contact's (automatic)")
        OTHER = "other", _("Other conflict")

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="judge_conflicts")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    automatic = models.BooleanField(default=False)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["judge", "company"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "company", "relation"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.company}: {self.get_relation_display()}"


class Round(models.Model):
    """A round of judging. An edition has one final round (as before) and, optionally, earlier rounds (a desk
    round) that end in a shortlist. Rounds run in their number's order; each is sealed with its own key and
    its own Merkle root. Set while the edition is set up, frozen when judging opens (awards.lifecycle)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    is_final = models.BooleanField(_("final round"), default=True)
    # The round's share of a category's final score, in percent; an edition's rounds add up to 100.
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    opens_on = models.DateField(_("scoring opens on"), null=True, blank=True)
    closes_on = models.DateField(_("scoring closes on"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="round_number_unique"),
            models.UniqueConstraint(fields=["edition"], condition=Q(is_final=True), name="round_one_final"),
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} round {self.number}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A round cannot close before it opens.")})


class CategoryRound(models.Model):
    """A category's settings in one non-final round: its shortlist rule, and whether judges see entry codes
    instead of companies (a blind round). Without a row the defaults apply (top 6, one scorecard, not blind)."""

    class Mode(models.TextChoices):
        TOP = "top", _("The best N entries")
        THRESHOLD = "threshold", _("Every entry at or above a score")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="category_settings")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="round_settings")
    shortlist_mode = models.CharField(_("shortlist rule"), max_length=20, choices=Mode.choices, default=Mode.TOP)
    shortlist_top_n = models.PositiveSmallIntegerField(
        _("finalists (N)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    shortlist_threshold = models.DecimalField(
        _("lowest score of a finalist"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shortlist_min_scorecards = models.PositiveSmallIntegerField(
        _("scorecards needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    blind = models.BooleanField(_("blind round: judges see an entry code, not the company"), default=False)
    # A category may go straight to the finals: it has no desk round, every accepted entry is judged once and
    # the finals count 100 %.
    in_round = models.BooleanField(_("this category has this round"), default=True)
    # This round's share of the category's final score in percent; empty: the round's own weight.
    weight = models.PositiveSmallIntegerField(
        _("weight in this category (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["round", "category"]
        verbose_name = _("category round settings")
        verbose_name_plural = _("category round settings")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="category_round_unique")]

    def __str__(self) -> str:
        return f"{self.category.code} in {self.round}"

    @property
    def is_threshold(self) -> bool:
        return self.shortlist_mode == self.Mode.THRESHOLD

    def clean(self):
        if self.shortlist_mode == self.Mode.THRESHOLD and self.shortlist_threshold is None:
            raise ValidationError({"shortlist_threshold": _("Give the lowest score that reaches the finals.")})


class Rubric(models.Model):
    """The scoring rubric of a category: four weighted areas of 2-5 criteria each. The rubric without a round is
    the category's rubric in every round; a rubric with a round replaces it in that round (a finals rubric with
    presentation and Q&A criteria, other weights). See judging.selectors.rubrics."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rubrics")
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, null=True, blank=True, related_name="rubrics", verbose_name=_("round")
    )
    weight_infrastructure = models.PositiveSmallIntegerField(_("weight: infrastructure"), default=25)
    weight_technology = models.PositiveSmallIntegerField(_("weight: technology"), default=25)
    weight_communication = models.PositiveSmallIntegerField(_("weight: communication"), default=25)
    weight_people = models.PositiveSmallIntegerField(_("weight: people and HR"), default=25)
    # Comma-separated area codes: the order in which area scores break a tie.
    tie_break_order = models.CharField(
        _("tie-break order"), max_length=100, default="people,communication,technology,infrastructure"
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    # Goes up with every edit of the rubric or its criteria (judging.services.rubrics, the admin): the scorecard
    # pages keep the criteria per server under (id, version), so an edit is never served from an older copy.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=Q(round__isnull=True), name="rubric_one_per_category"
            ),
            models.UniqueConstraint(fields=["category", "round"], name="rubric_once_per_round"),
            models.CheckConstraint(
                condition=Q(
                    weight_infrastructure__gte=0,
                    weight_technology__gte=0,
                    weight_communication__gte=0,
                    weight_people__gte=0,
                ),
                name="rubric_weights_non_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.round_id is None:
            return f"rubric {self.category.code}"
        return f"rubric {self.category.code} round {self.round.number}"

    @property
    def weights(self) -> dict[str, int]:
        return {
            Area.INFRASTRUCTURE: self.weight_infrastructure,
            Area.TECHNOLOGY: self.weight_technology,
            Area.COMMUNICATION: self.weight_communication,
            Area.PEOPLE: self.weight_people,
        }

    @property
    def tie_break_areas(self) -> list[str]:
        return [code for code in self.tie_break_order.split(",") if code]

    def clean(self):
        if sum(self.weights.values()) != 100:
            raise ValidationError(_("The four area weights must add up to 100."))
        areas = self.tie_break_areas
        if sorted(areas) != sorted(Area.values):
            raise ValidationError({"tie_break_order": _("The tie-break order must name each of the four areas once.")})


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # Four descriptors per language, for the bands 1-3, 4-6, 7-8 and 9-10.
    descriptors_id = models.JSONField(_("descriptors (Indonesian)"), default=list)
    descriptors_en = models.JSONField(_("descriptors (English)"), default=list)

    class Meta:
        ordering = ["rubric", "area", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.area}/{self.code}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_id

    @property
    def descriptors(self) -> list[str]:
        return self.descriptors_en if _english() else self.descriptors_id


SCORE_BANDS = [(1, 3), (4, 6), (7, 8), (9, 10)]


class PanelMember(models.Model):
    """A judge sitting on a category's panel; the assigner draws from these. Without a round the judge sits in
    every round of the category; with one, in that round only (a finals panel that differs from the desk's)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="panel")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="panels")
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, null=True, blank=True, related_name="panel", verbose_name=_("round")
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["category", "judge"], condition=Q(round__isnull=True),
                                    name="panel_member_unique"),
            models.UniqueConstraint(fields=["category", "judge", "round"], name="panel_member_round_unique"),
        ]

    def __str__(self) -> str:
        if self.round_id is None:
            return f"{self.judge} on {self.category.code}"
        return f"{self.judge} on {self.category.code} (round {self.round.number})"


class Assignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["round", "entry", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class Recusal(models.Model):
    """A judge stepped away from an assigned entry; the assignment is removed, this record stays."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="recusals")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="recusals")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self) -> str:
        return f"{self.judge} recused from {self.entry}"


class ScorecardDraft(models.Model):
    """A judge's work in progress, encrypted at rest (judging.services.drafts): scores, private notes and the
    comment, readable only with a draft key from the server's environment. Visible to its judge only; deleted
    when the scorecard is sealed, and every remaining draft of an edition when the edition is sealed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="drafts")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="drafts")
    # nonce || AES-GCM(pad({"scores", "notes", "comment"})), bound to key id, round, judge and entry
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=32)  # which of settings.DRAFT_KEYS encrypted it
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="draft_unique"),
        ]

    def __str__(self) -> str:
        return f"draft #{self.pk}"


class SealedScorecard(models.Model):
    """An encrypted scorecard. Nobody can read it before the reveal; only the latest version counts."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="sealed_scorecards")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="sealed_scorecards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="sealed_scorecards")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="sealed_scorecards")
    version = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    ciphertext = models.BinaryField()
    receipt = models.CharField(max_length=64, unique=True)  # sha256(ciphertext), hex
    sealed_at = models.DateTimeField()
    is_latest = models.BooleanField(default=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "round", "entry", "judge", "version"]
        verbose_name = _("sealed scorecard")
        verbose_name_plural = _("sealed scorecards")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge", "version"], name="sealed_version_unique"),
            models.UniqueConstraint(
                fields=["round", "entry", "judge"], condition=Q(is_latest=True), name="sealed_one_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"sealed {self.receipt[:12]}"


class KeyCeremony(models.Model):
    """The edition key: public key kept, private key wrapped, wrapping key split among key holders."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="key_ceremonies")
    threshold = models.PositiveSmallIntegerField(_("shares needed (k)"), validators=[MinValueValidator(2)])
    holders_count = models.PositiveSmallIntegerField(_("key holders (n)"), validators=[MinValueValidator(2)])
    # Empty until the key is made: the organiser names the holders first, each enrols a holder key, then
    # the key is made (`made_at`) and only then can the ceremony become the active one.
    public_key = models.BinaryField(blank=True, default=b"")
    fingerprint = models.CharField(max_length=64, blank=True)
    wrapped_private_key = models.BinaryField(blank=True, default=b"")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    made_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["edition", "-created_at"]
        verbose_name = _("key ceremony")
        verbose_name_plural = _("key ceremonies")
        constraints = [
            models.UniqueConstraint(fields=["edition"], condition=Q(is_active=True), name="ceremony_one_active"),
            models.CheckConstraint(condition=Q(threshold__lte=models.F("holders_count")), name="ceremony_k_le_n"),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(made_at__isnull=False), name="ceremony_active_made"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} key {self.fingerprint[:16] or '(not made yet)'}"

    @property
    def is_made(self) -> bool:
        return self.made_at is not None


class KeyHolder(models.Model):
    ceremony = models.ForeignKey(KeyCeremony, on_delete=models.CASCADE, related_name="holders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_holdings")
    index = models.PositiveSmallIntegerField()
    # sha256("{index}|{share_hex}"), see judging.sealing; empty until the key is made.
    commitment = models.CharField(max_length=64, blank=True)
    # The holder's own X25519 public key (raw 32 bytes), enrolled before the key is made; the private half
    # never reaches the server.
    public_key = models.BinaryField(blank=True, default=b"", editable=False)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    # The holder's share, HPKE-encrypted to `public_key` (judging.sealing.share_encrypt); empty for a key
    # made before holder keys existed, whose holders keep their plain shares.
    encrypted_share = models.BinaryField(blank=True, default=b"", editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ceremony", "index"]
        verbose_name = _("key holder")
        verbose_name_plural = _("key holders")
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "index"], name="holder_index_unique"),
            models.UniqueConstraint(fields=["ceremony", "user"], name="holder_user_unique"),
        ]

    def __str__(self) -> str:
        return f"holder {self.index} of {self.ceremony}"

    @property
    def is_enrolled(self) -> bool:
        return self.enrolled_at is not None


class Seal(models.Model):
    """The commitment made when judging closes: the Merkle root over the latest receipts, and their count."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="seal")
    root = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    sealed_at = models.DateTimeField()
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")

    def __str__(self) -> str:
        return f"{self.edition.slug} {self.root[:16]}… ({self.count})"


class RoundKey(models.Model):
    """The key pair of a non-final round (the final round uses the ceremony's own key): made by the server
    from the holders' enrolled public keys, its wrapping key split like the edition key's, each share
    encrypted to its holder (RoundKeyShare)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="keys")
    ceremony = models.ForeignKey(KeyCeremony, on_delete=models.CASCADE, related_name="round_keys")
    public_key = models.BinaryField()
    fingerprint = models.CharField(max_length=64)
    wrapped_private_key = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "-made_at"]
        verbose_name = _("round key")
        verbose_name_plural = _("round keys")
        constraints = [models.UniqueConstraint(fields=["round", "ceremony"], name="round_key_once_per_ceremony")]

    def __str__(self) -> str:
        return f"{self.round} key {self.fingerprint[:16]}"


class RoundKeyShare(models.Model):
    """One holder's share of a round key, HPKE-encrypted to the holder's own key; and its commitment."""

    key = models.ForeignKey(RoundKey, on_delete=models.CASCADE, related_name="shares")
    holder = models.ForeignKey(KeyHolder, on_delete=models.CASCADE, related_name="round_shares")
    commitment = models.CharField(max_length=64)
    encrypted_share = models.BinaryField(editable=False)

    class Meta:
        ordering = ["key", "holder__index"]
        constraints = [models.UniqueConstraint(fields=["key", "holder"], name="round_share_once_per_holder")]

    def __str__(self) -> str:
        return f"share {self.holder.index} of {self.key}"


class RoundSeal(models.Model):
    """A non-final round closed: its Merkle root and count; then, after the shortlist reveal, only the
    commitment to its finalists (the set, see judging.services.shortlist) and who revealed it."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="seal")
    root = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    sealed_at = models.DateTimeField()
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shortlisted_at = models.DateTimeField(null=True, blank=True)
    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shortlist_commitment = models.CharField(max_length=64, blank=True)
    holder_indices = models.JSONField(default=list, blank=True)
    # The organisers published the finalists (public nominees page) and told each company.
    finalists_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round seal")
        verbose_name_plural = _("round seals")
        constraints = [
            models.CheckConstraint(
                condition=Q(shortlisted_at__isnull=True, shortlist_commitment="")
                | Q(shortlisted_at__isnull=False) & ~Q(shortlist_commitment=""),
                name="round_seal_shortlist_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.root[:16]}… ({self.count})"


class Finalist(models.Model):
    """An entry the shortlist reveal sent on from a round. Rows are written in alphabetical order of the
    company, so not even their ids say anything about the scores."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="finalists")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="finalist_of")

    class Meta:
        ordering = ["round", "entry__category__ceremony_order", "entry__company__legal_name", "entry_id"]
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="finalist_once_per_round")]

    def __str__(self) -> str:
        return f"{self.entry} (finalist of {self.round})"


class Reveal(models.Model):
    """Award night: the results exist. After this the edition key is no longer a secret."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="reveal")
    revealed_at = models.DateTimeField()
    revealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    holder_indices = models.JSONField(default=list)
    # The opened private key, kept only so the award-night pack can carry it for verification.
    private_key_pem = models.BinaryField()
    # The tally's complete output (results.json's body), as computed at the reveal.
    results = models.JSONField(default=dict)
    # The earlier rounds' opened private keys (round number -> PEM text), for the pack, as `private_key_pem`.
    round_keys = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("reveal")
        verbose_name_plural = _("reveals")

    def __str__(self) -> str:
        return f"{self.edition.slug} revealed"


class PackExport(models.Model):
    """One build of an edition's award-night pack: queued by an organiser, run by the background worker, with
    its progress (steps done of each stage) while it runs and how it ended. The file is
    `judging.services.pack_exports.pack_path`; a failed build leaves the previous file in place."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("pack build", "Queued")
        RUNNING = "running", pgettext_lazy("pack build", "Running")
        DONE = "done", pgettext_lazy("pack build", "Ready")
        FAILED = "failed", pgettext_lazy("pack build", "Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pack_exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    progress = models.JSONField(default=dict, blank=True)  # {"done": {stage: n}, "totals": {stage: n}}
    error = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("award-night pack build")
        verbose_name_plural = _("award-night pack builds")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"], condition=Q(status__in=["queued", "running"]),
                name="one_active_pack_export_per_edition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} pack {self.status}"


# --- Assessors and their mystery calls -----------------------------------------------------------------------

CALL_NOTES_MAX_LENGTH = 1000
# A call waits at most an hour: more is a typing mistake (seconds typed as milliseconds...).
CALL_SECONDS_MAX = 3600


class Assessor(models.Model):
    """A person who measures the finalists' service with mystery calls. Invited like a judge, signs the judges'
    agreement and declares conflicts; sees the finalists' published service numbers and their own call logs."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_roles")
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Names the assessor in the sealed logs and the pack ("Assessor 01").
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "pseudonym"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="assessor_once_per_edition"),
            models.UniqueConstraint(fields=["edition", "pseudonym"], name="assessor_pseudonym_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.edition.slug})"

    @property
    def pseudonym_shown(self) -> str:
        """The pseudonym in the reader's language ("Asesor 01"); the stored one is sealed into the logs."""
        match = re.fullmatch(r"Assessor (\d+)", self.pseudonym)
        if match is None:
            return self.pseudonym
        return pgettext("assessor pseudonym", "Assessor %(number)s") % {"number": match.group(1)}


class AssessorConflict(models.Model):
    """An assessor's declared conflict with a company: no call log for its entries."""

    assessor = models.ForeignKey(Assessor, on_delete=models.CASCADE, related_name="conflicts")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessor_conflicts")
    relation = models.CharField(_("relation"), max_length=20, choices=ConflictDeclaration.Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessor", "company"]
        verbose_name = _("assessor's conflict of interest")
        verbose_name_plural = _("assessors' conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["assessor", "company"], name="assessor_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.assessor} × {self.company}"


class CallLog(models.Model):
    """One mystery call, sealed on submit exactly like a scorecard (judging.services.call_logs): the row holds
    only the ciphertext to the final round's key and its receipt; the final round's seal commits to it."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("E-mail")
        CHAT = "chat", _("Chat")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="call_logs")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="call_logs")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="call_logs")
    assessor = models.ForeignKey(Assessor, on_delete=models.PROTECT, related_name="call_logs")
    # The assessor's n-th call to this entry (from 1): part of the sealed binding.
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1000)])
    ciphertext = models.BinaryField()
    receipt = models.CharField(max_length=64, unique=True)  # sha256(ciphertext), hex
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "entry", "assessor", "number"]
        verbose_name = _("sealed call log")
        verbose_name_plural = _("sealed call logs")
        constraints = [
            models.UniqueConstraint(fields=["round", "assessor", "entry", "number"], name="call_log_number_unique"),
        ]

    def __str__(self) -> str:
        return f"call log {self.receipt[:12]}"
