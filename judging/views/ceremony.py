"""The seal button, the public commitment, judges' inclusion proofs and the reveal ceremony page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from awards.models import Edition
from awards.permissions import is_organiser
from judging.forms.ceremony import RevealForm, SealForm
from judging.permissions import get_edition_for_ceremony, judge_for, require_judging_organiser
from judging.sealing import fingerprint_display
from judging.selectors.keys import key_ceremony_active
from judging.selectors.results import edition_key_fingerprint, receipts_of_judge, seal_of
from judging.selectors.rounds import earlier_round_seals
from judging.selectors.scorecards import receipt_is_judges
from judging.services.reveal import RevealError, edition_reveal
from judging.services.seal import edition_seal, receipt_inclusion_proof
from judging.services.verification import verify_command


@require_GET
def commitment(request, slug):
    """Anyone may see the commitment once the edition is sealed; before, there is nothing to see."""
    edition = get_object_or_404(Edition, slug=slug)
    seal = seal_of(edition=edition)
    if seal is None:
        raise Http404
    judge = judge_for(request.user, edition)
    receipts = receipts_of_judge(judge=judge) if judge is not None else []
    fingerprint = edition_key_fingerprint(edition=edition)
    earlier = earlier_round_seals(edition=edition)
    context = {
        "edition": edition,
        "seal": seal,
        "earlier": earlier,
        "receipts": receipts,
        "fingerprint": fingerprint_display(fingerprint) if fingerprint else "",
        "verify_command": verify_command(edition_slug=edition.slug, root=seal.root, fingerprint=fingerprint,
                                         earlier_roots=tuple(each.root for each in earlier)),
    }
    return render(request, "judging/ceremony/commitment.html", context)


@login_required
@require_GET
def inclusion_proof(request, slug, receipt):
    """A judge's proof that one of their receipts is in the sealed tree (JSON)."""
    edition = get_object_or_404(Edition, slug=slug)
    seal = seal_of(edition=edition)
    judge = judge_for(request.user, edition)
    if seal is None or judge is None:
        raise Http404
    if not receipt_is_judges(edition=edition, judge=judge, receipt=receipt):
        raise Http404
    proof = receipt_inclusion_proof(seal=seal, receipt=receipt)
    response = JsonResponse({"edition": edition.slug, "algorithm": "RFC 6962 SHA-256", **proof.as_dict()})
    response["Content-Disposition"] = f'attachment; filename="inclusion-{receipt[:16]}.json"'
    return response


@login_required
@require_POST
def seal(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    if not SealForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that the judging closes for good."))
        return redirect("judging:ceremony", slug=edition.slug)
    try:
        sealed = edition_seal(edition=edition, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The judging is sealed: %(count)s scorecards, root %(root)s.")
            % {"count": sealed.count, "root": sealed.root},
        )
    return redirect("judging:ceremony", slug=edition.slug)


@sensitive_post_parameters()
@login_required
@sensitive_variables()
def ceremony(request, slug):
    """Award night: the holders confirm the commitment, then k of them give their shares."""
    edition = get_edition_for_ceremony(request.user, slug)
    seal_row = seal_of(edition=edition)
    key_ceremony = key_ceremony_active(edition=edition)
    form = None
    if edition.phase.reveal_allowed and seal_row is not None and key_ceremony is not None:
        form_kwargs = {"root": seal_row.root, "count": seal_row.count, "holders": key_ceremony.holders_count}
        if request.method == "POST":
            form = RevealForm(request.POST, request.FILES, **form_kwargs)
            if form.is_valid():
                try:
                    edition_reveal(edition=edition, shares=form.cleaned_data["shares"], actor=request.user)
                except (RevealError, ValidationError) as exc:
                    message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                    form.add_error(None, message)
                else:
                    messages.success(request, _("The edition is revealed. The results are ready."))
                    if is_organiser(request.user):
                        return redirect("judging:results", slug=edition.slug)
                    return redirect("judging:ceremony", slug=edition.slug)
        else:
            form = RevealForm(**form_kwargs)
    elif request.method == "POST":
        raise Http404
    context = {
        "edition": edition,
        "seal": seal_row,
        "key_ceremony": key_ceremony,
        "form": form,
        "can_seal": is_organiser(request.user) and edition.phase.seal_allowed,
        "seal_form": SealForm(),
        "is_organiser": is_organiser(request.user),
    }
    return render(request, "judging/ceremony/ceremony.html", context)
