"""The organiser's edition setup pages (no admin needed): a new edition or a copy of last year's, the edition
and its timeline, categories, agreement texts with their versions, and the certificate signatories."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards import permissions
from awards.forms.setup import (
    CategoryForm,
    EditionCreateForm,
    EditionForm,
    NdaPublishForm,
    NdaVersionForm,
    SignatoriesForm,
)
from awards.models import NdaVersion
from awards.selectors import (
    editions_by_year,
    nda_draft_initial,
    organiser_category_registrations,
    organiser_nda_versions,
)
from awards.services.editions import nda_version_create, nda_version_publish
from awards.services.setup import (
    CATEGORY_FIELDS,
    EDITION_FIELDS,
    SIGNATORY_FIELDS,
    category_create,
    category_delete,
    category_update,
    edition_create,
    edition_update,
    signatories_update,
)


def _form_error(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form (field errors on their field when the form has it)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def edition_create_view(request):
    permissions.require_organiser(request.user)
    form = EditionCreateForm(request.POST or None, editions=editions_by_year())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = edition_create(
                actor=request.user, slug=data["slug"], copy_from=data["copy_from"],
                **{name: data[name] for name in EDITION_FIELDS},
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The edition %(name)s is created, in draft.") % {"name": edition.name})
            return redirect("awards:organiser_edition", slug=edition.slug)
    return render(request, "awards/organiser/edition_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edition_settings_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    shown = copy.copy(edition)  # the form writes its input into `edition`; the page shows the saved one
    form = EditionForm(request.POST or None, instance=edition, timeline_open=shown.phase.timeline_open)
    if request.method == "POST" and form.is_valid():
        try:
            edition_update(
                edition=shown, actor=request.user,
                **{name: form.cleaned_data[name] for name in EDITION_FIELDS if not form.fields[name].disabled},
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The edition is saved."))
            return redirect("awards:organiser_edition_settings", slug=shown.slug)
    return render(
        request, "awards/organiser/edition_settings.html",
        {"edition": shown, "form": form, },
    )


@login_required
@require_http_methods(["GET"])
def categories_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    return render(
        request, "awards/organiser/categories.html",
        {
            "edition": edition,
            "categories": organiser_category_registrations(edition=edition),
            "setup_open": edition.phase.setup_open,

        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_create_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    form = CategoryForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            category = category_create(
                edition=edition, actor=request.user, **{name: form.cleaned_data[name] for name in CATEGORY_FIELDS}
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The category %(code)s is added.") % {"code": category.code})
            return redirect("awards:organiser_categories", slug=edition.slug)
    return render(
        request, "awards/organiser/category_form.html",
        {"edition": edition, "form": form, "category": None, "setup_open": edition.phase.setup_open,
         },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_edit_view(request, slug, category_code):
    category = permissions.get_category_for_organiser(request.user, slug, category_code)
    shown = copy.copy(category)  # the form writes its input into `category`; the page shows the saved one
    edition = shown.edition
    form = CategoryForm(request.POST or None, instance=category, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            saved = category_update(
                category=shown, actor=request.user, **{name: form.cleaned_data[name] for name in CATEGORY_FIELDS}
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The category %(code)s is saved.") % {"code": saved.code})
            return redirect("awards:organiser_categories", slug=edition.slug)
    return render(
        request, "awards/organiser/category_form.html",
        {"edition": edition, "form": form, "category": shown, "setup_open": edition.phase.setup_open,
         },
    )


@login_required
@require_POST
def category_delete_view(request, slug, category_code):
    category = permissions.get_category_for_organiser(request.user, slug, category_code)
    try:
        category_delete(category=category, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The category %(code)s is deleted.") % {"code": category_code})
    return redirect("awards:organiser_categories", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def nda_view(request, slug):
    """The edition's agreements: every version, and a form for a new draft version."""
    edition = permissions.get_edition_for_organiser(request.user, slug)
    audience = request.GET.get("audience")
    if audience not in NdaVersion.Audience.values:
        audience = NdaVersion.Audience.PARTICIPANT
    form = NdaVersionForm(
        request.POST or None, edition=edition, initial=nda_draft_initial(edition=edition, audience=audience)
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = nda_version_create(edition=edition, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("Draft %(label)s is saved. Read it through, then publish it: nobody is asked to sign it before.")
                % {"label": version.version_label},
            )
            return redirect("awards:organiser_nda", slug=edition.slug)
    return render(
        request, "awards/organiser/nda.html",
        {
            "edition": edition,
            "form": form,
            "versions": organiser_nda_versions(edition=edition),
            "audiences": NdaVersion.Audience.choices,
            "audience": audience,

        },
    )


@login_required
@require_POST
def nda_publish_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    form = NdaPublishForm(request.POST, edition=edition)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("awards:organiser_nda", slug=edition.slug)
    try:
        version = nda_version_publish(version=form.cleaned_data["version"], actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(label)s is published: everyone signs it again before they go on.")
            % {"label": version.version_label},
        )
    return redirect("awards:organiser_nda", slug=edition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def signatories_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    shown = copy.copy(edition)
    form = SignatoriesForm(request.POST or None, request.FILES or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            signatories_update(
                edition=shown, actor=request.user,
                chair_signature=form.cleaned_data["chair_signature"],
                organiser_signature=form.cleaned_data["organiser_signature"],
                **{name: form.cleaned_data[name] for name in SIGNATORY_FIELDS},
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The signatories are saved."))
            return redirect("awards:organiser_signatories", slug=shown.slug)
    return render(
        request, "awards/organiser/signatories.html",
        {"edition": shown, "form": form, "signatories_open": shown.phase.signatories_open, },
    )
