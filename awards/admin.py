"""The Django admin for organisers: set up editions, categories and NDA texts; look at the rest.

Signatures and the audit log are records: nobody adds, changes or deletes them here. Entries are
changed by their companies only, so the admin shows them read-only. No uploaded file is linked. A company
contact's account is never swapped here (``judging.admin`` says why for the panel).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from awards.models import (
    AuditEvent,
    Category,
    Company,
    CompanyContact,
    Edition,
    Entry,
    EntryDocument,
    NdaAcceptance,
    NdaVersion,
)
from awards.services.editions import nda_version_publish, nda_version_update

# The background tasks' rows (django-tasks-db registers a read-only admin for them) stay out of the admin: the
# e-mails they deliver are on the organisers' outbox page, and the worker's own log says what it ran.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

admin.site.site_header = _("CCT Awards administration")
admin.site.site_title = _("CCT Awards administration")
admin.site.index_title = _("Editions, participants and records")


class ReadOnlyAdminMixin:
    """View only, for everyone, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CategoryInline(admin.TabularInline):
    """The edition's categories at a glance; descriptions and award settings on each category's own page."""

    model = Category
    fields = ("ceremony_order", "code", "name_id", "name_en", "kind")
    extra = 0
    show_change_link = True
    formfield_overrides = {
        models.SlugField: {"widget": forms.TextInput(attrs={"size": 14})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 24})},
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "vIntegerField"})},
    }


class NdaVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Listed here; added, edited and published on the NDA versions' own pages."""

    model = NdaVersion
    fields = ("audience", "version_label", "title_en", "published_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "year", "state", "registration_opens", "registration_closes", "award_night")
    list_filter = ("state",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    # The state moves only through the lifecycle service (organiser pages and management commands).
    readonly_fields = ("state", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "year", "state")}),
        (
            _("Timeline"),
            {"fields": ("registration_opens", "registration_closes", "judging_opens", "judging_closes")},
        ),
        (_("Award night"), {"fields": ("award_night", "venue")}),
        (
            _("Signatories"),
            {
                "fields": (
                    "chair_name",
                    "chair_title",
                    "chair_signature",
                    "organiser_name",
                    "organiser_title",
                    "organiser_signature",
                )
            },
        ),
    )
    inlines = (CategoryInline, NdaVersionInline)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_id", "edition", "kind", "seat_class", "award_mode", "ceremony_order")
    list_filter = ("edition", "kind", "award_mode")
    search_fields = ("code", "name_en", "name_id")
    list_select_related = ("edition",)
    fieldsets = (
        (None, {"fields": ("edition", "code", "ceremony_order", "kind", "seat_class", "max_entries_per_company")}),
        (_("Names and descriptions"), {"fields": ("name_id", "name_en", "description_id", "description_en")}),
        (
            _("Judging and awards"),
            {
                "fields": (
                    "min_judges",
                    "normalise_scores",
                    "award_mode",
                    "platinum_threshold",
                    "gold_threshold",
                    "silver_threshold",
                    "bronze_threshold",
                )
            },
        ),
    )


@admin.register(NdaVersion)
class NdaVersionAdmin(admin.ModelAdmin):
    list_display = ("edition", "audience", "version_label", "title_en", "published_at", "short_hash")
    list_filter = ("edition", "audience")
    list_select_related = ("edition",)
    actions = ("publish_selected",)
    change_form_template = "admin/awards/ndaversion/change_form.html"
    editable_fields = ("edition", "audience", "version_label", "title_id", "title_en", "text_id", "text_en")

    @admin.display(description="SHA-256")
    def short_hash(self, obj):
        return f"{obj.text_sha256[:12]}…" if obj.text_sha256 else "—"

    def get_fields(self, request, obj=None):
        return (*self.editable_fields, "text_sha256", "published_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return self.get_fields(request, obj)
        return ("text_sha256", "published_at")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        published = [obj for obj in objs if obj.is_published]
        if published:
            protected = [*protected, *published]
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        nda_version_update(version=obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="{}_{}_publish".format(*info),
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(NdaVersion, pk=object_id)
        if not super().has_change_permission(request, version):
            raise PermissionDenied
        self._publish(request, version)
        return HttpResponseRedirect(reverse("admin:awards_ndaversion_change", args=[version.pk]))

    def _publish(self, request, version) -> bool:
        try:
            nda_version_publish(version=version, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return False
        self.message_user(
            request,
            _("NDA version %(label)s for %(audience)s of %(edition)s is published: it is now the version to sign.")
            % {
                "label": version.version_label,
                "audience": version.get_audience_display().lower(),
                "edition": version.edition.name,
            },
            messages.SUCCESS,
        )
        return True

    @admin.action(description=_("Publish the selected NDA versions"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for version in queryset.select_related("edition"):
            self._publish(request, version)


class CompanyContactInline(admin.TabularInline):
    """A contact's account is who acts for the company: it is never swapped here, and contacts are not added
    here (they register the company or join by the company's invitation); names and phones stay editable."""

    model = CompanyContact
    fields = ("user", "full_name", "job_title", "phone")
    readonly_fields = ("user",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "brand", "sector", "city", "agent_seats")
    list_filter = ("sector",)
    search_fields = ("legal_name", "brand", "city")
    inlines = (CompanyContactInline,)


class EntryDocumentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EntryDocument
    fields = ("original_name", "kind", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "title", "company", "category", "status", "submitted_at")
    list_filter = ("category__edition", "status", "category")
    search_fields = ("title", "company__legal_name", "company__brand", "nominee_name")
    list_select_related = ("company", "category")
    inlines = (EntryDocumentInline,)


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("signer_name", "signer_title", "company", "version", "accepted_at", "ip_address")
    list_filter = ("version__edition", "version__audience")
    search_fields = ("signer_name", "user__email", "company__legal_name")
    list_select_related = ("company", "version__edition", "user")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("seq", "created_at", "action", "actor_label", "edition")
    list_filter = ("action", "edition")
    search_fields = ("action", "actor_label")
    list_select_related = ("edition",)
