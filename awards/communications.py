"""Communications: who belongs to each group an organiser can write to, the placeholders a message may use, and
the deadlines scheduled reminders are sent before.

A message is a template over what its recipient may already see: its name, company, the edition's name and
dates, a link to its own dashboard. Only the placeholders in PLACEHOLDERS exist; anything else in braces is
refused, so nothing in a message can carry a score, a rank or an order.

The awards app states its own groups (entrants, entrants of a category, companies that have not signed the NDA)
and its own deadline (the entry deadline). The judging app adds its groups (judges with unscored entries, key
holders who have not enrolled) and its deadline (a round's scoring) through ``register_group`` and
``register_deadlines`` in its ``AppConfig.ready``, so this module never imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    Category,
    CompanyContact,
    Edition,
    Entry,
    GroupMessage,
    NdaVersion,
    OutboxMessage,
    ReminderSent,
)
from awards.selectors import _participant_signed, nda_current, user_language, user_languages

LANGUAGES = ("id", "en")
BOTH = "id+en"


def language_or_both(language: str) -> str:
    """The language an e-mail to one person is written in: theirs, or both when it is not known."""
    return language if language in LANGUAGES else BOTH


@dataclass(frozen=True)
class Recipient:
    """One person a message or a reminder goes to, with what its placeholders may show them."""

    user_id: int
    email: str
    name: str
    company: str = ""
    dashboard_path: str = ""  # the path of their own page on the site ("/dashboard/", "/judging/")
    language: str = ""  # the language they read ("id", "en"), "" when not known (they get both)


# --- Groups -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    members: Callable[[Edition, Category | None], list[Recipient]]
    order: int
    by_category: bool = False  # the organiser picks a category (entrants of a category)


_groups: dict[str, Group] = {}


def register_group(group: Group) -> None:
    """Add a group another app computes (called from that app's ``AppConfig.ready``)."""
    _groups[group.key] = group


def groups() -> list[Group]:
    return sorted(_groups.values(), key=lambda group: group.order)


def group_of(key: str) -> Group | None:
    return _groups.get(key)


def with_languages(recipients: list[Recipient]) -> list[Recipient]:
    """The recipients, each with their preferred language (one query for all: a group another app computes does
    not know it)."""
    languages = user_languages(user_ids=[recipient.user_id for recipient in recipients if not recipient.language])
    return [
        replace(recipient, language=languages[recipient.user_id]) if recipient.user_id in languages else recipient
        for recipient in recipients
    ]


def group_members(*, edition: Edition, key: str, category: Category | None = None) -> list[Recipient]:
    """The group's recipients, one per person (by user), in a stable order."""
    group = _groups[key]
    seen, members = set(), []
    for recipient in group.members(edition, category):
        if recipient.user_id not in seen and recipient.email:
            seen.add(recipient.user_id)
            members.append(recipient)
    return members


def _contacts_of_companies(companies) -> list[Recipient]:
    dashboard = reverse("awards:dashboard")
    contacts = (
        CompanyContact.objects.filter(company_id__in=companies.values("company_id"), user__is_active=True)
        .order_by("company__legal_name", "full_name", "pk")
        .values_list(
            "user_id", "user__email", "full_name", "company__brand", "company__legal_name", "user__profile__language"
        )
    )  # plain values: a group of hundreds of contacts builds no model instances
    return [
        Recipient(
            user_id=user_id,
            email=email,
            name=name,
            company=brand or legal_name,
            dashboard_path=dashboard,
            language=language or "",
        )
        for user_id, email, name, brand, legal_name, language in contacts
    ]


def _entrant_entries(edition: Edition):
    return Entry.objects.filter(category__edition=edition).exclude(status=Entry.Status.WITHDRAWN)


def _entrants(edition: Edition, category: Category | None) -> list[Recipient]:
    return _contacts_of_companies(_entrant_entries(edition))


def _category_entrants(edition: Edition, category: Category | None) -> list[Recipient]:
    if category is None:
        return []
    return _contacts_of_companies(_entrant_entries(edition).filter(category=category))


def _nda_unsigned(edition: Edition, category: Category | None) -> list[Recipient]:
    version = nda_current(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
    if version is None:  # nothing to sign yet
        return []
    unsigned = (
        _entrant_entries(edition)
        .annotate(signed=_participant_signed(version=version, company_ref="company"))
        .filter(signed=False)
    )
    return _contacts_of_companies(unsigned)


register_group(Group(key="entrants", label=gettext_lazy("All entrants"), members=_entrants, order=10))
register_group(
    Group(
        key="category_entrants",
        label=gettext_lazy("Entrants of a category"),
        members=_category_entrants,
        order=20,
        by_category=True,
    )
)
register_group(
    Group(
        key="nda_unsigned",
        label=gettext_lazy("Entrants who have not signed the current NDA"),
        members=_nda_unsigned,
        order=30,
    )
)


# --- Placeholders -----------------------------------------------------------------------------------------

# The only values a message may show its recipient: nothing here can carry a score, a rank or an order.
PLACEHOLDERS: dict[str, str | Promise] = {
    "name": gettext_lazy("the recipient's name"),
    "company": gettext_lazy("the recipient's company (empty for judges and key holders)"),
    "edition": gettext_lazy("the edition's name"),
    "entry_deadline": gettext_lazy("when registration and entries close"),
    "judging_closes": gettext_lazy("when judging closes"),
    "award_night": gettext_lazy("the award night's date"),
    "dashboard_url": gettext_lazy("a link to the recipient's own page"),
}
_BRACED = re.compile(r"\{([^{}]*)\}")


def placeholder_problems(text: str) -> list[str]:
    """Why `text` cannot be sent: each unknown placeholder, or a brace that opens none (one sentence each)."""
    problems = []
    for name in dict.fromkeys(_BRACED.findall(text)):
        if name not in PLACEHOLDERS:
            problems.append(
                _("{%(name)s} is not a placeholder a message may use. Use only: %(allowed)s.")
                % {"name": name, "allowed": ", ".join("{" + key + "}" for key in PLACEHOLDERS)}
            )
    if "{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text):
        problems.append(_("Braces { } are only for placeholders such as {name}: remove the others."))
    return problems


def _date(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y, H:i")


def edition_values(*, edition: Edition) -> dict[str, str]:
    """The placeholders every recipient shares (the edition's name and dates), in the active language."""
    return {
        "edition": edition.name,
        "entry_deadline": _date(edition.registration_closes),
        "judging_closes": _date(edition.judging_closes),
        "award_night": _date(edition.award_night),
    }


def placeholder_values(
    *, edition: Edition, recipient: Recipient, shared: dict[str, str] | None = None
) -> dict[str, str]:
    """The placeholders' values for one recipient, in the active language (`shared`: edition_values, when the
    caller has them already)."""
    return {
        **(shared if shared is not None else edition_values(edition=edition)),
        "name": recipient.name,
        "company": recipient.company,
        "dashboard_url": settings.SITE_URL.rstrip("/") + (recipient.dashboard_path or "/"),
    }


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """`text` with each placeholder replaced (call placeholder_problems first: unknown ones stay as typed)."""
    return _BRACED.sub(lambda match: values.get(match.group(1), match.group(0)), text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def message_render(
    *,
    edition: Edition,
    recipient: Recipient,
    language: str,
    subjects: dict[str, str],
    bodies: dict[str, str],
    shared: dict[str, dict[str, str]] | None = None,
) -> dict[str, Rendered]:
    """The message for one recipient in each language `language` names ("id+en", "id" or "en"). `shared`: the
    edition's values per language (shared_values), for a caller rendering many recipients."""
    rendered = {}
    for code in language.split("+"):
        with translation.override(code):
            values = placeholder_values(
                edition=edition, recipient=recipient, shared=shared[code] if shared is not None else None
            )
        rendered[code] = Rendered(
            subject=placeholders_fill(subjects[code], values), body=placeholders_fill(bodies[code], values)
        )
    return rendered


def shared_values(*, edition: Edition, language: str) -> dict[str, dict[str, str]]:
    """edition_values in each language `language` names."""
    values = {}
    for code in language.split("+"):
        with translation.override(code):
            values[code] = edition_values(edition=edition)
    return values


def joined(rendered: dict[str, Rendered]) -> Rendered:
    """One e-mail of the languages rendered: subjects joined by " / ", bodies one after the other."""
    return Rendered(
        subject=" / ".join(part.subject for part in rendered.values()),
        body="\n\n— — —\n\n".join(part.body.strip() for part in rendered.values()) + "\n",
    )


def render_both_languages(template: str, context: dict, *, language: str = "") -> Rendered:
    """templates `<template>_subject.txt` and `<template>_message.txt` rendered in the recipient's `language`, or
    in Indonesian, then English for recipients whose language the site does not know."""
    rendered = {}
    for code in language_or_both(language).split("+"):
        with translation.override(code):
            rendered[code] = Rendered(
                subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
                body=render_to_string(f"{template}_message.txt", context),
            )
    return joined(rendered)


# --- Scheduled reminders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One reminder ready to send: to whom, and what it says (already rendered)."""

    recipient: Recipient
    subject: str
    body: str
    language: str = BOTH  # what the subject and body are written in


@dataclass(frozen=True)
class Deadline:
    """A deadline reminders are sent before, while it applies. `reminders` computes who would be reminded now
    (run only when the reminders are due)."""

    kind: str  # ReminderSent.Kind
    target: str  # what the deadline belongs to ("edition:3", "round:7")
    title: str
    deadline: datetime
    reminders: Callable[[], list[Reminder]] = field(compare=False)

    def remind_from(self, edition: Edition) -> datetime:
        return self.deadline - timedelta(days=edition.reminder_days)

    def is_due(self, edition: Edition, now: datetime) -> bool:
        return self.remind_from(edition) <= now < self.deadline


DeadlineProvider = Callable[[Edition], list[Deadline]]
_deadline_providers: list[DeadlineProvider] = []


def register_deadlines(provider: DeadlineProvider) -> None:
    """Add the deadlines another app knows about (called once, from that app's ``AppConfig.ready``)."""
    if provider not in _deadline_providers:
        _deadline_providers.append(provider)


def _entry_deadline(edition: Edition) -> list[Deadline]:
    if not edition.phase.registration_open:
        return []

    def reminders() -> list[Reminder]:
        drafts = Entry.objects.filter(category__edition=edition, status=Entry.Status.DRAFT)
        contacts = (
            CompanyContact.objects.filter(
                Exists(drafts.filter(company_id=OuterRef("company_id"))), user__is_active=True
            )
            .select_related("user", "user__profile", "company")
            .order_by("company__legal_name", "full_name", "pk")
        )
        by_company: dict[int, list[Entry]] = {}
        for entry in drafts.select_related("category", "company").order_by("category__ceremony_order", "pk"):
            by_company.setdefault(entry.company_id, []).append(entry)
        dashboard = reverse("awards:dashboard")
        site = settings.SITE_URL.rstrip("/")
        found = []
        for contact in contacts:
            recipient = Recipient(
                user_id=contact.user_id,
                email=contact.user.email,
                name=contact.full_name,
                company=contact.company.display_name,
                dashboard_path=dashboard,
                language=user_language(user=contact.user),
            )
            text = render_both_languages(
                "awards/email/reminder_entries",
                {
                    "recipient": recipient,
                    "edition": edition,
                    "entries": by_company[contact.company_id],
                    "deadline": edition.registration_closes,
                    "dashboard_url": site + dashboard,
                },
                language=recipient.language,
            )
            found.append(
                Reminder(
                    recipient=recipient,
                    subject=text.subject,
                    body=text.body,
                    language=language_or_both(recipient.language),
                )
            )
        return found

    return [
        Deadline(
            kind="entries",
            target=f"edition:{edition.pk}",
            title=_("Entry deadline"),
            deadline=edition.registration_closes,
            reminders=reminders,
        )
    ]


register_deadlines(_entry_deadline)


def edition_deadlines(*, edition: Edition) -> list[Deadline]:
    """Every deadline of the edition that reminders are sent before now, soonest first."""
    deadlines = []
    for provider in _deadline_providers:
        deadlines.extend(provider(edition))
    return sorted(deadlines, key=lambda deadline: deadline.deadline)


# --- Reads for the organiser's pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What sending would do: how many people receive the message, and the message as one of them reads it."""

    count: int
    sample: Recipient | None
    rendered: dict[str, Rendered]
    # With "each recipient's language": how many read Indonesian, English, and both (language not known).
    by_language: dict[str, int] = field(default_factory=dict)


def message_preview(
    *,
    edition: Edition,
    group: str,
    category: Category | None,
    language: str,
    subjects: dict[str, str],
    bodies: dict[str, str],
) -> Preview:
    """The recipient count and the message rendered for the first recipient (changes nothing)."""
    members = group_members(edition=edition, key=group, category=category)
    if not members:
        return Preview(count=0, sample=None, rendered={})
    members = with_languages(members)
    sample = members[0]
    by_language = {}
    if language == GroupMessage.Language.RECIPIENT:
        by_language = {"id": 0, "en": 0, "both": 0}
        for member in members:
            by_language[member.language if member.language in LANGUAGES else "both"] += 1
        language = language_or_both(sample.language)
    return Preview(
        count=len(members),
        sample=sample,
        rendered=message_render(edition=edition, recipient=sample, language=language, subjects=subjects, bodies=bodies),
        by_language=by_language,
    )


def group_messages_of(*, edition: Edition):
    """The edition's messages, newest first, each with how many of its e-mails are queued, sent and failed."""
    status = OutboxMessage.Status
    return (
        GroupMessage.objects.filter(edition=edition)
        .select_related("sent_by")
        .annotate(
            queued_count=Count("outbox_messages", filter=Q(outbox_messages__status=status.QUEUED)),
            sent_count=Count("outbox_messages", filter=Q(outbox_messages__status=status.SENT)),
            failed_count=Count("outbox_messages", filter=Q(outbox_messages__status=status.FAILED)),
        )
        .order_by("-sent_at", "-pk")
    )


def group_message_deliveries(*, message):
    """Each e-mail of the message (one per recipient, and any resent copy), by recipient."""
    return message.outbox_messages.order_by("recipient", "pk")


def reminders_sent_of(*, edition: Edition):
    return ReminderSent.objects.filter(edition=edition).select_related("outbox_message").order_by("-sent_at", "-pk")


@dataclass(frozen=True)
class ScheduleLine:
    deadline: Deadline
    remind_from: datetime
    status: str  # "later", "due" (sent on the worker's next run), "passed"
    sent: int


def reminder_schedule(*, edition: Edition, now=None) -> list[ScheduleLine]:
    """Each deadline that applies now, when its reminders go out and how many were sent."""
    now = now or timezone.now()
    deadlines = edition_deadlines(edition=edition)
    counts = {
        (row["kind"], row["target"], row["deadline"]): row["n"]
        for row in ReminderSent.objects.filter(edition=edition)
        .values("kind", "target", "deadline")
        .annotate(n=Count("pk"))
        .order_by()
    }
    lines = []
    for deadline in deadlines:
        remind_from = deadline.remind_from(edition)
        status = "passed" if now >= deadline.deadline else ("due" if now >= remind_from else "later")
        lines.append(
            ScheduleLine(
                deadline=deadline,
                remind_from=remind_from,
                status=status,
                sent=counts.get((deadline.kind, deadline.target, deadline.deadline), 0),
            )
        )
    return lines
