"""The outbox, for organisers: every e-mail the platform sent or is sending, its status, and a resend button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from awards.models import OutboxMessage
from awards.permissions import require_organiser
from awards.selectors import outbox_counts, outbox_messages
from awards.services.outbox import outbox_message_resend

PAGE_SIZE = 50


@login_required
@require_safe
def outbox(request):
    require_organiser(request.user)
    status = request.GET.get("status", "")
    if status not in OutboxMessage.Status.values:
        status = ""
    page = Paginator(outbox_messages(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = outbox_counts()
    filters = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts[value]) for value, label in OutboxMessage.Status.choices
    ]
    return render(request, "awards/organiser/outbox.html", {"page": page, "status": status, "filters": filters})


@login_required
@require_POST
def outbox_resend(request, pk):
    require_organiser(request.user)
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        copy = outbox_message_resend(message=message, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The message to %(recipient)s is queued again.") % {"recipient": copy.recipient})
    # Back where the button was (the outbox, or a message's page of deliveries), on this site only.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("awards:outbox")
