"""The organiser's rounds page (setup, shortlist rules, per-round progress in counts, sealing a round) and the
shortlist reveal ceremony page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from awards.models import Edition
from awards.permissions import is_organiser
from judging.forms.ceremony import RevealForm, SealForm
from judging.forms.rounds import RoundsForm, ShortlistRuleForm
from judging.permissions import get_edition_for_ceremony, require_judging_organiser
from judging.selectors.keys import key_ceremony_active
from judging.selectors.round_progress import rounds_progress
from judging.selectors.rounds import (
    category_round_weights,
    category_settings_of,
    earlier_round_seals,
    finalists_of,
    nominees_published,
    round_standing,
    takes_part,
)
from judging.services.finalists import finalists_publish
from judging.services.reveal import RevealError
from judging.services.rounds import category_round_set, round_seal, rounds_configure
from judging.services.shortlist import shortlist_reveal


def _edition_for_organiser(request, slug) -> Edition:
    require_judging_organiser(request.user)
    return get_object_or_404(Edition, slug=slug)


def _rounds_initial(progress) -> dict:
    desk = next((p.standing.round for p in progress if not p.standing.round.is_final), None)
    final = next((p.standing.round for p in progress if p.standing.round.is_final), None)
    initial = {"desk": desk is not None, "desk_weight": desk.weight if desk else 30}
    if desk is not None:
        initial.update(desk_name=desk.name, desk_opens_on=desk.opens_on, desk_closes_on=desk.closes_on)
    if final is not None:
        initial.update(final_name=final.name, final_opens_on=final.opens_on, final_closes_on=final.closes_on)
    return initial


def _page(request, edition, *, rounds_form=None, rule_form=None, status=200):
    progress = rounds_progress(edition=edition)
    desk = next((p.standing.round for p in progress if not p.standing.round.is_final), None)
    final = next((p.standing.round for p in progress if p.standing.round.is_final), None)
    settings = category_settings_of(round=desk) if desk is not None else {}
    weights = category_round_weights(edition=edition) if desk is not None else {}
    rules = [
        {"category": category, "settings": settings.get(category.pk),
         "in_desk": takes_part(settings=settings.get(category.pk)),
         "desk_weight": weights[category.pk][desk.number], "final_weight": weights[category.pk][final.number]}
        for category in edition.categories.order_by("ceremony_order", "code")
    ] if desk is not None and final is not None else []
    finalists = list(finalists_of(round=desk)) if desk is not None else []
    context = {
        "edition": edition,
        "progress": progress,
        "desk": desk,
        "rules": rules,
        "rounds_list": [p.standing.round for p in progress],
        "finalists": finalists,
        "rounds_open": edition.phase.rounds_open,
        "rounds_form": rounds_form or RoundsForm(initial=_rounds_initial(progress), prefix="rounds"),
        "rule_form": rule_form or ShortlistRuleForm(edition=edition, prefix="rule"),
        "seal_form": SealForm(),
    }
    return render(request, "judging/organiser/rounds.html", context, status=status)


@login_required
@require_GET
def rounds(request, slug):
    return _page(request, _edition_for_organiser(request, slug))


@login_required
@require_POST
def rounds_setup(request, slug):
    edition = _edition_for_organiser(request, slug)
    form = RoundsForm(request.POST, prefix="rounds")
    if not form.is_valid():
        return _page(request, edition, rounds_form=form, status=400)
    data = form.cleaned_data
    try:
        rounds_configure(
            edition=edition, desk=data["desk"], actor=request.user, final_name=data["final_name"],
            final_opens_on=data["final_opens_on"], final_closes_on=data["final_closes_on"],
            desk_name=data["desk_name"], desk_weight=data["desk_weight"] if data["desk"] else 0,
            desk_opens_on=data["desk_opens_on"], desk_closes_on=data["desk_closes_on"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("judging:rounds", edition.slug)
    messages.success(request, _("The rounds are saved."))
    return redirect("judging:rounds", edition.slug)


@login_required
@require_POST
def rounds_rule(request, slug):
    edition = _edition_for_organiser(request, slug)
    form = ShortlistRuleForm(request.POST, edition=edition, prefix="rule")
    standing = next((s for s in rounds_progress(edition=edition) if not s.standing.round.is_final), None)
    if standing is None:
        raise Http404
    if not form.is_valid():
        return _page(request, edition, rule_form=form, status=400)
    data = form.cleaned_data
    try:
        category_round_set(
            round=standing.standing.round, category=data["category"], mode=data["mode"], top_n=data["top_n"],
            threshold=data["threshold"], min_scorecards=data["min_scorecards"], blind=data["blind"],
            in_round=not data["straight_to_finals"], weight=data["desk_weight"], actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("judging:rounds", edition.slug)
    messages.success(request, _("The desk round of %(code)s is saved.") % {"code": data["category"].code})
    return redirect("judging:rounds", edition.slug)


@login_required
@require_POST
def rounds_seal(request, slug, number):
    edition = _edition_for_organiser(request, slug)
    if not SealForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that the round closes for good."))
        return redirect("judging:rounds", edition.slug)
    try:
        sealed = round_seal(edition=edition, number=number, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Round %(number)s is sealed: %(count)s scorecards, root %(root)s.")
                         % {"number": number, "count": sealed.count, "root": sealed.root})
    return redirect("judging:rounds", edition.slug)


@sensitive_post_parameters()
@login_required
@sensitive_variables()
def shortlist_ceremony(request, slug, number):
    """The shortlist reveal: the holders confirm the round's root and count, then k of them give their key
    files. Only the finalists (alphabetical) are shown afterwards."""
    edition = get_edition_for_ceremony(request.user, slug)
    standing = round_standing(edition=edition, number=number)
    if standing is None or standing.round.is_final:
        raise Http404
    ceremony = key_ceremony_active(edition=edition)
    form = None
    if standing.phase.shortlist_reveal_allowed and ceremony is not None:
        kwargs = {"root": standing.seal.root, "count": standing.seal.count, "holders": ceremony.holders_count}
        if request.method == "POST":
            form = RevealForm(request.POST, request.FILES, **kwargs)
            if form.is_valid():
                try:
                    shortlist_reveal(edition=edition, number=number, texts=form.cleaned_data["shares"],
                                     actor=request.user)
                except (RevealError, ValidationError) as exc:
                    form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
                else:
                    messages.success(request, _("The shortlist is revealed."))
                    return redirect("judging:shortlist", slug=edition.slug, number=number)
        else:
            form = RevealForm(**kwargs)
    elif request.method == "POST":
        raise Http404
    context = {
        "edition": edition,
        "standing": standing,
        "key_ceremony": ceremony,
        "form": form,
        "finalists": list(finalists_of(round=standing.round)) if standing.shortlisted else [],
        "is_organiser": is_organiser(request.user),
    }
    return render(request, "judging/ceremony/shortlist.html", context)


@login_required
@require_POST
def rounds_publish(request, slug, number):
    edition = _edition_for_organiser(request, slug)
    standing = round_standing(edition=edition, number=number)
    if standing is None or standing.round.is_final:
        raise Http404
    try:
        finalists_publish(edition=edition, number=number, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The finalists are published and every company is told its status."))
    return redirect("judging:rounds", edition.slug)


@require_GET
def nominees(request, slug):
    """The public nominees page: the finalists per category, once the organisers publish them."""
    edition = get_object_or_404(Edition, slug=slug)
    published = nominees_published(edition=edition) if edition.phase.announced else None
    if published is None:
        raise Http404
    round_, groups = published
    context = {"edition": edition, "round": round_, "groups": groups, "earlier": earlier_round_seals(edition=edition)}
    return render(request, "judging/rounds/nominees.html", context)
