"""The finals day's pages: the organiser's timetable (day, rooms, panels, generate, move, swap, PDF, .ics), the
finalist's own slot, a judge's running order and private notes, the room chair's view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from awards.downloads import document_response
from judging.finals import selectors
from judging.finals import services as finals
from judging.finals.exports import timetable_ics, timetable_pdf
from judging.finals.forms import (
    FinalsDayForm,
    InterviewNoteForm,
    MoveForm,
    PanelForm,
    PanelRemoveForm,
    PresentationForm,
    PresentersForm,
    RoomForm,
    RoomRemoveForm,
    SwapForm,
)
from judging.permissions import (
    get_edition_for_finals_organiser,
    get_finals_day_for_company,
    get_finals_seat,
    get_presentation_for_reader,
    get_room_slot_for_judge,
    judge_agreement_missing,
)
from judging.views.workspace import agreement_redirect


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


# --- The organiser -----------------------------------------------------------------------------------------


def _organiser_page(request, edition, *, day_form=None, status=200):
    day = selectors.finals_day_of(edition=edition)
    final = selectors.final_round_of(edition=edition)
    context = {
        "edition": edition,
        "day": day,
        "final": final,
        "editable": final is not None and selectors.timetable_editable(round=final),
    }
    if day_form is None:
        initial = {"slot_minutes": 30, "changeover_minutes": 10, "starts_at": "09:00", "ends_at": "17:00"}
        if day is not None:
            initial = {
                name: getattr(day, name)
                for name in (
                    "date",
                    "starts_at",
                    "ends_at",
                    "slot_minutes",
                    "changeover_minutes",
                    "venue",
                    "instructions",
                )
            }
            initial["presentation_deadline"] = (
                timezone.localtime(day.presentation_deadline) if day.presentation_deadline else None
            )
            initial["breaks"] = FinalsDayForm.breaks_text(day)
        day_form = FinalsDayForm(initial=initial)
    context["day_form"] = day_form
    if day is not None:
        rooms = selectors.rooms_with_timetable(day=day, with_presentations=True)
        context.update(
            rooms=rooms,
            readiness=selectors.finals_readiness(day=day),
            has_slots=any(room.slots.all() for room in rooms),
            unscheduled=selectors.unscheduled_finalists(day=day),
            breaks=list(day.breaks.all()),
            room_form=RoomForm(),
            panel_form=PanelForm(day=day),
            move_form=MoveForm(day=day),
            swap_form=SwapForm(day=day),
        )
    return render(request, "judging/finals/organiser.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organiser(request, slug):
    """GET: the finals day page. POST: the day's settings and breaks."""
    edition = get_edition_for_finals_organiser(request.user, slug)
    if request.method != "POST":
        return _organiser_page(request, edition)
    form = FinalsDayForm(request.POST)
    if not form.is_valid():
        return _organiser_page(request, edition, day_form=form, status=400)
    try:
        finals.finals_day_save(edition=edition, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _organiser_page(request, edition, day_form=form, status=400)
    messages.success(request, _("The finals day is saved."))
    return redirect("judging:finals", slug=edition.slug)


def _day_or_back(request, edition):
    day = selectors.finals_day_of(edition=edition)
    if day is None:
        messages.error(request, _("Set the finals day first."))
    return day


def _organiser_action(service, success, *, form_class=None, fields: tuple[str, ...] = (), with_day: bool = False):
    """A view for one organiser action on the finals day: its form (if any), one service call (with the form's
    `fields` as keyword arguments, the day if `with_day`, the organiser as actor), back to the page with its
    outcome. `success`: the message, or a function of the service's result that words it."""

    @login_required
    @require_POST
    def view(request, slug):
        edition = get_edition_for_finals_organiser(request.user, slug)
        day = _day_or_back(request, edition)
        if day is not None:
            form = form_class(request.POST, day=day) if form_class is not None else None
            if form is not None and not form.is_valid():
                _form_errors(request, form)
            else:
                arguments = {name: form.cleaned_data[name] for name in fields} | ({"day": day} if with_day else {})
                try:
                    result = service(**arguments, actor=request.user)
                except ValidationError as error:
                    _errors(request, error)
                else:
                    messages.success(request, success(result) if callable(success) else success)
        return redirect("judging:finals", slug=edition.slug)

    return view


room_add = _organiser_action(
    finals.finals_room_add, gettext_lazy("The room is added."), form_class=RoomForm, fields=("name",), with_day=True
)
room_remove = _organiser_action(
    finals.finals_room_remove, gettext_lazy("The room is removed."), form_class=RoomRemoveForm, fields=("room",)
)
panel_add = _organiser_action(
    finals.room_panel_add,
    gettext_lazy("The judge is on the room's panel."),
    form_class=PanelForm,
    fields=("room", "judge", "is_chair"),
)
panel_remove = _organiser_action(
    finals.room_panel_remove,
    gettext_lazy("The judge is off the room's panel."),
    form_class=PanelRemoveForm,
    fields=("member",),
)
generate = _organiser_action(
    finals.timetable_generate,
    lambda count: _("A draft timetable of %(count)d slots is ready: adjust it below if needed.") % {"count": count},
    with_day=True,
)
move = _organiser_action(
    finals.slot_move, gettext_lazy("The slot is moved."), form_class=MoveForm, fields=("slot", "room", "starts_at")
)
swap = _organiser_action(
    finals.slots_swap, gettext_lazy("The two slots are swapped."), form_class=SwapForm, fields=("slot", "other")
)


def _day_for_export(request, slug):
    edition = get_edition_for_finals_organiser(request.user, slug)
    day = selectors.finals_day_of(edition=edition)
    if day is None:
        raise Http404
    return edition, day


@login_required
@require_safe
def timetable_pdf_view(request, slug):
    edition, day = _day_for_export(request, slug)
    response = HttpResponse(timetable_pdf(day=day), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="finals-{edition.slug}.pdf"'
    return response


@login_required
@require_safe
def timetable_ics_view(request, slug):
    edition, day = _day_for_export(request, slug)
    response = HttpResponse(timetable_ics(day=day), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="finals-{edition.slug}.ics"'
    return response


# --- The finalist ------------------------------------------------------------------------------------------


def _mine_page(request, company, day, status=200):
    items = selectors.company_slots(company=company, day=day)
    context = {
        "edition": day.round.edition,
        "day": day,
        "company": company,
        "items": [
            {
                "item": item,
                "presenters_form": PresentersForm(
                    initial={
                        "entry": item.entry.pk,
                        "presenters": (item.presentation.presenters if item.presentation else "")
                        or (item.entry.nominee_name if item.entry.category.is_individual else ""),
                    }
                ),
                "presentation_form": PresentationForm(initial={"entry": item.entry.pk}),
            }
            for item in items
        ],
        "deadline_passed": day.presentation_deadline is not None and timezone.now() >= day.presentation_deadline,
    }
    return render(request, "judging/finals/mine.html", context, status=status)


def _own_entry(company, day, pk):
    for item in selectors.company_slots(company=company, day=day):
        if item.entry.pk == pk and item.slot is not None:
            return item.entry
    raise Http404


def _finalist_give(request, slug, form, give, success):
    """What a finalist gives for one of its own scheduled entries (`give(day, entry, cleaned_data)` calls the
    service): refused with its reasons on the page (400), else back to the page with `success`."""
    company, day = get_finals_day_for_company(request.user, slug)
    if not form.is_valid():
        _form_errors(request, form)
        return _mine_page(request, company, day, status=400)
    entry = _own_entry(company, day, form.cleaned_data["entry"])
    try:
        give(day, entry, form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return _mine_page(request, company, day, status=400)
    messages.success(request, success)
    return redirect("judging:finals_mine", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request, slug):
    """The finalist's own slot, room and instructions; POST names who presents."""
    if request.method == "POST":
        set_presenters = lambda day, entry, data: finals.presenters_set(  # noqa: E731
            day=day, entry=entry, presenters=data["presenters"], user=request.user
        )
        return _finalist_give(
            request, slug, PresentersForm(request.POST), set_presenters, _("The presenters are saved.")
        )
    company, day = get_finals_day_for_company(request.user, slug)
    return _mine_page(request, company, day)


@login_required
@require_POST
def presentation_upload(request, slug):
    upload = lambda day, entry, data: finals.presentation_upload(  # noqa: E731
        day=day, entry=entry, uploaded_file=data["file"], user=request.user
    )
    form = PresentationForm(request.POST, request.FILES)
    return _finalist_give(request, slug, form, upload, _("Your final presentation is uploaded."))


@login_required
@require_safe
def presentation_download(request, pk):
    presentation = get_presentation_for_reader(request.user, pk)
    return document_response(request, document=presentation)


# --- The judge and the chair ------------------------------------------------------------------------------


@login_required
@require_GET
def room(request, slug):
    seat = get_finals_seat(request.user, slug)
    edition = seat.day.round.edition
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    items = selectors.running_order(seat=seat)
    current = selectors.current_item(items=items, now=timezone.now())
    return render(
        request,
        "judging/finals/room.html",
        {
            "edition": edition,
            "seat": seat,
            "day": seat.day,
            "items": items,
            "current": current,
            "scoring_open": edition.phase.scoring_open,
            "notes_open": selectors.interview_notes_open(round=seat.day.round),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notes(request, pk):
    seat, slot = get_room_slot_for_judge(request.user, pk)
    edition = seat.day.round.edition
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    notes_open = selectors.interview_notes_open(round=seat.day.round)
    note = selectors.interview_note_of(judge=seat.judge, entry=slot.entry, round=seat.day.round)
    text, readable = finals.interview_note_read(note=note)
    status = 200
    if request.method == "POST":
        form = InterviewNoteForm(request.POST)
        if form.is_valid():
            try:
                finals.interview_note_save(
                    judge=seat.judge, entry=slot.entry, round=seat.day.round, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("text", message)
            else:
                messages.success(request, _("Your notes are saved."))
                return redirect("judging:finals_notes", pk=pk)
        status = 400
    else:
        form = InterviewNoteForm(initial={"text": text})
    return render(
        request,
        "judging/finals/notes.html",
        {
            "edition": edition,
            "seat": seat,
            "slot": slot,
            "form": form,
            "readable": readable,
            "note": note,
            "notes_open": notes_open,
        },
        status=status,
    )


@login_required
@require_GET
def chair(request, slug):
    seat = get_finals_seat(request.user, slug, chair=True)
    edition = seat.day.round.edition
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    items = selectors.running_order(seat=seat)
    chosen = request.GET.get("slot", "")
    current = next((item for item in items if str(item.slot.pk) == chosen), None) or selectors.current_item(
        items=items, now=timezone.now()
    )
    index = items.index(current) if current is not None else None
    submissions = selectors.submissions_for(seat=seat, entry_id=current.slot.entry_id) if current else None
    return render(
        request,
        "judging/finals/chair.html",
        {
            "edition": edition,
            "seat": seat,
            "day": seat.day,
            "items": items,
            "current": current,
            "previous": items[index - 1] if index else None,
            "next": items[index + 1] if index is not None and index + 1 < len(items) else None,
            "submissions": submissions,
            "on_the_day": timezone.localdate() == seat.day.date,
        },
    )
