"""The organisers' eligibility review: the queue per category, an entry's review page (its documents in the reader,
its figures, the three decisions) and later entry deadlines."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.downloads import can_show_inline, document_response
from awards.eligibility import (
    QUEUE_FILTERS,
    QUEUE_PAGE_SIZE,
    companies_for_extension,
    entries_for_extension,
    extensions_of,
    review_categories,
    review_queue,
)
from awards.forms.eligibility import AcceptForm, ExtensionForm, ReturnForm, WithdrawForm
from awards.models import Entry
from awards.permissions import get_document_for_review, get_edition_for_organiser, get_entry_for_review
from awards.services.eligibility import (
    deadline_extension_grant,
    entry_accept,
    entry_return,
    entry_withdraw_by_organiser,
)
from awards.services.entries import FIGURE_FIELDS, NARRATIVE_FIELDS, NOMINEE_FIELDS


def _figure(value):
    """A number as the reader's language writes it (1.200.000 in Indonesian, 1,200,000 in English); else as is."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return value


def _form_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_GET
def review_queue_view(request, slug):
    edition = get_edition_for_organiser(request.user, slug)
    categories = list(review_categories(edition=edition))
    code = request.GET.get("category", "")
    current = next((category for category in categories if category.code == code), None)
    if current is None:
        # The first category with entries waiting, else the first: the organiser lands where the work is.
        current = next((category for category in categories if category.awaiting_count), None) or (
            categories[0] if categories else None
        )
    shown = request.GET.get("status", "awaiting")
    if shown not in QUEUE_FILTERS:
        shown = "awaiting"
    page = None
    if current is not None:
        page = Paginator(review_queue(category=current, review=shown), QUEUE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    filters = [
        (value, label, count)
        for value, label, count in (
            ("awaiting", _("Awaiting review"), current.awaiting_count if current else 0),
            ("accepted", _("Accepted"), current.accepted_count if current else 0),
            ("returned", _("Returned"), current.returned_count if current else 0),
            ("withdrawn", _("Withdrawn"), current.withdrawn_count if current else 0),
            ("all", _("All submitted"), None),
        )
    ]
    return render(
        request,
        "awards/organiser/review_queue.html",
        {
            "edition": edition,
            "categories": categories,
            "current": current,
            "shown": shown,
            "filters": filters,
            "page": page,
            "review_open": edition.phase.eligibility_review_open,
        },
    )


def _review_page(request, *, entry: Entry, forms: dict | None = None, status: int = 200):
    edition = entry.category.edition
    seen = {"seen": entry.review}
    forms = forms or {}
    documents = [
        {
            "document": document,
            "name": document.original_name,
            "shown_as": ("pdf" if document.content_type == "application/pdf" else "image")
            if can_show_inline(document)
            else "",
        }
        for document in entry.documents.order_by("uploaded_at", "pk")
    ]
    specific = NOMINEE_FIELDS if entry.category.is_individual else FIGURE_FIELDS
    figures = [(Entry._meta.get_field(name).verbose_name, _figure(getattr(entry, name))) for name in specific]
    narratives = [(Entry._meta.get_field(name).verbose_name, getattr(entry, name)) for name in NARRATIVE_FIELDS]
    seat_class_fits = not entry.category.seat_class or entry.category.seat_class == entry.company.seat_class
    context = {
        "edition": edition,
        "entry": entry,
        "documents": documents,
        "figures": figures,
        "narratives": narratives,
        "seat_class_fits": seat_class_fits,
        "queue_url": reverse("awards:organiser_review", args=[edition.slug])
        + "?"
        + urlencode({"category": entry.category.code}),
        "review_open": edition.phase.eligibility_review_open,
        "accept_form": forms.get("accept") or AcceptForm(initial=seen),
        "return_form": forms.get("return") or ReturnForm(initial=seen),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(initial=seen),
        "can_accept": entry.review == Entry.Review.AWAITING,
        "can_return": entry.status == Entry.Status.SUBMITTED,
        "can_withdraw": entry.status in (Entry.Status.SUBMITTED, Entry.Status.RETURNED),
    }
    return render(request, "awards/organiser/review_entry.html", context, status=status)


@login_required
@require_GET
def review_entry_view(request, slug, pk):
    return _review_page(request, entry=get_entry_for_review(request.user, slug, pk))


@dataclass(frozen=True)
class _Decision:
    """One of the three decisions on an entry: its form, the service that records it, and what the organiser is
    told once it is done."""

    form: type
    decide: Callable[..., object]  # called with entry, actor and the form's cleaned data
    done: str


_DECISIONS = {
    "accept": _Decision(
        form=AcceptForm,
        decide=lambda *, entry, actor, data: entry_accept(entry=entry, actor=actor, seen=data["seen"]),
        done=gettext_lazy("Entry %(reference)s is accepted for judging."),
    ),
    "return": _Decision(
        form=ReturnForm,
        decide=lambda *, entry, actor, data: entry_return(
            entry=entry, actor=actor, reason=data["reason"], resubmit_by=data["resubmit_by"], seen=data["seen"]
        ),
        done=gettext_lazy("Entry %(reference)s is returned to its entrant, who is told why."),
    ),
    "withdraw": _Decision(
        form=WithdrawForm,
        decide=lambda *, entry, actor, data: entry_withdraw_by_organiser(
            entry=entry, actor=actor, reason=data["reason"], seen=data["seen"]
        ),
        done=gettext_lazy("Entry %(reference)s is withdrawn; its entrant is told why."),
    ),
}


@login_required
@require_POST
def review_decide_view(request, slug, pk, decision):
    """Accept, return or withdraw an entry (`decision`, fixed by the URL): on success back to the queue of its
    category, otherwise the review page again with the form's errors."""
    entry = get_entry_for_review(request.user, slug, pk)
    shape = _DECISIONS[decision]
    form = shape.form(request.POST)
    if form.is_valid():
        try:
            shape.decide(entry=entry, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, str(shape.done) % {"reference": entry.reference})
            return redirect(
                reverse("awards:organiser_review", args=[slug]) + "?" + urlencode({"category": entry.category.code})
            )
    entry.refresh_from_db()
    return _review_page(request, entry=entry, forms={decision: form}, status=400)


# The inline document's own policy (as the judges' reader has it): nothing may run or load but the document.
INLINE_DOCUMENT_CSP = {
    "default-src": ["'none'"],
    "object-src": ["'self'"],
    "img-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}


@login_required
@require_GET
def review_document_download(request, slug, pk):
    document = get_document_for_review(request.user, slug, pk)
    response = document_response(request, document=document)
    response["Cache-Control"] = "private, no-store"
    return response


@csp(INLINE_DOCUMENT_CSP)
@login_required
@require_GET
def review_document_view(request, slug, pk):
    document = get_document_for_review(request.user, slug, pk)
    if not can_show_inline(document):
        return redirect("awards:organiser_review_document", slug=slug, pk=document.pk)
    response = document_response(request, document=document, inline=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def extensions_view(request, slug):
    edition = get_edition_for_organiser(request.user, slug)
    open_ = edition.phase.eligibility_review_open
    form = ExtensionForm(
        request.POST or None, companies=companies_for_extension(), entries=entries_for_extension(edition=edition)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                deadline_extension_grant(
                    edition=edition,
                    company=data["company"],
                    entry=data["entry"],
                    until=data["until"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The deadline of %(company)s is extended; its contacts are told.")
                    % {"company": data["company"].legal_name},
                )
                return redirect("awards:organiser_extensions", slug=edition.slug)
        status = 400
    return render(
        request,
        "awards/organiser/extensions.html",
        {"edition": edition, "form": form, "extensions": extensions_of(edition=edition), "open": open_},
        status=status,
    )
