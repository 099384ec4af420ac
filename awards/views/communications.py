"""The organiser's communications for an edition: messages to a group (write, preview, send, follow each
recipient's delivery) and the scheduled reminders (their setting, schedule and what was sent)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from awards import permissions
from awards.communications import (
    group_message_deliveries,
    group_messages_of,
    message_preview,
    reminder_schedule,
    reminders_sent_of,
)
from awards.forms.communications import MessageForm, ReminderSettingsForm
from awards.services.messages import group_message_send
from awards.services.reminders import edition_reminder_days_update

PAGE_SIZE = 50


@login_required
@require_safe
def messages_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    page = Paginator(group_messages_of(edition=edition), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/organiser/messages.html", {"edition": edition, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def message_new_view(request, slug):
    """GET: the empty form. POST with action=preview: the form again with the recipient count and the message as
    one recipient reads it (nothing is written). POST with action=send: send, then the message's page."""
    edition = permissions.get_edition_for_organiser(request.user, slug)
    form = MessageForm(request.POST or None, edition=edition)
    preview = None
    if request.method == "POST" and form.is_valid():
        draft = form.draft()
        if request.POST.get("action") == "send":
            try:
                message = group_message_send(edition=edition, draft=draft, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("The message is queued for %(count)d recipients.") % {"count": message.recipient_count}
                )
                return redirect("awards:organiser_message", slug=edition.slug, pk=message.pk)
        preview = message_preview(
            edition=edition,
            group=draft.group,
            category=draft.category,
            language=draft.language,
            subjects=draft.subjects,
            bodies=draft.bodies,
        )
    return render(request, "awards/organiser/message_form.html", {"edition": edition, "form": form, "preview": preview})


@login_required
@require_safe
def message_detail_view(request, slug, pk):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    message = group_messages_of(edition=edition).filter(pk=pk).first()
    if message is None:
        raise Http404
    page = Paginator(group_message_deliveries(message=message), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/organiser/message_detail.html",
        {
            "edition": edition,
            "message": message,
            "page": page,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reminders_view(request, slug):
    edition = permissions.get_edition_for_organiser(request.user, slug)
    form = ReminderSettingsForm(request.POST or None, initial={"reminder_days": edition.reminder_days})
    if request.method == "POST" and form.is_valid():
        edition_reminder_days_update(edition=edition, days=form.cleaned_data["reminder_days"], actor=request.user)
        messages.success(
            request,
            _("Reminders now go out %(days)d days before each deadline.")
            % {"days": form.cleaned_data["reminder_days"]},
        )
        return redirect("awards:organiser_reminders", slug=edition.slug)
    page = Paginator(reminders_sent_of(edition=edition), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/organiser/reminders.html",
        {
            "edition": edition,
            "form": form,
            "schedule": reminder_schedule(edition=edition),
            "page": page,
        },
    )
