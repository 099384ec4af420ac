"""The programme and its participants, one module per subject: editions and categories, companies, entries and
their documents, NDAs, published awards, the audit log, the outbox of e-mails, messages to groups and reminders
sent, and each person's profile (the language they read). `from awards.models import X` finds every model here.

The migrations name `awards.models.private_storage` and `awards.models._document_path`: keep them exported.
"""

from awards.models.accounts import Profile
from awards.models.audit import AuditEvent, AuditHead
from awards.models.base import PERCENT_VALIDATORS, _document_path, private_storage
from awards.models.companies import Channel, Company, CompanyContact, CompanyInvitation
from awards.models.editions import Category, Edition, SeatClass
from awards.models.entries import DeadlineExtension, Entry, EntryDocument
from awards.models.messages import GroupMessage, ReminderSent
from awards.models.nda import NdaAcceptance, NdaVersion
from awards.models.outbox import OutboxMessage
from awards.models.results import Award

__all__ = [
    "PERCENT_VALIDATORS",
    "AuditEvent",
    "AuditHead",
    "Award",
    "Category",
    "Channel",
    "Company",
    "CompanyContact",
    "CompanyInvitation",
    "DeadlineExtension",
    "Edition",
    "Entry",
    "EntryDocument",
    "GroupMessage",
    "NdaAcceptance",
    "NdaVersion",
    "OutboxMessage",
    "Profile",
    "ReminderSent",
    "SeatClass",
    "_document_path",
    "private_storage",
]
