"""Key ceremony pages: the organiser's keys page, a holder's one-time share, the share check; opening judging."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import Edition
from awards.permissions import ORGANISER_GROUP
from judging.forms.keys import KeyCeremonyForm, ShareCheckForm
from judging.models import KeyCeremony, KeyHolder
from judging.permissions import key_holding_for, require_judging_organiser
from judging.sealing import fingerprint_display
from judging.services.keys import (
    edition_open_judging,
    judging_open_problems,
    key_ceremony_create,
    rekey_refusal,
    share_check,
    share_reveal,
)


def _organisers():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=ORGANISER_GROUP))
        .distinct()
        .order_by("email")
    )


@login_required
@require_http_methods(["GET", "POST"])
def keys(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    ceremony = KeyCeremony.objects.filter(edition=edition, is_active=True).first()
    holders = list(ceremony.holders.select_related("user").order_by("index")) if ceremony else []
    refusal = rekey_refusal(edition)
    form = KeyCeremonyForm(request.POST or None, organiser_queryset=_organisers())
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("judging:keys", slug=edition.slug)
        if form.is_valid():
            try:
                ceremony, _handed = key_ceremony_create(
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
                    _("The edition key is made. Each key holder must now open their share page once and keep "
                      "the share safe."),
                )
                return redirect("judging:keys", slug=edition.slug)
    return render(
        request,
        "judging/keys/keys.html",
        {
            "edition": edition,
            "ceremony": ceremony,
            "fingerprint": fingerprint_display(ceremony.fingerprint) if ceremony else "",
            "holders": holders,
            "spare": (ceremony.holders_count - ceremony.threshold) if ceremony else None,
            "refusal": refusal,
            "form": form,
            "problems": judging_open_problems(edition),
            "can_open": edition.phase.judging_can_open,
        },
    )


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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_variables("share_text")
def my_share(request, ceremony_id):
    holding = key_holding_for(request.user, ceremony_id)
    context = {"holding": holding, "ceremony": holding.ceremony, "edition": holding.ceremony.edition,
               "fingerprint": fingerprint_display(holding.ceremony.fingerprint)}
    if request.method == "POST":
        share_text = share_reveal(holding=holding, actor=request.user)
        if share_text is not None:
            context["share_text"] = share_text
            context["file_name"] = f"{holding.ceremony.edition.slug}-share-{holding.index}.txt"
            response = render(request, "judging/keys/share_shown.html", context)
            response["Cache-Control"] = "no-store"
            return response
        holding.refresh_from_db()
    return render(request, "judging/keys/my_share.html", context)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def share_check_view(request):
    holdings = KeyHolder.objects.filter(user=request.user, ceremony__is_active=True).select_related(
        "ceremony__edition"
    )
    if not holdings.exists():
        raise PermissionDenied
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
        request, "judging/keys/share_check.html", {"form": form, "result": result, "holdings": list(holdings)}
    )
