from django.urls import path

from judging.views import audit, ceremony, keys, results, scoring, workspace

app_name = "judging"
urlpatterns: list = []

# --- h3b: workspace, scoring, keys -----------------------------------------------------------
urlpatterns += [
    path("", workspace.workspace, name="workspace"),
    path("entries/<int:pk>/", workspace.entry_detail, name="entry"),
    path("documents/<int:pk>/", workspace.document_download, name="document"),
    path("documents/<int:pk>/view/", workspace.document_view, name="document_view"),
    path("entries/<int:pk>/scorecard/", scoring.scorecard, name="scorecard"),
    path("entries/<int:pk>/scorecard/autosave/", scoring.scorecard_autosave, name="scorecard_autosave"),
    path("entries/<int:pk>/scorecard/review/", scoring.scorecard_review, name="scorecard_review"),
    path("entries/<int:pk>/receipt/", scoring.receipt, name="receipt"),
    path("organiser/<slug:slug>/scorecards/", scoring.sealed_list, name="sealed_list"),
    path("organiser/scorecards/<int:pk>/reopen/", scoring.reopen, name="reopen"),
    path("organiser/<slug:slug>/keys/", keys.keys, name="keys"),
    path("organiser/<slug:slug>/keys/make/", keys.keys_make, name="keys_make"),
    path("organiser/<slug:slug>/open-judging/", keys.open_judging, name="open_judging"),
    path("keys/<int:ceremony_id>/share/", keys.my_share, name="my_share"),
    path("keys/check/", keys.share_check_view, name="share_check"),
]

# --- h5: seal, reveal, results, export, audit ---
urlpatterns += [
    path("organiser/audit/", audit.audit_log, name="audit"),
    path("organiser/<slug:slug>/seal/", ceremony.seal, name="seal"),
    path("organiser/<slug:slug>/ceremony/", ceremony.ceremony, name="ceremony"),
    path("organiser/<slug:slug>/results/", results.results, name="results"),
    path("organiser/<slug:slug>/results/pack/", results.export_pack, name="export_pack"),
    path("organiser/<slug:slug>/results/pack.zip", results.download_pack, name="download_pack"),
    path("<slug:slug>/commitment/", ceremony.commitment, name="commitment"),
    path(
        "<slug:slug>/receipts/<str:receipt>/inclusion-proof.json",
        ceremony.inclusion_proof,
        name="inclusion_proof",
    ),
]

# h3a (panel) -------------------------------------------------------------------------------------
from django.urls import path  # noqa: E402

from judging.views import organiser as organiser_views  # noqa: E402
from judging.views import panel as panel_views  # noqa: E402
from judging.views import people as people_views  # noqa: E402

urlpatterns += [
    path("join/<str:token>/", panel_views.judge_join_view, name="judge_join"),
    path("<slug:slug>/agreement/", panel_views.agreement, name="agreement"),
    path("<slug:slug>/conflicts/", people_views.conflicts, {"role": "judge"}, name="conflicts"),
    path("<slug:slug>/conflicts/<int:pk>/withdraw/", panel_views.conflict_withdraw_view, name="conflict_withdraw"),
    path("entries/<int:pk>/recuse/", panel_views.recuse, name="recuse"),
    path("organiser/", organiser_views.organiser_home, name="organiser_home"),
    path("organiser/<slug:slug>/", organiser_views.organiser_edition, name="organiser_edition"),
    path("organiser/<slug:slug>/judges/", people_views.people, {"role": "judge"}, name="judge_invite"),
    path("organiser/<slug:slug>/rubric/<slug:category_code>/", organiser_views.rubric, name="rubric"),
    path("organiser/<slug:slug>/assignments/", organiser_views.assignments, name="assignments"),
    path(
        "organiser/<slug:slug>/assignments/panel/add/",
        organiser_views.assignments_member_add,
        name="assignments_member_add",
    ),
    path(
        "organiser/<slug:slug>/assignments/panel/remove/",
        organiser_views.assignments_member_remove,
        name="assignments_member_remove",
    ),
    path("organiser/<slug:slug>/assignments/assign/", organiser_views.assignments_assign, name="assignments_assign"),
    path(
        "organiser/<slug:slug>/assignments/unassign/", organiser_views.assignments_unassign, name="assignments_unassign"
    ),
    path("organiser/<slug:slug>/assignments/preview/", organiser_views.assignments_preview, name="assignments_preview"),
    path("organiser/<slug:slug>/assignments/apply/", organiser_views.assignments_apply, name="assignments_apply"),
    path("organiser/<slug:slug>/progress/", organiser_views.progress, name="progress"),
    path("organiser/<slug:slug>/progress/remind/", organiser_views.progress_remind, name="progress_remind"),
]

# feedback reports (branch fb) ----------------------------------------------------------------------
from judging.views import feedback as feedback_views  # noqa: E402

urlpatterns += [
    path("feedback/<int:entry_pk>.pdf", feedback_views.feedback_pdf_view, name="feedback_pdf"),
]

# rounds: setup, per-round progress, sealing a round, the shortlist reveal ----------------------------
from judging.views import rounds as rounds_views  # noqa: E402

urlpatterns += [
    path("organiser/<slug:slug>/rounds/", rounds_views.rounds, name="rounds"),
    path("organiser/<slug:slug>/rounds/setup/", rounds_views.rounds_setup, name="rounds_setup"),
    path("organiser/<slug:slug>/rounds/rule/", rounds_views.rounds_rule, name="rounds_rule"),
    path("organiser/<slug:slug>/rounds/<int:number>/seal/", rounds_views.rounds_seal, name="rounds_seal"),
    path("organiser/<slug:slug>/rounds/<int:number>/shortlist/", rounds_views.shortlist_ceremony, name="shortlist"),
    path("organiser/<slug:slug>/rounds/<int:number>/publish/", rounds_views.rounds_publish, name="rounds_publish"),
    path("<slug:slug>/nominees/", rounds_views.nominees, name="nominees"),
]

# assessors: mystery calls ---------------------------------------------------------------------------
from judging.views import assessors as assessor_views  # noqa: E402

urlpatterns += [
    path("organiser/<slug:slug>/assessors/", people_views.people, {"role": "assessor"}, name="assessors"),
    path("assessor/", assessor_views.assessor_home, name="assessor_home"),
    path(
        "<slug:slug>/assessor/conflicts/",
        people_views.conflicts,
        {"role": "assessor"},
        name="assessor_conflicts",
    ),
    path("assessor/entries/<int:pk>/call/", assessor_views.call_log_new, name="call_log_new"),
    path("assessor/entries/<int:pk>/visit/", assessor_views.site_visit_new, name="site_visit_new"),
    path(
        "organiser/<slug:slug>/site-visits/", assessor_views.site_visit_checklists, name="site_visit_checklists"
    ),
    path(
        "organiser/<slug:slug>/site-visits/<int:pk>/remove/",
        assessor_views.site_visit_checklist_remove,
        name="site_visit_checklist_remove",
    ),
]

# the finals day: rooms, timetable, the finalist's slot, the room's running order, the chair ----------------
from judging.finals import views as finals_views  # noqa: E402

urlpatterns += [
    path("organiser/<slug:slug>/finals/", finals_views.organiser, name="finals"),
    path("organiser/<slug:slug>/finals/rooms/add/", finals_views.room_add, name="finals_room_add"),
    path("organiser/<slug:slug>/finals/rooms/remove/", finals_views.room_remove, name="finals_room_remove"),
    path("organiser/<slug:slug>/finals/panel/add/", finals_views.panel_add, name="finals_panel_add"),
    path("organiser/<slug:slug>/finals/panel/remove/", finals_views.panel_remove, name="finals_panel_remove"),
    path("organiser/<slug:slug>/finals/generate/", finals_views.generate, name="finals_generate"),
    path("organiser/<slug:slug>/finals/move/", finals_views.move, name="finals_move"),
    path("organiser/<slug:slug>/finals/swap/", finals_views.swap, name="finals_swap"),
    path("organiser/<slug:slug>/finals/timetable.pdf", finals_views.timetable_pdf_view, name="finals_pdf"),
    path("organiser/<slug:slug>/finals/timetable.ics", finals_views.timetable_ics_view, name="finals_ics"),
    path("<slug:slug>/finals/my-slot/", finals_views.mine, name="finals_mine"),
    path(
        "<slug:slug>/finals/my-slot/presentation/", finals_views.presentation_upload, name="finals_presentation_upload"
    ),
    path("finals/entries/<int:pk>/presentation/", finals_views.presentation_download, name="finals_presentation"),
    path("<slug:slug>/finals/room/", finals_views.room, name="finals_room"),
    path("<slug:slug>/finals/room/chair/", finals_views.chair, name="finals_chair"),
    path("finals/entries/<int:pk>/notes/", finals_views.notes, name="finals_notes"),
]
