"""The edition key: the key ceremony, each holder's one-time share, share checks; opening judging.

The server keeps the public key, its fingerprint, the wrapped private key and one commitment per
holder. A holder's share waits in `KeyHolder.pending_share` only until its holder views it once (or is
written straight to a file by `manage.py keygen`); judging cannot open while a share is uncollected, so
no share is on the server once a scorecard can be sealed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards.audit import audit_append
from awards.models import Edition, Entry
from awards.services.editions import edition_transition
from judging import sealing
from judging.models import KeyCeremony, KeyHolder, Round, Rubric, SealedScorecard

DEFAULT_HOLDERS = 3
DEFAULT_THRESHOLD = 2


def rekey_refusal(edition: Edition) -> str | None:
    """Why the edition cannot get a new key now, or None if it can."""
    if not edition.phase.rekey_allowed:
        return _("The judging is closed: the edition key can no longer change.")
    if SealedScorecard.objects.filter(edition=edition).exists():
        return _(
            "Scorecards are already sealed to the current key, so the edition cannot be re-keyed. "
            "Keep the shares safe: losing more than n - k of them loses the results."
        )
    return None


@sensitive_variables("result", "handed_out")
def key_ceremony_create(
    *, edition: Edition, holders: list, threshold: int, actor, shares_delivered: bool = False
) -> tuple[KeyCeremony, list[tuple[KeyHolder, str]]]:
    """Make the edition key and split it among the holders (users, in the order given).

    Returns the ceremony and each holder with its share text. Unless `shares_delivered` (the caller writes
    them out at once, as `manage.py keygen` does), each share waits for its holder to view it once.
    """
    users = list(dict.fromkeys(holders))
    if len(users) != len(holders):
        raise ValidationError(_("Each key holder may appear only once."))
    if not 2 <= threshold <= len(users):
        raise ValidationError(_("The threshold k must be at least 2 and at most the number of key holders n."))
    if len(users) - threshold < 1:
        raise ValidationError(
            _("Keep at least one spare key holder (n - k must be at least 1): otherwise one lost share loses "
              "the results.")
        )
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        refusal = rekey_refusal(edition)
        if refusal:
            raise ValidationError(refusal)
        try:
            result = sealing.ceremony_create(holders=len(users), threshold=threshold)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        active = KeyCeremony.objects.filter(edition=edition, is_active=True)
        replaced = list(active.values_list("fingerprint", flat=True))
        active.update(is_active=False)
        ceremony = KeyCeremony(
            edition=edition,
            threshold=threshold,
            holders_count=len(users),
            public_key=result.public_key,
            fingerprint=result.fingerprint,
            wrapped_private_key=result.wrapped_private_key,
            is_active=True,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        ceremony.full_clean(exclude=["created_by"])  # None when run from the command line
        ceremony.save()
        now = timezone.now()
        handed_out = []
        for user, share, commitment, text in zip(
            users, result.shares, result.commitments, result.share_texts, strict=True
        ):
            holder = KeyHolder(
                ceremony=ceremony,
                user=user,
                index=share.index,
                commitment=commitment,
                pending_share="" if shares_delivered else text,
                share_shown_at=now if shares_delivered else None,
            )
            holder.full_clean()
            holder.save()
            handed_out.append((holder, text))
        audit_append(
            action="keys.created",
            actor=actor,
            edition=edition,
            payload={
                "fingerprint": ceremony.fingerprint,
                "threshold": threshold,
                "holders": [{"index": h.index, "user": h.user.get_username()} for h, _text in handed_out],
                "replaced": replaced,
            },
        )
        if not shares_delivered:
            holder_ids = [holder.pk for holder, _text in handed_out]
            transaction.on_commit(lambda: key_holders_notify(ceremony=ceremony, holder_ids=holder_ids))
    return ceremony, handed_out


def key_holders_notify(*, ceremony: KeyCeremony, holder_ids: list[int]) -> None:
    """Tell each new key holder where to collect their share (the e-mail never carries the share)."""
    holders = KeyHolder.objects.filter(pk__in=holder_ids).select_related("user")
    site = settings.SITE_URL.rstrip("/")
    for holder in holders:
        url = site + reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk})
        subject = _("You are a key holder for %(edition)s") % {"edition": ceremony.edition.name}
        body = _(
            "You hold share %(index)d of %(n)d of the edition key of %(edition)s; %(k)d shares together open the "
            "results on award night.\n\nCollect your share once, print it or save it, and keep it offline:\n"
            "%(url)s\n\nThe share is shown only once. Edition key fingerprint: %(fingerprint)s"
        ) % {
            "index": holder.index,
            "n": ceremony.holders_count,
            "k": ceremony.threshold,
            "edition": ceremony.edition.name,
            "url": url,
            "fingerprint": sealing.fingerprint_display(ceremony.fingerprint),
        }
        send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [holder.user.email])


@sensitive_variables("text")
def share_reveal(*, holding: KeyHolder, actor) -> str | None:
    """Hand the holder their share, once: returns its text and forgets it; None if it was already shown."""
    with transaction.atomic():
        holding = KeyHolder.objects.select_for_update().select_related("ceremony__edition").get(pk=holding.pk)
        if holding.share_shown_at is not None or not holding.pending_share:
            return None
        text = holding.pending_share
        holding.pending_share = ""
        holding.share_shown_at = timezone.now()
        holding.save(update_fields=["pending_share", "share_shown_at"])
        audit_append(
            action="keys.share_viewed",
            actor=actor,
            edition=holding.ceremony.edition,
            payload={"fingerprint": holding.ceremony.fingerprint, "index": holding.index},
        )
    return text


@sensitive_variables("text", "share")
def share_check(*, holding: KeyHolder, text: str, actor) -> bool:
    """Whether the share matches the holder's commitment. The share itself is never stored."""
    try:
        share = sealing.share_parse(text)
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


def judging_open_problems(edition: Edition) -> list[str]:
    """What stops judging from opening, one sentence each (empty when it may open)."""
    problems = []
    if not edition.phase.judging_can_open:
        problems.append(
            _("Judging opens from the registration state; the edition is in “%(state)s”.")
            % {"state": edition.get_state_display()}
        )
    ceremony = KeyCeremony.objects.filter(edition=edition, is_active=True).first()
    if ceremony is None:
        problems.append(_("No key ceremony has been held: create the edition key first."))
    else:
        waiting = ceremony.holders.filter(share_shown_at__isnull=True).count()
        if waiting:
            problems.append(
                _("%(count)d key holder(s) have not collected their share yet.") % {"count": waiting}
            )
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
    return problems


def edition_open_judging(*, edition: Edition, actor) -> Edition:
    """registration → judging, after the judging checks; creates the final round if there is none."""
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        problems = judging_open_problems(locked)
        if problems:
            raise ValidationError(problems)
        if not Round.objects.filter(edition=locked, is_final=True).exists():
            number = (Round.objects.filter(edition=locked).order_by("-number").values_list("number", flat=True)
                      .first() or 0) + 1
            final = Round(edition=locked, number=number, name=_("Final round"), is_final=True)
            final.full_clean()
            final.save()
        edition_transition(edition=locked, to_state=Edition.State.JUDGING, actor=actor)
    edition.state = locked.state
    return locked


@sensitive_variables("text", "share")
def share_check_for_edition(*, edition: Edition, text: str, actor) -> tuple[KeyHolder, bool]:
    """For the command line: find the holder by the share's index in the active ceremony, then check it."""
    try:
        share = sealing.share_parse(text)
    except sealing.SealingError as error:
        raise ValidationError(str(error)) from error
    ceremony = KeyCeremony.objects.filter(edition=edition, is_active=True).first()
    if ceremony is None:
        raise ValidationError(_("The edition has no active key."))
    holding = ceremony.holders.select_related("ceremony__edition").filter(index=share.index).first()
    if holding is None:
        raise ValidationError(
            _("No key holder of this edition has the share number %(index)d.") % {"index": share.index}
        )
    return holding, share_check(holding=holding, text=text, actor=actor)
