"""Django admin for the panel. Scorecards and drafts are deliberately NOT registered: no one reads scores here."""

from django.contrib import admin

from judging.models import Assignment, ConflictDeclaration, Criterion, Judge, PanelMember, Round, Rubric


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["area", "order", "code", "name_id", "name_en", "descriptors_id", "descriptors_en"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = [
        "category", "weight_infrastructure", "weight_technology", "weight_communication", "weight_people", "frozen_at"
    ]
    list_filter = ["category__edition"]
    readonly_fields = ["frozen_at"]
    inlines = [CriterionInline]

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
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["full_name", "pseudonym", "edition", "job_title", "organisation", "kind"]
    list_filter = ["edition", "kind"]
    search_fields = ["full_name", "user__email", "organisation"]
    raw_id_fields = ["user"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["judge", "company", "relation", "automatic", "declared_at"]
    list_filter = ["judge__edition", "relation", "automatic"]
    search_fields = ["judge__full_name", "company__legal_name"]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["judge", "category"]
    list_filter = ["category__edition", "category"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "round", "created_at", "created_by"]
    list_filter = ["round__edition", "round"]
    raw_id_fields = ["entry", "judge", "created_by"]
