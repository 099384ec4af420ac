"""The panel's people, judges and assessors alike: the organisers' page that lists them and invites more, and
each one's own declaration of conflicts. One view per page, parametrised by the role (``JUDGES``, ``ASSESSORS``);
one template per page, with the role's own parts as includes. ``form_submit`` is the post-and-redirect step every
form page here shares."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from awards.models import Edition
from awards.pagination import paginate
from judging.forms.assessors import AssessorConflictForm
from judging.forms.panel import ConflictDeclareForm, JudgeInviteForm
from judging.models import JudgeInvitation
from judging.permissions import (
    get_assessor_or_404,
    get_judge_or_404,
    judge_agreement_missing,
    require_judging_organiser,
)
from judging.selectors.assessors import (
    assessor_conflicts,
    assessors_with_counts,
    call_log_count,
    companies_to_declare,
    site_visit_count,
)
from judging.selectors.panel import (
    companies_assigned,
    companies_with_entries,
    invitations_pending,
    judge_conflicts,
    panel_judges,
)
from judging.services.assessors import assessor_conflict_declare
from judging.services.conflicts import conflict_declare
from judging.services.panel import judge_invite
from judging.views.workspace import agreement_redirect

JUDGES_PER_PAGE = 50


def form_submit(request, form, *, act: Callable, success: Callable[[object], str] | str, to: tuple):
    """On a valid POST: ``act(cleaned_data)``; its ``ValidationError`` goes on the form, otherwise the success
    message is shown and the redirect to ``to`` (URL name and arguments) returned. None when the page is to be
    shown (a GET, or a form with errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(*to)


def _judges_listing(*, request, edition: Edition) -> dict:
    return {"judges": paginate(panel_judges(edition=edition), params=request.GET, per_page=JUDGES_PER_PAGE)}


def _assessors_listing(*, request, edition: Edition) -> dict:
    return {
        "assessors": assessors_with_counts(edition=edition),
        "total": call_log_count(edition=edition),
        "visits_total": site_visit_count(edition=edition),
    }


def _judge_conflicts(*, edition: Edition, person) -> dict:
    assigned = companies_assigned(edition=edition)
    rows = [
        {"conflict": conflict, "can_withdraw": not conflict.automatic and conflict.company_id not in assigned}
        for conflict in judge_conflicts(judge=person)
    ]
    return {"judge": person, "rows": rows}


def _assessor_conflicts(*, edition: Edition, person) -> dict:
    return {"assessor": person, "conflicts": assessor_conflicts(assessor=person)}


@dataclass(frozen=True)
class PanelRole:
    invitation_role: str
    title: Promise
    invite_heading: Promise
    page_url: str  # the organisers' page of the role
    listing: Callable[..., dict]  # the page's people
    people_part: str  # the include that shows them
    people_intro: str  # the include that introduces the role on its page, or ""
    invite_always: bool  # False: the invitation form shows only while the panel is open
    # A person's own conflicts page:
    profile: Callable  # (user, edition) -> the person, or 404
    conflict_form: type
    companies: Callable
    declare: Callable  # (person, company, relation, note)
    declared: Promise
    conflicts_url: str
    conflicts_context: Callable[..., dict]
    conflicts_intro: str  # the include that says what a declaration does for the role
    conflicts_part: str  # the include that lists the person's declarations


JUDGES = PanelRole(
    invitation_role=JudgeInvitation.Role.JUDGE,
    title=gettext_lazy("Judges"),
    invite_heading=gettext_lazy("Invite a judge"),
    page_url="judging:judge_invite",
    listing=_judges_listing,
    people_part="judging/organiser/_people_judges.html",
    people_intro="",
    invite_always=True,
    profile=get_judge_or_404,
    conflict_form=ConflictDeclareForm,
    companies=companies_with_entries,
    declare=lambda person, **data: conflict_declare(judge=person, **data),
    declared=gettext_lazy("Your declaration is recorded. You will not see this company's entries."),
    conflicts_url="judging:conflicts",
    conflicts_context=_judge_conflicts,
    conflicts_intro="judging/panel/_conflicts_judge_intro.html",
    conflicts_part="judging/panel/_conflicts_judge.html",
)
ASSESSORS = PanelRole(
    invitation_role=JudgeInvitation.Role.ASSESSOR,
    title=gettext_lazy("Assessors"),
    invite_heading=gettext_lazy("Invite an assessor"),
    page_url="judging:assessors",
    listing=_assessors_listing,
    people_part="judging/organiser/_people_assessors.html",
    people_intro="judging/organiser/_people_assessors_intro.html",
    invite_always=False,
    profile=get_assessor_or_404,
    conflict_form=AssessorConflictForm,
    companies=companies_to_declare,
    declare=lambda person, **data: assessor_conflict_declare(assessor=person, **data),
    declared=gettext_lazy("Your declaration is recorded. You will not call this company."),
    conflicts_url="judging:assessor_conflicts",
    conflicts_context=_assessor_conflicts,
    conflicts_intro="judging/panel/_conflicts_assessor_intro.html",
    conflicts_part="judging/panel/_conflicts_assessor.html",
)
ROLES = {"judge": JUDGES, "assessor": ASSESSORS}


@login_required
@require_http_methods(["GET", "POST"])
def people(request, slug, *, role: str):
    """The organisers' page of a role: its people (for assessors with counts of their sealed evidence, never
    its content), the pending invitations and the form that invites one more."""
    spec = ROLES[role]
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    form = JudgeInviteForm(request.POST or None)
    done = form_submit(
        request,
        form,
        act=lambda data: judge_invite(
            edition=edition,
            email=data["email"],
            full_name=data["full_name"],
            invited_by=request.user,
            role=spec.invitation_role,
        ),
        success=lambda invitation: _("Invitation sent to %(email)s.") % {"email": invitation.email},
        to=(spec.page_url, edition.slug),
    )
    if done is not None:
        return done
    return render(
        request,
        "judging/organiser/people.html",
        {
            "edition": edition,
            "role": spec,
            "form": form,
            "invite_shown": spec.invite_always or edition.phase.panel_open,
            "invitations": invitations_pending(edition=edition, role=spec.invitation_role),
            **spec.listing(request=request, edition=edition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request, slug, *, role: str):
    """A judge's or an assessor's own declarations of conflicts of interest, and the form that adds one."""
    spec = ROLES[role]
    edition = get_object_or_404(Edition, slug=slug)
    person = spec.profile(request.user, edition)
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    form = spec.conflict_form(request.POST or None, companies=spec.companies(edition=edition))
    done = form_submit(
        request,
        form,
        act=lambda data: spec.declare(person, **data),
        success=str(spec.declared),
        to=(spec.conflicts_url, edition.slug),
    )
    if done is not None:
        return done
    return render(
        request,
        "judging/panel/conflicts.html",
        {
            "edition": edition,
            "role": spec,
            "person": person,
            "form": form,
            **spec.conflicts_context(edition=edition, person=person),
        },
    )
