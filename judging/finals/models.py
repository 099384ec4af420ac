"""The finals day's models. Imported by judging.models, so they belong to the judging app."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.models import Entry
from awards.models.base import private_storage

SLOT_MINUTES_MAX = 240
CHANGEOVER_MINUTES_MAX = 120
INTERVIEW_NOTE_MAX_LENGTH = 3000


def _presentation_path(instance, filename):
    # The stored name is random; the original name is kept in a field and only ever sent back sanitised.
    return f"finals/{instance.entry_id}/{uuid.uuid4().hex}"


class FinalsDay(models.Model):
    """The day the final round's finalists present to the room panels: when it starts and ends, how long a
    slot and a changeover last, the instructions every finalist reads and the presentations' deadline."""

    round = models.OneToOneField("judging.Round", on_delete=models.CASCADE, related_name="finals_day")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("first slot starts at"))
    ends_at = models.TimeField(_("day ends at"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(SLOT_MINUTES_MAX)]
    )
    changeover_minutes = models.PositiveSmallIntegerField(
        _("changeover (minutes)"), default=10, validators=[MaxValueValidator(CHANGEOVER_MINUTES_MAX)]
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    instructions = models.TextField(_("instructions for finalists"), blank=True, max_length=4000)
    presentation_deadline = models.DateTimeField(_("final presentations due by"), null=True, blank=True)

    class Meta:
        verbose_name = _("finals day")
        verbose_name_plural = _("finals days")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="finals_day_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="finals_day_slot_length"),
        ]

    def __str__(self) -> str:
        return f"finals day {self.date} ({self.round})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The day must end after its first slot starts.")})


class FinalsBreak(models.Model):
    """A pause in every room (lunch, prayers): no slot overlaps it."""

    day = models.ForeignKey(FinalsDay, on_delete=models.CASCADE, related_name="breaks")
    starts_at = models.TimeField(_("break starts at"))
    ends_at = models.TimeField(_("break ends at"))
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["day", "starts_at"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="finals_break_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.label or 'break'} {self.starts_at}-{self.ends_at}"


class FinalsRoom(models.Model):
    day = models.ForeignKey(FinalsDay, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["day", "order", "name"]
        verbose_name = _("finals room")
        verbose_name_plural = _("finals rooms")
        constraints = [models.UniqueConstraint(fields=["day", "name"], name="finals_room_name_unique")]

    def __str__(self) -> str:
        return self.name


class RoomPanelMember(models.Model):
    """A judge on a room's panel for the whole day. `day` repeats the room's day so the database itself keeps a
    judge to one room at a time; one member of a room may chair it."""

    day = models.ForeignKey(FinalsDay, on_delete=models.CASCADE, related_name="panel_members")
    room = models.ForeignKey(FinalsRoom, on_delete=models.CASCADE, related_name="panel")
    judge = models.ForeignKey("judging.Judge", on_delete=models.CASCADE, related_name="room_seats")
    is_chair = models.BooleanField(_("chairs the room"), default=False)

    class Meta:
        ordering = ["room", "-is_chair", "judge__full_name"]
        verbose_name = _("room panel member")
        verbose_name_plural = _("room panel members")
        constraints = [
            models.UniqueConstraint(fields=["day", "judge"], name="room_panel_one_room_per_judge"),
            models.UniqueConstraint(fields=["room"], condition=Q(is_chair=True), name="room_panel_one_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} in {self.room}"


class FinalsSlot(models.Model):
    """A finalist's presentation slot: its room and time. Regenerating or adjusting the timetable replaces slots;
    what the finalist gave (FinalsPresentation) stays."""

    day = models.ForeignKey(FinalsDay, on_delete=models.CASCADE, related_name="slots")
    room = models.ForeignKey(FinalsRoom, on_delete=models.CASCADE, related_name="slots")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="finals_slots")
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["day", "room__order", "room__name", "starts_at"]
        verbose_name = _("finals slot")
        verbose_name_plural = _("finals slots")
        constraints = [
            models.UniqueConstraint(fields=["day", "entry"], name="finals_slot_once_per_finalist"),
            models.UniqueConstraint(fields=["room", "starts_at"], name="finals_slot_room_start_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="finals_slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at}: {self.entry}"


class FinalsPresentation(models.Model):
    """What a finalist gives for its finals slot: who presents, and its final presentation file (checked by the
    entry documents' upload rules, awards.uploads)."""

    day = models.ForeignKey(FinalsDay, on_delete=models.CASCADE, related_name="presentations")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="finals_presentations")
    presenters = models.CharField(_("who presents"), max_length=300, blank=True)
    file = models.FileField(storage=private_storage, upload_to=_presentation_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=150, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("final presentation")
        verbose_name_plural = _("final presentations")
        constraints = [models.UniqueConstraint(fields=["day", "entry"], name="finals_presentation_once")]

    def __str__(self) -> str:
        return f"presentation of {self.entry}"


class InterviewNote(models.Model):
    """A judge's private notes on a finalist's presentation and interview, encrypted at rest with the draft keys
    (judging.sealing.interview_note_encrypt): readable by that judge only, never by organisers."""

    round = models.ForeignKey("judging.Round", on_delete=models.CASCADE, related_name="interview_notes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="interview_notes")
    judge = models.ForeignKey("judging.Judge", on_delete=models.CASCADE, related_name="interview_notes")
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "entry", "judge"], name="interview_note_unique")]

    def __str__(self) -> str:
        return f"interview note #{self.pk}"
