"""Django admin for the panel, and the admin's account pages. Scorecards and drafts are deliberately NOT
registered: no one reads scores here; key ceremonies and key holders are not registered either.

No identity swaps: on an existing judge, panel seat, assignment or conflict the person and what they are linked
to are read-only (create anew instead), and judges are not added here at all (they join by invitation,
``judging.services.panel``). Two-factor authenticators are view-only, without their secrets; an administrator's
change to a privileged person's password, e-mail address or authenticator is recorded in the audit log and
e-mailed to the person (``judging.services.identity``).
"""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import F
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from judging.models import Assignment, ConflictDeclaration, Criterion, Judge, PanelMember, Round, Rubric
from judging.services.identity import (
    account_admin_save,
    account_password_changed,
    account_standing,
    account_standing_changed,
    authenticator_delete,
    email_address_admin_delete,
    email_address_admin_save,
)


class IdentityReadOnlyOnChangeMixin:
    """``identity_fields`` (who, and what they are linked to) can be set on a new object only."""

    identity_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + tuple(field for field in self.identity_fields if field not in readonly)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["area", "order", "code", "name_id", "name_en", "descriptors_id", "descriptors_en"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = [
        "category", "round", "weight_infrastructure", "weight_technology", "weight_communication", "weight_people",
        "frozen_at",
    ]
    list_filter = ["category__edition"]
    readonly_fields = ["frozen_at"]
    inlines = [CriterionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new version, so that no server keeps showing the criteria as they were (judging.selectors.scoring).
        Rubric.objects.filter(pk=form.instance.pk).update(version=F("version") + 1)

    def has_change_permission(self, request, obj=None):
        # A frozen rubric stays as the judges scored against it.
        if obj is not None and obj.frozen_at is not None:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["edition", "number", "name", "is_final"]
    list_filter = ["edition"]


@admin.register(Judge)
class JudgeAdmin(IdentityReadOnlyOnChangeMixin, admin.ModelAdmin):
    list_display = ["full_name", "pseudonym", "edition", "job_title", "organisation", "kind"]
    list_filter = ["edition", "kind"]
    search_fields = ["full_name", "user__email", "organisation"]
    identity_fields = ("user", "edition")

    def has_add_permission(self, request):
        # Judges join by invitation only (judge_invite, judge_join): the invited person sets up their own
        # account, and both steps are audited. An admin-made judge would be an account chosen by the admin.
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(IdentityReadOnlyOnChangeMixin, admin.ModelAdmin):
    identity_fields = ("judge", "company")
    list_display = ["judge", "company", "relation", "automatic", "declared_at"]
    list_filter = ["judge__edition", "relation", "automatic"]
    search_fields = ["judge__full_name", "company__legal_name"]


@admin.register(PanelMember)
class PanelMemberAdmin(IdentityReadOnlyOnChangeMixin, admin.ModelAdmin):
    identity_fields = ("judge", "category")
    list_display = ["judge", "category"]
    list_filter = ["category__edition", "category"]


@admin.register(Assignment)
class AssignmentAdmin(IdentityReadOnlyOnChangeMixin, admin.ModelAdmin):
    identity_fields = ("judge", "entry", "round")
    list_display = ["judge", "entry", "round", "created_at", "created_by"]
    list_filter = ["round__edition", "round"]
    raw_id_fields = ["entry", "judge", "created_by"]

    def has_add_permission(self, request):
        # Assignments are made on the organiser's assignments page, whose service refuses a conflicted judge,
        # an entry outside the judge's panel and a closed edition; the admin's form would check none of it.
        return False


# --- Accounts: users, their e-mail addresses, their authenticators ----------------------------------------

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin; a change of a privileged person's e-mail address or password is recorded and told."""

    def save_model(self, request, obj, form, change):
        account_admin_save(user=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        groups_before = list(form.instance.groups.values_list("name", flat=True)) if change else []
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            if change:
                user = form.instance
                account_standing_changed(
                    user=user, actor=request.user, before=account_standing(user, groups=groups_before),
                    after=account_standing(user),
                )

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            password_before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                account_password_changed(user=user, actor=request.user, password_before=password_before)
        return response


@admin.register(EmailAddress)
class AccountEmailAddressAdmin(EmailAddressAdmin):
    """allauth's e-mail address admin; an address stays with its account, and adding, changing or removing a
    privileged person's address is recorded and told."""

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        email_address_admin_save(address=obj, actor=request.user)

    def delete_model(self, request, obj):
        email_address_admin_delete(address=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for address in queryset.select_related("user"):
            email_address_admin_delete(address=address, actor=request.user)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which second factor, and when it was last used. Never its secret, never an edit: only removal
    (a lost phone), recorded and told to the person."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        authenticator_delete(authenticator=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for authenticator in queryset.select_related("user"):
            authenticator_delete(authenticator=authenticator, actor=request.user)
