"""The edition key: naming the holders, their holder keys, making the key, share checks; opening judging.

The organiser names n key holders and k (`key_ceremony_begin`); each holder enrols an X25519 public key
of their own, made on their own device (`holder_key_enrol`); then the key is made (`key_ceremony_make`).
The server keeps the public key, its fingerprint, the wrapped private key, and per holder the commitment
and the share HPKE-encrypted to the holder's key. No plaintext share is ever stored: a copy of the
database, files and settings opens nothing. A holder's key file opens their share in memory only, for a
share check or the reveal. A lost key file is a lost share: while no scorecard is sealed the edition can
be re-keyed (`rekey_refusal`); after that, losing more than n - k loses the results.
"""

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards.audit import audit_append
from awards.communications import Rendered, joined, language_or_both
from awards.eligibility import review_problems
from awards.models import Edition, Entry
from awards.selectors import user_language
from awards.services.editions import edition_transition
from awards.services.outbox import outbox_queue
from judging import sealing
from judging.models import KeyCeremony, KeyHolder, Round, Rubric, SealedScorecard
from judging.selectors.keys import key_ceremony_active
from judging.services.rounds import round_keys_make, round_keys_problems

DEFAULT_HOLDERS = 3
DEFAULT_THRESHOLD = 2


def rekey_refusal(*, edition: Edition) -> str | None:
    """Why the edition cannot get a new key now, or None if it can."""
    if not edition.phase.rekey_allowed:
        return _("The judging is closed: the edition key can no longer change.")
    if SealedScorecard.objects.filter(edition=edition).exists():
        return _(
            "Scorecards are already sealed to the current key, so the edition cannot be re-keyed. "
            "Keep the shares safe: losing more than n - k of them loses the results."
        )
    return None


def _holders_validate(users: list, holders: list, threshold: int) -> None:
    if len(users) != len(holders):
        raise ValidationError(_("Each key holder may appear only once."))
    if not 2 <= threshold <= len(users):
        raise ValidationError(_("The threshold k must be at least 2 and at most the number of key holders n."))
    if len(users) - threshold < 1:
        raise ValidationError(
            _("Keep at least one spare key holder (n - k must be at least 1): otherwise one lost share loses "
              "the results.")
        )


def _locked_edition(edition: Edition) -> Edition:
    """The edition row, locked, if it may still get a new key (ValidationError otherwise)."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    refusal = rekey_refusal(edition=locked)
    if refusal:
        raise ValidationError(refusal)
    return locked


def key_ceremony_begin(*, edition: Edition, holders: list, threshold: int, actor, invite: bool = True) -> KeyCeremony:
    """Name the key holders (users, in share order) and k: each holder then enrols a holder key of their own.

    The key itself is made by `key_ceremony_make` once every holder has enrolled; until then the current key
    (if any) stays active. Naming holders again replaces a ceremony whose key is not made yet.
    """
    users = list(dict.fromkeys(holders))
    _holders_validate(users, holders, threshold)
    with transaction.atomic():
        edition = _locked_edition(edition)
        unmade = KeyCeremony.objects.filter(edition=edition, made_at__isnull=True)
        replaced = [ceremony.pk for ceremony in unmade]
        unmade.delete()
        ceremony = KeyCeremony(
            edition=edition,
            threshold=threshold,
            holders_count=len(users),
            is_active=False,
            made_at=None,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        ceremony.full_clean(exclude=["created_by"])  # None when run from the command line
        ceremony.save()
        rows = []
        for index, user in enumerate(users, start=1):
            holder = KeyHolder(ceremony=ceremony, user=user, index=index)
            holder.full_clean()
            holder.save()
            rows.append(holder)
        audit_append(
            action="keys.holders_named",
            actor=actor,
            edition=edition,
            payload={
                "ceremony": ceremony.pk,
                "threshold": threshold,
                "holders": [{"index": h.index, "user": h.user.get_username()} for h in rows],
                "replaced_unmade": replaced,
            },
        )
        if invite:
            holder_ids = [holder.pk for holder in rows]
            key_holders_invite(ceremony=ceremony, holder_ids=holder_ids)
    return ceremony


@sensitive_variables("public_key_text")
def holder_key_enrol(*, holding: KeyHolder, public_key_text: str, actor) -> KeyHolder:
    """Keep the holder's own public key (the private key stays with the holder). Allowed, and may be
    repeated (a key file lost before the key is made is simply replaced), until the key is made."""
    try:
        public_key = sealing.holder_public_key_parse(public_key_text)
    except sealing.KeyFormatError as error:
        raise ValidationError(
            _("This is not a holder public key: it is 44 characters of base64 (or 64 hexadecimal characters).")
        ) from error
    with transaction.atomic():
        holding = KeyHolder.objects.select_for_update().select_related("ceremony__edition").get(pk=holding.pk)
        if holding.ceremony.is_made:
            raise ValidationError(
                _("The edition key is already made: holder keys can no longer change. If your key file is lost, "
                  "tell the organisers.")
            )
        if holding.ceremony.holders.exclude(pk=holding.pk).filter(public_key=public_key).exists():
            raise ValidationError(_("Another key holder enrolled this same key: make a key of your own."))
        holding.public_key = public_key
        holding.enrolled_at = timezone.now()
        holding.full_clean()
        holding.save(update_fields=["public_key", "enrolled_at"])
        audit_append(
            action="keys.holder_enrolled",
            actor=actor,
            edition=holding.ceremony.edition,
            payload={"ceremony": holding.ceremony_id, "index": holding.index,
                     "holder_key": sealing.fingerprint_of(public_key)},
        )
    return holding


@sensitive_variables("result", "encrypted")
def key_ceremony_make(*, ceremony: KeyCeremony, actor, notify: bool = True) -> KeyCeremony:
    """Make the edition key once every named holder has enrolled a holder key.

    Each share is encrypted to its holder's key (HPKE, `info` = edition|fingerprint|index) and only the
    ciphertexts and the commitments are stored: the plaintext shares live in this call's memory only.
    The ceremony becomes the edition's active key; the previous one stops working.
    """
    with transaction.atomic():
        edition = _locked_edition(ceremony.edition)
        ceremony = KeyCeremony.objects.select_for_update().get(pk=ceremony.pk)
        if ceremony.is_made:
            raise ValidationError(_("This edition key is already made."))
        holders = list(ceremony.holders.select_related("user").order_by("index"))
        waiting = [holder for holder in holders if not holder.is_enrolled]
        if waiting:
            raise ValidationError(
                _("%(count)d key holder(s) have not enrolled their holder key yet.") % {"count": len(waiting)}
            )
        try:
            result = sealing.ceremony_create(holders=len(holders), threshold=ceremony.threshold)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        active = KeyCeremony.objects.filter(edition=edition, is_active=True)
        replaced = list(active.values_list("fingerprint", flat=True))
        active.update(is_active=False)
        ceremony.public_key = result.public_key
        ceremony.fingerprint = result.fingerprint
        ceremony.wrapped_private_key = result.wrapped_private_key
        ceremony.made_at = timezone.now()
        ceremony.is_active = True
        ceremony.full_clean(exclude=["created_by"])
        ceremony.save()
        for holder, share, commitment in zip(holders, result.shares, result.commitments, strict=True):
            encrypted = sealing.share_encrypt(
                share=share, holder_public_key=bytes(holder.public_key), edition=edition.slug,
                fingerprint=result.fingerprint,
            )
            holder.commitment = commitment
            holder.encrypted_share = encrypted.ciphertext
            holder.full_clean()
            holder.save(update_fields=["commitment", "encrypted_share"])
        # A key made again while judging runs (no scorecard sealed yet) needs new keys for the earlier rounds too.
        round_keys_make(edition=edition, ceremony=ceremony, actor=actor)
        audit_append(
            action="keys.created",
            actor=actor,
            edition=edition,
            payload={
                "fingerprint": ceremony.fingerprint,
                "threshold": ceremony.threshold,
                "holders": [
                    {"index": h.index, "user": h.user.get_username(),
                     "holder_key": sealing.fingerprint_of(bytes(h.public_key))}
                    for h in holders
                ],
                "replaced": replaced,
            },
        )
        if notify:
            holder_ids = [holder.pk for holder in holders]
            key_holders_notify(ceremony=ceremony, holder_ids=holder_ids)
    return ceremony


def key_ceremony_create(
    *, edition: Edition, holders: list, threshold: int, actor, holder_public_keys: list
) -> tuple[KeyCeremony, list[tuple[KeyHolder, sealing.EncryptedShare]]]:
    """The whole ceremony at once, for holders whose public keys are already known (`manage.py keygen`,
    the demo): name them, enrol their keys, make the key. Returns each holder with its encrypted share."""
    if len(holder_public_keys) != len(holders):
        raise ValidationError(_("Give one holder public key per key holder."))
    with transaction.atomic():
        ceremony = key_ceremony_begin(edition=edition, holders=holders, threshold=threshold, actor=actor,
                                      invite=False)
        for holding, key in zip(ceremony.holders.order_by("index"), holder_public_keys, strict=True):
            text = key.hex() if isinstance(key, bytes) else key
            holder_key_enrol(holding=holding, public_key_text=text, actor=actor)
        ceremony = key_ceremony_make(ceremony=ceremony, actor=actor, notify=False)
        handed_out = [(holder, encrypted_share_of(holding=holder)) for holder in ceremony.holders.select_related(
            "user", "ceremony__edition").order_by("index")]
    return ceremony, handed_out


def encrypted_share_of(*, holding: KeyHolder) -> sealing.EncryptedShare | None:
    """The holder's stored encrypted share (None for a key made before holder keys)."""
    if not holding.encrypted_share:
        return None
    ceremony = holding.ceremony
    return sealing.EncryptedShare(
        edition=ceremony.edition.slug, fingerprint=ceremony.fingerprint, index=holding.index,
        holder_key=sealing.fingerprint_of(bytes(holding.public_key)), ciphertext=bytes(holding.encrypted_share),
    )


def _mail(holder: KeyHolder, write: Callable[[], tuple[str, str]], *, kind: str) -> None:
    """Queue a key holder's e-mail in the outbox, in the transaction of the ceremony step it tells of: ``write()``
    gives its subject and body in the active language, run in the holder's language, or in Indonesian then English
    when the holder has not said."""
    language = language_or_both(user_language(user=holder.user))
    rendered = {}
    for code in language.split("+"):
        with translation.override(code):
            subject, body = write()
        rendered[code] = Rendered(subject=subject, body=body)
    mail = joined(rendered)
    outbox_queue(kind=kind, to=holder.user.email, subject=mail.subject, body=mail.body,
                 edition=holder.ceremony.edition, language=language)


def key_holders_invite(*, ceremony: KeyCeremony, holder_ids: list[int]) -> None:
    """Ask each named key holder to enrol a holder key of their own (the e-mail carries no secret)."""
    site = settings.SITE_URL.rstrip("/")
    for holder in KeyHolder.objects.filter(pk__in=holder_ids).select_related("user__profile", "ceremony__edition"):
        url = site + reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk})
        _mail(holder, partial(_invitation_text, holder=holder, ceremony=ceremony, url=url), kind="keys.holder_invited")


def _invitation_text(*, holder: KeyHolder, ceremony: KeyCeremony, url: str) -> tuple[str, str]:
    subject = _("You are a key holder for %(edition)s: enrol your key") % {"edition": ceremony.edition.name}
    body = _(
        "You are key holder %(index)d of %(n)d for %(edition)s; %(k)d key holders together open the results "
        "on award night.\n\nBefore the edition key is made, enrol a holder key of your own: your browser "
        "makes it and saves the private key as a file that only you keep; the server receives only the "
        "public key.\n%(url)s\n\nThe edition key is made once every key holder has enrolled."
    ) % {
        "index": holder.index,
        "n": ceremony.holders_count,
        "k": ceremony.threshold,
        "edition": ceremony.edition.name,
        "url": url,
    }
    return subject, body


def key_holders_notify(*, ceremony: KeyCeremony, holder_ids: list[int]) -> None:
    """Tell each key holder the key is made and their share is encrypted to their key (no secret is sent)."""
    site = settings.SITE_URL.rstrip("/")
    for holder in KeyHolder.objects.filter(pk__in=holder_ids).select_related("user__profile", "ceremony__edition"):
        url = site + reverse("judging:share_check")
        _mail(holder, partial(_key_made_text, holder=holder, ceremony=ceremony, url=url), kind="keys.key_made")


def _key_made_text(*, holder: KeyHolder, ceremony: KeyCeremony, url: str) -> tuple[str, str]:
    subject = _("The edition key of %(edition)s is made") % {"edition": ceremony.edition.name}
    body = _(
        "The edition key of %(edition)s is made. Your share %(index)d of %(n)d is encrypted to your holder "
        "key: only your key file opens it. Check it now with your key file, and bring the file to award "
        "night:\n%(url)s\n\nEdition key fingerprint: %(fingerprint)s"
    ) % {
        "index": holder.index,
        "n": ceremony.holders_count,
        "edition": ceremony.edition.name,
        "url": url,
        "fingerprint": sealing.fingerprint_display(ceremony.fingerprint),
    }
    return subject, body


@sensitive_variables("text", "material", "share")
def share_open(*, holding: KeyHolder, text: str) -> sealing.Share:
    """The holder's share from what they brought: a plain share, or their key file (the stored encrypted
    share is opened in memory). Raises ``sealing.ShareFormatError`` for an unreadable plain share and
    ValidationError (translated) for a key file that does not open this holder's share."""
    material = holder_material_read(text=text)
    if material.share is not None:
        return material.share
    return _share_decrypt(holding=holding, material=material)


def holder_material_read(*, text: str) -> sealing.HolderMaterial:
    """Parse a holder's text; ``ShareFormatError`` passes through, a damaged key file is a ValidationError."""
    try:
        return sealing.holder_material_parse(text)
    except sealing.KeyFormatError as error:
        raise ValidationError(_("This key file cannot be read: it is damaged or not a holder key file.")) from error


@sensitive_variables("material")
def _share_decrypt(*, holding: KeyHolder, material: sealing.HolderMaterial) -> sealing.Share:
    if material.private_key is None:
        raise ValidationError(
            _("This is an encrypted share: it opens only with its holder key file. Give the key file (or one "
              "file holding both).")
        )
    encrypted = encrypted_share_of(holding=holding)
    if encrypted is None:
        raise ValidationError(
            _("This key was made before holder keys: its shares were handed out in plain text. Give the share.")
        )
    try:
        return sealing.share_decrypt(encrypted=encrypted, private_key=material.private_key)
    except sealing.HolderKeyError as error:
        raise ValidationError(
            _("This key file does not open the share of key holder %(index)d: it is not the holder key enrolled "
              "for this share.") % {"index": holding.index}
        ) from error


def holder_for_material(*, ceremony: KeyCeremony, material: sealing.HolderMaterial) -> KeyHolder | None:
    """The ceremony's holder a key file (or encrypted share) belongs to, by the holder key's fingerprint."""
    wanted = material.holder_key
    for holder in ceremony.holders.select_related("user", "ceremony__edition"):
        if holder.public_key and sealing.fingerprint_of(bytes(holder.public_key)) == wanted:
            return holder
    return None


@sensitive_variables("text", "share")
def share_check(*, holding: KeyHolder, text: str, actor) -> bool:
    """Whether the share (given as is, or opened with the holder's key file) matches the holder's
    commitment. Nothing given is stored; a key file that does not open the share changes nothing."""
    try:
        share = share_open(holding=holding, text=text)
    except sealing.SealingError as error:
        raise ValidationError(str(error)) from error
    matches = share.index == holding.index and sealing.share_matches_commitment(
        share=share, commitment=holding.commitment
    )
    with transaction.atomic():
        if matches:
            KeyHolder.objects.filter(pk=holding.pk).update(last_checked_at=timezone.now())
        audit_append(
            action="keys.share_checked",
            actor=actor,
            edition=holding.ceremony.edition,
            payload={"fingerprint": holding.ceremony.fingerprint, "index": holding.index, "matches": matches},
        )
    return matches


def judging_open_problems(*, edition: Edition) -> list[str]:
    """What stops judging from opening, one sentence each (empty when it may open)."""
    problems = []
    if not edition.phase.judging_can_open:
        problems.append(
            _("Judging opens from the registration state; the edition is in “%(state)s”.")
            % {"state": edition.get_state_display()}
        )
    if timezone.now() < edition.judging_opens:
        problems.append(
            _("The timeline opens judging on %(date)s; to open it earlier, move the date on the timeline page.")
            % {"date": formats.date_format(timezone.localtime(edition.judging_opens), "j F Y, H:i")}
        )
    unmade = KeyCeremony.objects.filter(edition=edition, made_at__isnull=True).first()
    if unmade is not None:
        waiting = unmade.holders.filter(enrolled_at__isnull=True).count()
        if waiting:
            problems.append(
                _("%(count)d key holder(s) have not enrolled their holder key yet.") % {"count": waiting}
            )
        else:
            problems.append(_("Every key holder has enrolled: make the edition key."))
    elif key_ceremony_active(edition=edition) is None:
        problems.append(_("No key ceremony has been held: name the key holders first."))
    categories = (
        Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
        .values_list("category_id", "category__code")
        .distinct()
    )
    with_rubric = set(
        Rubric.objects.filter(category__edition=edition, criteria__isnull=False).values_list("category_id", flat=True)
    )
    missing = sorted({code for pk, code in categories if pk not in with_rubric})
    if missing:
        problems.append(_("These categories have entries but no rubric: %(codes)s.") % {"codes": ", ".join(missing)})
    problems.extend(round_keys_problems(edition=edition, ceremony=key_ceremony_active(edition=edition)))
    problems.extend(review_problems(edition=edition))
    return problems


def edition_open_judging(*, edition: Edition, actor) -> Edition:
    """registration → judging, after the judging checks; creates the final round if there is none and the
    keys of the earlier rounds. From here the rounds are frozen."""
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        problems = judging_open_problems(edition=locked)
        if problems:
            raise ValidationError(problems)
        if not Round.objects.filter(edition=locked, is_final=True).exists():
            number = (Round.objects.filter(edition=locked).order_by("-number").values_list("number", flat=True)
                      .first() or 0) + 1
            final = Round(edition=locked, number=number, name=_("Final round"), is_final=True)
            final.full_clean()
            final.save()
        # Each earlier round gets its own key pair, its shares encrypted to the holders' enrolled keys.
        round_keys_make(edition=locked, ceremony=key_ceremony_active(edition=locked), actor=actor)
        edition_transition(edition=locked, to_state=Edition.State.JUDGING, actor=actor)
    edition.state = locked.state
    return locked


@sensitive_variables("text", "material")
def share_check_for_edition(*, edition: Edition, text: str, actor) -> tuple[KeyHolder, bool]:
    """For the command line: find the holder by the share's index, or by the key file's holder key, in the
    active ceremony, then check it."""
    ceremony = key_ceremony_active(edition=edition)
    if ceremony is None:
        raise ValidationError(_("The edition has no active key."))
    try:
        material = holder_material_read(text=text)
    except sealing.SealingError as error:
        raise ValidationError(str(error)) from error
    if material.share is not None:
        holding = ceremony.holders.select_related("ceremony__edition").filter(index=material.share.index).first()
        if holding is None:
            raise ValidationError(
                _("No key holder of this edition has the share number %(index)d.") % {"index": material.share.index}
            )
    else:
        holding = holder_for_material(ceremony=ceremony, material=material)
        if holding is None:
            raise ValidationError(_("This holder key belongs to no key holder of this edition's current key."))
    return holding, share_check(holding=holding, text=text, actor=actor)
