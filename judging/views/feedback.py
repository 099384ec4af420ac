"""The entrant's feedback report download, after publication."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from judging.permissions import get_entry_for_feedback
from judging.services.feedback import feedback_data, feedback_pdf


@login_required
@require_GET
def feedback_pdf_view(request, entry_pk):
    entry = get_entry_for_feedback(request.user, entry_pk)
    report = feedback_data(edition=entry.category.edition, entries=[entry]).get(entry.pk)
    if report is None:  # an entry that was never submitted is not in the results
        raise Http404
    response = HttpResponse(feedback_pdf(report=report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="feedback-{entry.reference}.pdf"'
    return response
