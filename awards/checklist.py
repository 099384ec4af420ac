"""The organiser's checklist of an edition: what is done, what is next, and what blocks the next step.

Each step is read from the edition's lifecycle flags and its data. The awards app states its own steps
(the edition, categories, agreements, signatories, registration, publication); other apps add theirs
through ``register`` (the judging app does so in its ``AppConfig.ready``: rubrics, judges, key holders,
assignments, opening the judging, the seal and the reveal), so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import lifecycle
from awards.eligibility import review_counts, review_problems
from awards.models import Edition, NdaVersion
from awards.services.editions import registration_open_problems


@dataclass(frozen=True)
class Step:
    """One step of the edition's lifecycle as the organiser sees it."""

    order: int  # where the step stands in the lifecycle (steps of every app are sorted by it)
    key: str
    title: str
    done: bool
    detail: str = ""  # what stands now ("3 categories")
    problems: tuple[str, ...] = ()  # what blocks the step, one sentence each
    url: str = ""  # the page where the step is done
    action: str = ""  # the label of the step's button
    post: bool = False  # the button changes the edition's state (a form with a POST), not a link
    until: str = ""  # the state from which the step can no longer be done (a setup step once judging opens)
    status: str = ""  # filled by edition_checklist: done, next, blocked, later, or passed (not done, too late)

    @property
    def is_next(self) -> bool:
        return self.status in ("next", "blocked")


Provider = Callable[[Edition], list[Step]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add the steps another app knows about (called once, from that app's ``AppConfig.ready``)."""
    if provider not in _providers:
        _providers.append(provider)


def _awards_steps(edition: Edition) -> list[Step]:
    slug = edition.slug
    phase = edition.phase
    category_count = edition.categories.count()
    published = dict(
        NdaVersion.objects.filter(edition=edition, published_at__isnull=False)
        .order_by("audience", "-published_at")
        .values_list("audience", "version_label")
    )
    signatory_gaps = []
    if not (edition.chair_name and edition.organiser_name):
        signatory_gaps.append(_("Name both signatories: the chair of judges and the organiser."))
    if not (edition.chair_signature and edition.organiser_signature):
        signatory_gaps.append(_("Upload both signature images, or the certificates print without signatures."))
    registration_done = lifecycle.reached(edition.state, lifecycle.State.REGISTRATION)
    return [
        Step(
            order=10, key="edition", title=_("Edition and timeline"), done=True,
            detail=_("Registration %(opens)s – %(closes)s; judging %(jopens)s – %(jcloses)s.") % {
                "opens": _date(edition.registration_opens), "closes": _date(edition.registration_closes),
                "jopens": _date(edition.judging_opens), "jcloses": _date(edition.judging_closes),
            },
            url=reverse("awards:organiser_edition_settings", args=[slug]),
            action=_("Edit the timeline") if phase.timeline_open else _("See the timeline"),
        ),
        Step(
            order=20, key="categories", title=_("Categories"), done=category_count > 0,
            detail=ngettext("%(count)d category", "%(count)d categories", category_count) % {"count": category_count},
            problems=() if category_count else (_("The edition has no category yet."),),
            url=reverse("awards:organiser_categories", args=[slug]), action=_("Categories"),
            until=lifecycle.State.JUDGING,
        ),
        Step(
            order=30, key="nda_participant", title=_("Participants' NDA"),
            done=NdaVersion.Audience.PARTICIPANT in published,
            detail=_("Version %(label)s is published.") % {"label": published[NdaVersion.Audience.PARTICIPANT]}
            if NdaVersion.Audience.PARTICIPANT in published else "",
            problems=() if NdaVersion.Audience.PARTICIPANT in published
            else (_("No participant NDA is published yet."),),
            url=reverse("awards:organiser_nda", args=[slug]), action=_("Agreements"), until=lifecycle.State.JUDGING,
        ),
        Step(
            order=40, key="nda_judge", title=_("Judges' confidentiality agreement"),
            done=NdaVersion.Audience.JUDGE in published,
            detail=_("Version %(label)s is published.") % {"label": published[NdaVersion.Audience.JUDGE]}
            if NdaVersion.Audience.JUDGE in published else "",
            problems=() if NdaVersion.Audience.JUDGE in published
            else (_("No judges' agreement is published yet: judges cannot sign one."),),
            url=reverse("awards:organiser_nda", args=[slug]), action=_("Agreements"), until=lifecycle.State.SEALED,
        ),
        Step(
            order=50, key="registration", title=_("Open registration"), done=registration_done,
            problems=() if registration_done else tuple(registration_open_problems(edition=edition)),
            url=reverse("awards:organiser_open_registration", args=[slug]) if not registration_done else "",
            action=_("Open registration"), post=not registration_done,
        ),
        Step(
            order=55, key="registrations", title=_("Registrations and entries"),
            done=lifecycle.reached(edition.state, lifecycle.State.JUDGING)
            or (registration_done and timezone.now() >= edition.registration_closes),
            detail=_("Registration closes %(closes)s.") % {"closes": _date(edition.registration_closes)},
            url=reverse("awards:organiser_registrations", args=[slug]), action=_("Registrations"),
        ),
        _review_step(edition, registration_done=registration_done),
        Step(
            order=145, key="signatories", title=_("Certificate signatories"), done=not signatory_gaps,
            problems=tuple(signatory_gaps), until=lifecycle.State.PUBLISHED,
            url=reverse("awards:organiser_signatories", args=[slug]), action=_("Signatories"),
        ),
        Step(
            order=160, key="publish", title=_("Publish the winners"), done=phase.published,
            url=reverse("awards:edition_publish", args=[slug]) if phase.results_known else "",
            action=_("Publish"),
        ),
    ]


def _review_step(edition: Edition, *, registration_done: bool) -> Step:
    """Every submitted entry accepted, returned or withdrawn before judging opens (only accepted ones are judged)."""
    judging_reached = lifecycle.reached(edition.state, lifecycle.State.JUDGING)
    counts = review_counts(edition=edition)
    problems = () if judging_reached else tuple(review_problems(edition=edition, counts=counts))
    accepted = counts.accepted
    return Step(
        order=57, key="review", title=_("Eligibility review"),
        done=judging_reached or (
            registration_done and timezone.now() >= edition.registration_closes and accepted > 0 and not problems
        ),
        detail=ngettext("%(count)d entry accepted for judging.", "%(count)d entries accepted for judging.", accepted)
        % {"count": accepted} if registration_done else "",
        problems=problems, url=reverse("awards:organiser_review", args=[edition.slug]) if registration_done else "",
        action=_("Review entries"), until=lifecycle.State.JUDGING,
    )


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "j M Y")


def edition_checklist(*, edition: Edition) -> list[Step]:
    """Every step of the edition in lifecycle order, each marked done, next (or blocked: the next step
    with problems) or later."""
    steps = _awards_steps(edition)
    for provider in _providers:
        steps.extend(provider(edition))
    steps.sort(key=lambda step: step.order)
    marked = []
    next_found = False
    for step in steps:
        if step.done:
            status = "done"
        elif step.until and lifecycle.reached(edition.state, step.until):
            status = "passed"
        elif not next_found:
            next_found = True
            status = "blocked" if step.problems else "next"
        else:
            status = "later"
        marked.append(replace(step, status=status))
    return marked
