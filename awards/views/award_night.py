"""Award night in the awards app: publication, winners, certificates, verification, presenter screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from awards import permissions
from awards.selectors import award_line, award_published_by_code, presenter_data, results_by_category
from awards.services.publication import edition_publish
from awards.site_address import site_address_context


@login_required
@require_http_methods(["GET", "POST"])
def edition_publish_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    if request.method == "POST":
        try:
            edition_publish(edition=edition, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("awards:edition_publish", slug=edition.slug)
        messages.success(
            request, _("The results are published; the e-mails to the participants are in the outbox, on their way.")
        )
        return redirect("awards:winners", slug=edition.slug)
    return render(
        request,
        "awards/award_night/publish_confirm.html",
        {
            "edition": edition,
            "can_publish": edition.phase.publish_allowed,
            "is_published": edition.phase.published,
            "site_address": site_address_context(request),
        },
    )


@require_safe
def winners(request, slug):
    edition = permissions.get_published_edition(slug)
    results = results_by_category(edition=edition)
    return render(request, "awards/award_night/winners.html", {"edition": edition, "results": results})


@require_safe
def verify_certificate(request, code):
    award = award_published_by_code(code=code)
    if award is None:
        raise Http404
    context = {"award": award, "line": award_line(award=award), "edition": award.edition}
    return render(request, "awards/award_night/verify.html", context)


@login_required
@require_safe
def certificate_pdf_view(request, code):
    from awards.award_night import certificate_pdf  # WeasyPrint is loaded only when a PDF is made

    award = permissions.get_certificate_for_company_user(request.user, code)
    response = HttpResponse(certificate_pdf(award=award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{award.certificate_code}.pdf"'
    return response


@login_required
@require_safe
def presenter(request, slug):
    edition = permissions.get_edition_for_presenter(request.user, slug)
    results = results_by_category(edition=edition, with_finalists=True)
    return render(
        request,
        "awards/award_night/presenter.html",
        {"edition": edition, "presenter_data": presenter_data(edition=edition, results=results)},
    )
