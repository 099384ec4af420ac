"""Entry documents: add and remove. A refused file leaves nothing behind: no row, no file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Entry, EntryDocument
from awards.permissions import entry_is_editable
from awards.uploads import check_upload, sanitise_name


@transaction.atomic
def document_add(*, entry: Entry, user, uploaded_file) -> EntryDocument:
    """Check the file by its content, then store it with its SHA-256, size, type and a safe name."""
    # Lock the entry: two uploads at once cannot pass the per-entry limit together.
    entry = Entry.objects.select_for_update().select_related("category__edition").get(pk=entry.pk)
    shown_name = sanitise_name(getattr(uploaded_file, "name", "")) or _("the file")
    if not entry_is_editable(entry):
        raise ValidationError(
            _("%(name)s was not accepted: this entry can no longer be changed.") % {"name": shown_name}
        )
    limit = settings.ENTRY_DOCUMENT_MAX_COUNT
    if entry.documents.count() >= limit:
        raise ValidationError(
            _("%(name)s was not accepted: an entry can have at most %(limit)d documents.")
            % {"name": shown_name, "limit": limit}
        )
    checked = check_upload(uploaded_file, max_bytes=settings.ENTRY_DOCUMENT_MAX_BYTES)
    # The same bytes twice would be listed twice and read twice by every judge (the entry is locked above).
    same = entry.documents.filter(sha256=checked.sha256).first()
    if same is not None:
        raise ValidationError(
            _("%(name)s was not accepted: this entry already has the same file, as %(existing)s.")
            % {"name": shown_name, "existing": same.original_name}
        )
    document = EntryDocument(
        entry=entry,
        original_name=checked.name,
        size=checked.size,
        kind=checked.file_type.kind,
        content_type=checked.file_type.content_type,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    document.file.save(checked.name, uploaded_file, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_remove(*, document: EntryDocument, user) -> None:
    """Delete a document of a draft entry; the file goes once the deletion has committed."""
    document = EntryDocument.objects.select_for_update().select_related("entry__category__edition").get(
        pk=document.pk
    )
    if not entry_is_editable(document.entry):
        raise ValidationError(
            _("%(name)s cannot be deleted: this entry can no longer be changed.") % {"name": document.original_name}
        )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
