"""Key ceremony pages: the organiser's keys page (name the holders, make the key), a holder's page (enrol a
holder key), the share check; opening judging."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import Edition
from awards.permissions import organiser_users
from judging.forms.keys import HolderKeyEnrolForm, KeyCeremonyForm, ShareCheckForm
from judging.models import KeyCeremony
from judging.permissions import is_key_holder, key_holding_for, require_judging_organiser
from judging.sealing import fingerprint_display, fingerprint_of
from judging.selectors.keys import key_ceremony_active, key_ceremony_unmade, key_holdings_active, key_holdings_unmade
from judging.services.keys import (
    edition_open_judging,
    encrypted_share_of,
    holder_key_enrol,
    judging_open_problems,
    key_ceremony_begin,
    key_ceremony_make,
    rekey_refusal,
    share_check,
)


def _holder_rows(ceremony):
    if ceremony is None:
        return []
    rows = []
    for holder in ceremony.holders.select_related("user").order_by("index"):
        key = fingerprint_display(fingerprint_of(bytes(holder.public_key)))[:19] if holder.is_enrolled else ""
        rows.append({"holder": holder, "holder_key": key})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def keys(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    ceremony = key_ceremony_active(edition=edition)
    unmade = key_ceremony_unmade(edition=edition)
    refusal = rekey_refusal(edition=edition)
    form = KeyCeremonyForm(request.POST or None, organiser_queryset=organiser_users())
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("judging:keys", slug=edition.slug)
        if form.is_valid():
            try:
                key_ceremony_begin(
                    edition=edition,
                    holders=form.cleaned_data["holders"],
                    threshold=form.cleaned_data["threshold"],
                    actor=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The key holders are named and invited by e-mail. Each one now enrols a holder key of their "
                      "own; then make the edition key here."),
                )
                return redirect("judging:keys", slug=edition.slug)
    holders_unmade = _holder_rows(unmade)
    return render(
        request,
        "judging/keys/keys.html",
        {
            "edition": edition,
            "ceremony": ceremony,
            "fingerprint": fingerprint_display(ceremony.fingerprint) if ceremony else "",
            "holders": _holder_rows(ceremony),
            "spare": (ceremony.holders_count - ceremony.threshold) if ceremony else None,
            "unmade": unmade,
            "holders_unmade": holders_unmade,
            "can_make": bool(unmade) and all(row["holder"].is_enrolled for row in holders_unmade),
            "refusal": refusal,
            "form": form,
            "problems": judging_open_problems(edition=edition),
            "can_open": edition.phase.judging_can_open,
        },
    )


@login_required
@require_POST
def keys_make(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    unmade = get_object_or_404(KeyCeremony, edition=edition, made_at__isnull=True)
    try:
        key_ceremony_make(ceremony=unmade, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The edition key is made. Each share is encrypted to its holder's key; the server keeps no share."),
        )
    return redirect("judging:keys", slug=edition.slug)


@login_required
@require_POST
def open_judging(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    try:
        edition_open_judging(edition=edition, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Judging is open. Judges can now read and score their entries."))
    return redirect("judging:keys", slug=edition.slug)


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_share(request, ceremony_id):
    """A key holder's page for one ceremony: enrol a holder key (before the key is made), then its state."""
    holding = key_holding_for(request.user, ceremony_id)
    ceremony = holding.ceremony
    form = None
    if not ceremony.is_made:
        form = HolderKeyEnrolForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                holder_key_enrol(holding=holding, public_key_text=form.cleaned_data["public_key"], actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your holder key is enrolled. Keep the key file safe and offline."))
                return redirect("judging:my_share", ceremony_id=ceremony.pk)
    elif request.method == "POST":
        messages.error(request, _("The edition key is already made: holder keys can no longer change."))
        return redirect("judging:my_share", ceremony_id=ceremony.pk)
    encrypted = encrypted_share_of(holding=holding) if ceremony.is_made else None
    context = {
        "holding": holding,
        "ceremony": ceremony,
        "edition": ceremony.edition,
        "fingerprint": fingerprint_display(ceremony.fingerprint) if ceremony.is_made else "",
        "holder_key": fingerprint_display(fingerprint_of(bytes(holding.public_key))) if holding.is_enrolled else "",
        "form": form,
        "key_file_name": f"{ceremony.edition.slug}-holder-key-{holding.index}.txt",
        "encrypted_share_text": encrypted.to_text() if encrypted else "",
        "encrypted_file_name": f"{ceremony.edition.slug}-share-{holding.index}.txt",
        "spare": ceremony.holders_count - ceremony.threshold,
        "rekey_refusal": rekey_refusal(edition=ceremony.edition),
    }
    return render(request, "judging/keys/my_share.html", context)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def share_check_view(request):
    if not is_key_holder(request.user):
        raise PermissionDenied
    holdings = key_holdings_active(user=request.user)
    unmade = key_holdings_unmade(user=request.user)
    form = ShareCheckForm(request.POST or None, request.FILES or None, holdings=holdings)
    result = None
    if request.method == "POST" and form.is_valid():
        holding = form.cleaned_data["holding"]
        try:
            result = share_check(holding=holding, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ShareCheckForm(holdings=holdings, initial={"holding": holding})
    return render(
        request,
        "judging/keys/share_check.html",
        {"form": form, "result": result, "holdings": list(holdings), "unmade": list(unmade)},
    )
