"""The secret: key ceremonies and their holders, round keys and shares, the seals and the reveal."""


from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Edition
from judging.models.rounds import Round


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
