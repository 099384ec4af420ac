from django.urls import path

from awards.views import (
    account,
    award_night,
    communications,
    company,
    eligibility,
    entries,
    nda,
    organiser,
    outbox,
    setup,
)

app_name = "awards"
urlpatterns: list = []

# Company profile, colleagues and the participant NDA.
urlpatterns += [
    path("company/new/", company.company_create, name="company_create"),
    path("company/edit/", company.company_edit, name="company_edit"),
    path("company/invite/", company.company_invite, name="company_invite"),
    path("company/join/<str:token>/", company.company_join, name="company_join"),
    path("editions/<slug:slug>/nda/", nda.nda_sign, name="nda"),
    path("nda/signed/<int:pk>.pdf", nda.nda_pdf, name="nda_pdf"),
]

# The participants' side: dashboard, entries, documents, receipt.
urlpatterns += [
    path("dashboard/", entries.dashboard, name="dashboard"),
    path("account/", account.account_view, name="account"),
    path("entries/new/<int:category_id>/", entries.entry_create_view, name="entry_create"),
    path("entries/<int:pk>/", entries.entry_edit_view, name="entry_edit"),
    path("entries/<int:pk>/submit/", entries.entry_submit_view, name="entry_submit"),
    path("entries/<int:pk>/withdraw/", entries.entry_withdraw_view, name="entry_withdraw"),
    path("entries/<int:pk>/delete/", entries.entry_delete_view, name="entry_delete"),
    path("entries/<int:pk>/receipt.pdf", entries.entry_receipt_view, name="entry_receipt"),
    path("entries/<int:pk>/documents/", entries.document_upload_view, name="document_upload"),
    path("documents/<int:pk>/", entries.document_download_view, name="document_download"),
    path("documents/<int:pk>/delete/", entries.document_delete_view, name="document_delete"),
]

# Organisers.
urlpatterns += [
    path("organiser/", organiser.dashboard, name="organiser_dashboard"),
    path("organiser/outbox/", outbox.outbox, name="outbox"),
    path("organiser/outbox/<int:pk>/resend/", outbox.outbox_resend, name="outbox_resend"),
    path("organiser/new/", setup.edition_create_view, name="organiser_edition_create"),
    path("organiser/<slug:slug>/", organiser.edition_overview, name="organiser_edition"),
    path("organiser/<slug:slug>/registrations/", organiser.edition_detail, name="organiser_registrations"),
    path("organiser/<slug:slug>/settings/", setup.edition_settings_view, name="organiser_edition_settings"),
    path("organiser/<slug:slug>/categories/", setup.categories_view, name="organiser_categories"),
    path("organiser/<slug:slug>/categories/new/", setup.category_create_view, name="organiser_category_create"),
    path(
        "organiser/<slug:slug>/categories/<slug:category_code>/",
        setup.category_edit_view,
        name="organiser_category_edit",
    ),
    path(
        "organiser/<slug:slug>/categories/<slug:category_code>/delete/",
        setup.category_delete_view,
        name="organiser_category_delete",
    ),
    path("organiser/<slug:slug>/agreements/", setup.nda_view, name="organiser_nda"),
    path("organiser/<slug:slug>/agreements/publish/", setup.nda_publish_view, name="organiser_nda_publish"),
    path("organiser/<slug:slug>/signatories/", setup.signatories_view, name="organiser_signatories"),
    path(
        "organiser/<slug:slug>/open-registration/",
        organiser.edition_open_registration,
        name="organiser_open_registration",
    ),
    path("organiser/<slug:slug>/registrations.csv", organiser.registrations_csv, name="organiser_registrations_csv"),
    path("organiser/<slug:slug>/messages/", communications.messages_view, name="organiser_messages"),
    path("organiser/<slug:slug>/messages/new/", communications.message_new_view, name="organiser_message_new"),
    path("organiser/<slug:slug>/messages/<int:pk>/", communications.message_detail_view, name="organiser_message"),
    path("organiser/<slug:slug>/reminders/", communications.reminders_view, name="organiser_reminders"),
]

# The eligibility review before judging, and later entry deadlines.
urlpatterns += [
    path("organiser/<slug:slug>/review/", eligibility.review_queue_view, name="organiser_review"),
    path("organiser/<slug:slug>/review/<int:pk>/", eligibility.review_entry_view, name="organiser_review_entry"),
    path(
        "organiser/<slug:slug>/review/<int:pk>/accept/", eligibility.review_decide_view, {"decision": "accept"},
        name="organiser_review_accept",
    ),
    path(
        "organiser/<slug:slug>/review/<int:pk>/return/", eligibility.review_decide_view, {"decision": "return"},
        name="organiser_review_return",
    ),
    path(
        "organiser/<slug:slug>/review/<int:pk>/withdraw/", eligibility.review_decide_view, {"decision": "withdraw"},
        name="organiser_review_withdraw",
    ),
    path(
        "organiser/<slug:slug>/review/documents/<int:pk>/", eligibility.review_document_download,
        name="organiser_review_document",
    ),
    path(
        "organiser/<slug:slug>/review/documents/<int:pk>/view/", eligibility.review_document_view,
        name="organiser_review_document_view",
    ),
    path("organiser/<slug:slug>/extensions/", eligibility.extensions_view, name="organiser_extensions"),
]

# --- Award night (branch h6) ---
urlpatterns += [
    path("organiser/<slug:slug>/publish/", award_night.edition_publish_view, name="edition_publish"),
    path("organiser/<slug:slug>/presenter/", award_night.presenter, name="presenter"),
    path("editions/<slug:slug>/winners/", award_night.winners, name="winners"),
    path("verify/<str:code>/", award_night.verify_certificate, name="verify_certificate"),
    path("certificates/<str:code>.pdf", award_night.certificate_pdf_view, name="certificate_pdf"),
]
