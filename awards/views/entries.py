"""The participants' side: the company dashboard, entries, documents and the receipt."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards.dashboard_notices import notices_for
from awards.downloads import document_response
from awards.eligibility import company_extension, company_may_enter, entry_deadline
from awards.entry_forms import DocumentUploadForm, EntryForm
from awards.gates import company_required, nda_redirect
from awards.models import Entry, NdaVersion, SeatClass
from awards.pdf import entry_receipt_pdf
from awards.permissions import (
    company_of,
    entry_can_submit,
    entry_can_withdraw,
    entry_is_editable,
    get_document_for_company_user,
    get_entry_for_company_user,
)
from awards.selectors import (
    categories_open_for_company,
    categories_with_edition,
    company_awards_published,
    company_entries,
    company_feedback_entries,
    company_signed_agreements,
    edition_current,
    nda_current,
)
from awards.services.documents import document_add, document_remove
from awards.services.entries import (
    entry_create,
    entry_delete_draft,
    entry_missing_fields,
    entry_submit,
    entry_update,
    entry_withdraw,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_safe
def dashboard(request):
    company = company_of(request.user)
    context = {"company": company, "edition": None}
    if company is not None:
        context["seat_class_label"] = SeatClass(company.seat_class).label
        context["company_awards"] = company_awards_published(company=company)
        context["feedback_entries"] = company_feedback_entries(company=company)
        context["notices"] = notices_for(company=company)
        edition = edition_current()
        context["edition"] = edition
        context["signed_agreements"] = company_signed_agreements(company=company, except_edition=edition)
        if edition is not None:
            nda = nda_current(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
            context.update(
                nda=nda,
                nda_acceptance=nda.acceptances.filter(user=request.user).first() if nda else None,
                registration_open=company_may_enter(company=company, edition=edition),
                extension=company_extension(company=company, edition=edition),
                options=categories_open_for_company(company=company, edition=edition),
                entries=list(company_entries(company=company, edition=edition)),
            )
    return render(request, "awards/dashboard.html", context)


def _entry_page(request, *, entry, form, upload_form=None, status=200):
    editable = entry_is_editable(entry)
    context = {
        "entry": entry,
        "edition": entry.category.edition,
        "form": form,
        "upload_form": upload_form or DocumentUploadForm(),
        "documents": list(entry.documents.order_by("uploaded_at", "pk")),
        "editable": editable,
        "can_submit": entry_can_submit(entry),
        "can_withdraw": entry_can_withdraw(entry),
        "deadline": entry_deadline(entry=entry),
        "missing": entry_missing_fields(entry=entry) if entry.is_draft or entry.is_returned else [],
        "max_documents": settings.ENTRY_DOCUMENT_MAX_COUNT,
        "max_bytes": settings.ENTRY_DOCUMENT_MAX_BYTES,
    }
    return render(request, "awards/entry_form.html", context, status=status)


@company_required
def entry_create_view(request, category_id: int):
    category = get_object_or_404(categories_with_edition(), pk=category_id)
    edition = category.edition
    if not edition.phase.announced:
        raise Http404
    if gate := nda_redirect(request, edition):
        return gate
    if not company_may_enter(company=request.company, edition=edition):
        messages.error(request, _("Registration for %(edition)s is closed.") % {"edition": edition.name})
        return redirect("awards:dashboard")
    option = next(
        (o for o in categories_open_for_company(company=request.company, edition=edition) if o.category == category),
        None,
    )
    if option is None or not option.can_enter:
        messages.error(
            request, _("Your company cannot make another entry in %(category)s.") % {"category": category.name}
        )
        return redirect("awards:dashboard")
    draft = Entry(company=request.company, category=category)
    if not category.is_individual:
        draft.agent_seats = request.company.agent_seats  # a sensible start, the participant may change it
    if request.method == "POST":
        form = EntryForm(request.POST, instance=draft, category=category)
        if form.is_valid():
            try:
                with transaction.atomic():  # the new draft keeps its answers, or nothing is created
                    entry = entry_create(
                        company=request.company, category=category, user=request.user,
                        title=form.cleaned_data["title"],
                    )
                    entry_update(entry=entry, user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                messages.error(request, _error_text(error))
                return redirect("awards:dashboard")
            messages.success(request, _("Your draft entry is saved. You can come back to it until the deadline."))
            return redirect("awards:entry_edit", pk=entry.pk)
    else:
        form = EntryForm(instance=draft, category=category)
    return render(request, "awards/entry_create.html", {"form": form, "category": category, "edition": edition})


@company_required
def entry_edit_view(request, pk: int):
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    editable = entry_is_editable(entry)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This entry can no longer be changed."))
            return redirect("awards:entry_edit", pk=entry.pk)
        form = EntryForm(request.POST, instance=entry, category=entry.category)
        if form.is_valid():
            try:
                entry_update(entry=entry, user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("Draft saved."))
                return redirect("awards:entry_edit", pk=entry.pk)
        else:
            messages.error(request, _("The draft was not saved: please correct the marked fields."))
        entry.refresh_from_db()
        return _entry_page(request, entry=entry, form=form, status=400)
    form = EntryForm(instance=entry, category=entry.category, read_only=not editable)
    return _entry_page(request, entry=entry, form=form)


@company_required
def entry_submit_view(request, pk: int):
    """A confirmation page (GET) before the submission (POST)."""
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    if request.method == "POST":
        try:
            entry_submit(entry=entry, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("awards:entry_edit", pk=entry.pk)
        messages.success(
            request, _("Entry %(reference)s is submitted. A receipt is on its way by e-mail.") % {
                "reference": entry.reference
            }
        )
        return redirect("awards:entry_edit", pk=entry.pk)
    if not entry_can_submit(entry):
        return redirect("awards:entry_edit", pk=entry.pk)
    context = {
        "entry": entry,
        "edition": entry.category.edition,
        "missing": entry_missing_fields(entry=entry),
        "documents": list(entry.documents.order_by("uploaded_at", "pk")),
    }
    return render(request, "awards/entry_submit.html", context)


@company_required
def entry_withdraw_view(request, pk: int):
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    if request.method == "POST":
        try:
            entry_withdraw(entry=entry, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Entry %(reference)s is withdrawn.") % {"reference": entry.reference})
        return redirect("awards:entry_edit", pk=entry.pk)
    if not entry_can_withdraw(entry):
        return redirect("awards:entry_edit", pk=entry.pk)
    return render(request, "awards/entry_withdraw.html", {"entry": entry, "edition": entry.category.edition})


@company_required
def entry_delete_view(request, pk: int):
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    if request.method == "POST":
        reference = entry.reference
        try:
            entry_delete_draft(entry=entry, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("awards:entry_edit", pk=entry.pk)
        messages.success(request, _("Draft %(reference)s is deleted.") % {"reference": reference})
        return redirect("awards:dashboard")
    if not entry_is_editable(entry):
        return redirect("awards:entry_edit", pk=entry.pk)
    return render(request, "awards/entry_delete.html", {"entry": entry, "edition": entry.category.edition})


@company_required
@require_safe
def entry_receipt_view(request, pk: int):
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    if entry.submitted_at is None:
        raise Http404
    response = HttpResponse(entry_receipt_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{entry.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@company_required
def document_upload_view(request, pk: int):
    entry = get_entry_for_company_user(request.user, pk)
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    upload_form = DocumentUploadForm(request.POST, request.FILES)
    if upload_form.is_valid():
        try:
            document = document_add(entry=entry, user=request.user, uploaded_file=upload_form.cleaned_data["file"])
        except ValidationError as error:
            upload_form.add_error("file", error)
            if not entry_is_editable(entry) or entry.documents.count() >= settings.ENTRY_DOCUMENT_MAX_COUNT:
                messages.error(request, _error_text(error))  # the page shows no upload form to carry the error
        else:
            messages.success(request, _("%(name)s was added.") % {"name": document.original_name})
            return redirect("awards:entry_edit", pk=entry.pk)
    form = EntryForm(instance=entry, category=entry.category, read_only=not entry_is_editable(entry))
    return _entry_page(request, entry=entry, form=form, upload_form=upload_form, status=400)


@company_required
@require_http_methods(["GET", "POST"])
def document_delete_view(request, pk: int):
    """GET asks "delete this document?"; only the POST of that page deletes it."""
    document = get_document_for_company_user(request.user, pk)
    entry = document.entry
    if gate := nda_redirect(request, entry.category.edition):
        return gate
    if request.method != "POST":
        if not entry_is_editable(entry):
            return redirect("awards:entry_edit", pk=entry.pk)
        context = {"document": document, "entry": entry, "edition": entry.category.edition}
        return render(request, "awards/document_delete.html", context)
    try:
        document_remove(document=document, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(name)s was deleted.") % {"name": document.original_name})
    return redirect("awards:entry_edit", pk=entry.pk)


@company_required
@require_safe
def document_download_view(request, pk: int):
    document = get_document_for_company_user(request.user, pk)
    if gate := nda_redirect(request, document.entry.category.edition):
        return gate
    return document_response(request, document=document)
