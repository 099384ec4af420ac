"""The authorization matrix: every URL pattern, for every role and every edition state, against ONE table.

The URL patterns are not listed by hand: they are walked from the root resolver (the project's own,
allauth's and the admin's, named or not). Each one must have a row in TABLE, or the test fails and names
it; a row whose pattern is gone fails too. A row gives, for GET and for POST (with an empty body), the
answer each role gets, in the role order of ROLES_HEADER:

    anonymous, participant A, participant B, judge, conflicted judge, organiser, key holder, superuser

A cell is one letter when the answer is the same in every edition state, or six letters, one per state
in lifecycle order: draft, registration, judging, sealed, revealed, published.

    O  200                  F  403 (a page the role may not use)      B  400
    L  302 to a sign-in page (the site's or the admin's)              C  409
    R  302 elsewhere (a gate: register a company, sign the NDA, back to the form, ...)
    N  404 (an object the role may not know exists, or that does not exist yet in this state)
    M  405 (a method the page does not take)
    -  not asked: the object the URL names cannot exist in this state (no entry before registration...)

The URLs are filled from tests/cast.py (fixture `edition_in`): one edition in the state under test, with company A's
entry (a draft during registration, submitted after), its document, participant A's signed NDA, the
judge's sealed scorecard and receipt of entry A, the conflicted judge's declaration against company A,
the key ceremony, and (from the reveal) company A's award and certificate. So participant B is the wrong
company and the conflicted judge the wrong judge for every object URL; tests/security/test_object_access.py
goes further (other editions, other judges, other holders). Each request runs in a savepoint that is rolled
back, so a POST that would change the world (publish, open judging, delete a document) changes nothing
for the requests after it.

The admin and allauth pages do not depend on an edition's state: their rows have one letter per cell and
are asked once, in a world holding an edition in every state.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from awards.models import GroupMessage, OutboxMessage
from awards.services.outbox import outbox_queue
from judging.models import PanelMember
from tests.cast import STATES, EditionWorld
from tests.security import access as w

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ADMIN_PAGES = ("changelist", "add", "change", "delete", "history", "object")


def admin_model(app_model: str, *, superuser: str, organiser: str) -> dict[str, tuple[str, str]]:
    """The rows of one model's admin pages, in ADMIN_PAGES order ("object" is the bare object URL, which
    only redirects to its change page). `superuser` and `organiser` give a GET+POST pair of answers per
    page; every other role is not staff and is sent to the admin's sign-in page."""
    app_label, model = app_model.split(".")
    rows = {}
    for page, mine, theirs in zip(ADMIN_PAGES, superuser.split(), organiser.split(), strict=True):
        key = f"admin:{app_label}_{model}_{page}"
        if page == "object":
            key = f"admin/{app_label}/{model}/<path:object_id>/"
        rows[key] = tuple(" ".join(["L"] * 5 + [theirs[i], "L", mine[i]]) for i in (0, 1))
    return rows


# Superusers may do anything the admin offers; organisers have the rights the project gives their group
# (awards.demo.ORGANISER_PERMISSIONS: the programme's records, nothing of the panel, the users or the
# lockouts). Entries, signed NDAs and the audit log are view-only for everyone; a published NDA version and
# a frozen rubric can no longer change.
EVERYTHING = "OO OO OO OO OO RR"
NOTHING = "FF FF FF FF FF RR"
VIEW_ONLY = "OO FF OF FF OO RR"

TABLE: dict[str, tuple[str, str]] = {
    #                                        GET / POST, per role:
    #                                         anon.  part.A part.B judge  confl. organ. holder super.
    # --- Public pages and the language switch ---
    "home":                                 ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    # The health endpoints are for load balancers and monitoring: open to all, no secrets in them.
    "health":                               ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    "health_all":                           ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    "set_language":                         ("R      R      R      R      R      R      R      R",
                                             "R      R      R      R      R      R      R      R"),
    "awards:winners":                       ("NNNNNO NNNNNO NNNNNO NNNNNO NNNNNO NNNNNO NNNNNO NNNNNO",
                                             "M      M      M      M      M      M      M      M"),
    "awards:verify_certificate":            ("----NO ----NO ----NO ----NO ----NO ----NO ----NO ----NO",
                                             "----MM ----MM ----MM ----MM ----MM ----MM ----MM ----MM"),
    "judging:commitment":                   ("NNNOOO NNNOOO NNNOOO NNNOOO NNNOOO NNNOOO NNNOOO NNNOOO",
                                             "M      M      M      M      M      M      M      M"),
    # --- Companies, the participants' NDA and dashboard ---
    "awards:company_create":                ("L      R      R      O      O      O      O      O",
                                             "L      R      R      O      O      O      O      O"),
    "awards:company_edit":                  ("L      O      O      R      R      R      R      R",
                                             "L      O      O      R      R      R      R      R"),
    "awards:company_invite":                ("L      O      O      R      R      R      R      R",
                                             "L      O      O      R      R      R      R      R"),
    "awards:company_join":                  ("L      B      B      B      B      B      B      B",
                                             "L      B      B      B      B      B      B      B"),
    "awards:nda":                           ("L      NOOOOO NOOOOO NRRRRR NRRRRR NRRRRR NRRRRR NRRRRR",
                                             "L      NOOOOO NOOOOO NRRRRR NRRRRR NRRRRR NRRRRR NRRRRR"),
    "awards:nda_pdf":                       ("L      O      N      N      N      N      N      N",
                                             "L      M      M      M      M      M      M      M"),
    "awards:dashboard":                     ("L      O      O      O      O      O      O      O",
                                             "L      M      M      M      M      M      M      M"),
    # Everyone's own account page (the language of their e-mails); a POST without a language is shown again.
    "awards:account":                       ("L      O      O      O      O      O      O      O",
                                             "L      O      O      O      O      O      O      O"),
    # --- A participant's entries and documents (company A's entry: participant B is the wrong company) ---
    # Whoever acts for no company is sent to register one (R), whatever the id: nothing is looked up.
    "awards:entry_create":                  ("L      NORRRR NORRRR R      R      R      R      R",
                                             "L      NORRRR NORRRR R      R      R      R      R"),
    "awards:entry_edit":                    ("-LLLLL -OOOOO -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -BRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:entry_submit":                  ("-LLLLL -ORRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -RRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:entry_withdraw":                ("-LLLLL -RRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -RRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:entry_delete":                  ("-LLLLL -ORRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -RRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:entry_receipt":                 ("-LLLLL -NOOOO -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -MMMMM -MMMMM -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:document_upload":               ("-MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM",
                                             "-LLLLL -BBBBB -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:document_download":             ("-LLLLL -OOOOO -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -MMMMM -MMMMM -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    "awards:document_delete":               ("-LLLLL -ORRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR",
                                             "-LLLLL -RRRRR -NNNNN -RRRRR -RRRRR -RRRRR -RRRRR -RRRRR"),
    # --- After publication, for the entrant: certificate and feedback ---
    # From the reveal on company A has an award and a certificate code; both are private until publication.
    "awards:certificate_pdf":               ("----LL ----NO ----NN ----NN ----NN ----NN ----NN ----NN",
                                             "----LL ----MM ----MM ----MM ----MM ----MM ----MM ----MM"),
    "judging:feedback_pdf":                 ("-LLLLL -NNNNO -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    # --- The panel: joining, agreement, conflicts (the conflict is the conflicted judge's) ---
    # A live invitation for a new address: anyone signed in is told it is not theirs (403); from the seal on
    # the panel is closed and the invitation no longer exists (404).
    "judging:judge_join":                   ("OOONNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN",
                                             "OOONNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN FFFNNN"),
    "judging:agreement":                    ("L      N      N      O      O      N      N      N",
                                             "L      N      N      O      O      N      N      N"),
    "judging:conflicts":                    ("L      N      N      O      O      N      N      N",
                                             "L      N      N      O      O      N      N      N"),
    "judging:conflict_withdraw":            ("L      M      M      M      M      M      M      M",
                                             "L      N      N      N      R      N      N      N"),
    # --- A judge's workspace and scorecards (entry A: the conflicted judge is the wrong judge) ---
    "judging:workspace":                    ("L      F      F      O      O      F      F      F",
                                             "L      M      M      M      M      M      M      M"),
    # Judges see entries from `judging`; after it, the judge's pages say judging is closed (200), documents go.
    "judging:entry":                        ("-LLLLL -NNNNN -NNNNN -NOOOO -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "judging:document":                     ("-LLLLL -NNNNN -NNNNN -NONNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "judging:document_view":                ("-LLLLL -NNNNN -NNNNN -NONNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    # The judge's scorecard of entry A is sealed: saving a draft of it is refused and leads back to it (R).
    "judging:scorecard":                    ("-LLLLL -NNNNN -NNNNN -NOOOO -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NROOO -NNNNN -NNNNN -NNNNN -NNNNN"),
    "judging:scorecard_autosave":           ("-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM",
                                             "-LLLLL -NNNNN -NNNNN -NCCCC -NNNNN -NNNNN -NNNNN -NNNNN"),
    "judging:scorecard_review":             ("-LLLLL -NNNNN -NNNNN -NROOO -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NROOO -NNNNN -NNNNN -NNNNN -NNNNN"),
    "judging:receipt":                      ("-LLLLL -NNNNN -NNNNN -NOOOO -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "judging:recuse":                       ("-LLLLL -NNNNN -NNNNN -NOOOO -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NCCCC -NNNNN -NNNNN -NNNNN -NNNNN"),
    # The judge's receipt of entry A: a proof exists from the seal.
    "judging:inclusion_proof":              ("--LLLL --NNNN --NNNN --NOOO --NNNN --NNNN --NNNN --NNNN",
                                             "--LLLL --MMMM --MMMM --MMMM --MMMM --MMMM --MMMM --MMMM"),
    # --- Key holders ---
    # The holder's page for a ceremony: enrolment of a holder key until the key is made, then a POST (an
    # enrolment) is refused back to the page (R); the world's key is made.
    "judging:my_share":                     ("L      N      N      N      N      N      O      N",
                                             "L      N      N      N      N      N      R      N"),
    "judging:share_check":                  ("L      F      F      F      F      F      O      F",
                                             "L      F      F      F      F      F      O      F"),
    # Only organisers and the edition's key holders; shares are taken (POST) only while sealed.
    "judging:ceremony":                     ("L      F      F      F      F      O      O      O",
                                             "L      F      F      F      F      NNNONN NNNONN NNNONN"),
    # Rounds: organisers only. The world's edition has one round, its final one: it has no shortlist (404).
    "judging:rounds":                       ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "judging:rounds_setup":                 ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:rounds_rule":                  ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    "judging:rounds_seal":                  ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:shortlist":                    ("L      F      F      F      F      N      N      N",
                                             "L      F      F      F      F      N      N      N"),
    "judging:rounds_publish":               ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    # The public nominees page exists once a desk round's finalists are published: never in this world.
    "judging:nominees":                     ("N      N      N      N      N      N      N      N",
                                             "M      M      M      M      M      M      M      M"),
    # --- The finals day (judging.finals). The worlds have no finals day: the organiser's page is there (an empty
    # POST of the day's form: 400), each action says "set the finals day first" and goes back (R), the exports do
    # not exist yet (404); nobody has a finals slot, a room seat, a presentation or notes (404). ---
    "judging:finals":                       ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      B      F      B"),
    "judging:finals_room_add":              ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_room_remove":           ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_panel_add":             ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_panel_remove":          ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_generate":              ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_move":                  ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_swap":                  ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:finals_pdf":                   ("L      F      F      F      F      N      F      N",
                                             "L      M      M      M      M      M      M      M"),
    "judging:finals_ics":                   ("L      F      F      F      F      N      F      N",
                                             "L      M      M      M      M      M      M      M"),
    "judging:finals_mine":                  ("L      N      N      N      N      N      N      N",
                                             "L      N      N      N      N      N      N      N"),
    "judging:finals_presentation_upload":   ("L      M      M      M      M      M      M      M",
                                             "L      N      N      N      N      N      N      N"),
    "judging:finals_presentation":          ("-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "judging:finals_room":                  ("L      N      N      N      N      N      N      N",
                                             "L      M      M      M      M      M      M      M"),
    "judging:finals_chair":                 ("L      N      N      N      N      N      N      N",
                                             "L      M      M      M      M      M      M      M"),
    "judging:finals_notes":                 ("-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN"),
    # --- Organisers (awards) ---
    "awards:organiser_dashboard":           ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_edition":             ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_registrations":       ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    # The edition setup pages: an empty POST is a form shown again (O).
    "awards:organiser_edition_create":      ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "awards:organiser_edition_settings":    ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "awards:organiser_categories":          ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_category_create":     ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "awards:organiser_category_edit":       ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    # Deleting a category: done, or refused with a message, and back to the list either way (R).
    "awards:organiser_category_delete":     ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "awards:organiser_nda":                 ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "awards:organiser_nda_publish":         ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "awards:organiser_signatories":         ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "awards:organiser_open_registration":   ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "awards:organiser_registrations_csv":   ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    # Communications: an empty POST of the message or reminders form is the form shown again with its errors (O).
    "awards:organiser_messages":            ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_message_new":         ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    # The world's edition has a message (the test records one).
    "awards:organiser_message":             ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_reminders":           ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    # The eligibility review: organisers only (403 for every other role). An entry or document is reviewed once
    # submitted (company A's entry is a draft during registration: 404); a decision is refused once judging
    # opens, and an empty POST is a form shown again with its errors (B).
    "awards:organiser_review":              ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "awards:organiser_review_entry":        ("-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NOOOO -FFFFF -NOOOO",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "awards:organiser_review_accept":       ("-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM",
                                             "-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NBBBB -FFFFF -NBBBB"),
    "awards:organiser_review_return":       ("-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM",
                                             "-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NBBBB -FFFFF -NBBBB"),
    "awards:organiser_review_withdraw":     ("-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM",
                                             "-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NBBBB -FFFFF -NBBBB"),
    "awards:organiser_review_document":     ("-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NOOOO -FFFFF -NOOOO",
                                             "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "awards:organiser_review_document_view": ("-LLLLL -FFFFF -FFFFF -FFFFF -FFFFF -NOOOO -FFFFF -NOOOO",
                                              "-LLLLL -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM -MMMMM"),
    "awards:organiser_extensions":          ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      B      F      B"),
    "awards:outbox":                        ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    # The world's edition has sent an e-mail (the test queues one); resending it queues a copy.
    "awards:outbox_resend":                 ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "awards:edition_publish":               ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      R      F      R"),
    "awards:presenter":                     ("L      F      F      F      F      NNNNOO F      NNNNOO",
                                             "L      M      M      M      M      M      M      M"),
    # --- Organisers (judging) ---
    # The old judging hub: the organisers' area is one per edition now (awards), and these lead there.
    "judging:organiser_home":               ("L      F      F      F      F      R      F      R",
                                             "L      M      M      M      M      M      M      M"),
    "judging:organiser_edition":            ("L      F      F      F      F      R      F      R",
                                             "L      M      M      M      M      M      M      M"),
    "judging:judge_invite":                 ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    # Assessors (mystery calls): the organisers' page of assessors and counts; the assessor's own pages, which
    # nobody in this world may use (there is no assessor here: tests/judging/test_call_logs.py asks as one).
    "judging:assessors":                    ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      O      F      O"),
    "judging:assessor_home":                ("L      F      F      F      F      F      F      F",
                                             "L      M      M      M      M      M      M      M"),
    "judging:assessor_conflicts":           ("L      N      N      N      N      N      N      N",
                                             "L      N      N      N      N      N      N      N"),
    "judging:call_log_new":                 ("-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN"),
    # Site visits: the assessor's form as the call log's; the organisers' checklists (an empty POST: 400); removing
    # an item of a checklist this world does not have (404 to organisers, after the role check).
    "judging:site_visit_new":               ("-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN",
                                             "-LLLLL -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN -NNNNN"),
    "judging:site_visit_checklists":        ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      B      F      B"),
    "judging:site_visit_checklist_remove":  ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    "judging:rubric":                       ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      OOCCCC F      OOCCCC"),
    "judging:assignments":                  ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    # One URL per action on the assignments page; an empty POST: a form shown again with its errors (O), no such
    # member or assignment (N), a plan only while assignments are open (R otherwise), no plan to apply (R).
    "judging:assignments_member_add":       ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      O      F      O"),
    "judging:assignments_member_remove":    ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    "judging:assignments_assign":           ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      O      F      O"),
    "judging:assignments_unassign":         ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    "judging:assignments_preview":          ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      ROORRR F      ROORRR"),
    "judging:assignments_apply":            ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:progress":                     ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "judging:progress_remind":              ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:keys":                         ("L      F      F      F      F      O      F      O",
                                             "L      F      F      F      F      OORRRR F      OORRRR"),
    # Makes the key of a ceremony whose holders are named and enrolled; the world has none waiting (404).
    "judging:keys_make":                    ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      N      F      N"),
    "judging:open_judging":                 ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    "judging:sealed_list":                  ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    # The judge's sealed scorecard of entry A; 403 for other roles before any lookup.
    "judging:reopen":                       ("--LLLL --FFFF --FFFF --FFFF --FFFF --OOOO --FFFF --OOOO",
                                             "--LLLL --FFFF --FFFF --FFFF --FFFF --OOOO --FFFF --OOOO"),
    "judging:audit":                        ("L      F      F      F      F      O      F      O",
                                             "L      M      M      M      M      M      M      M"),
    "judging:seal":                         ("L      M      M      M      M      M      M      M",
                                             "L      F      F      F      F      R      F      R"),
    # Results do not exist before the reveal (404 for everyone), then are for organisers only.
    "judging:results":                      ("L      NNNNFF NNNNFF NNNNFF NNNNFF NNNNOO NNNNFF NNNNOO",
                                             "L      M      M      M      M      M      M      M"),
    # Queues the pack's build and goes back to the results page, which shows its progress.
    "judging:export_pack":                  ("L      M      M      M      M      M      M      M",
                                             "L      NNNNFF NNNNFF NNNNFF NNNNFF NNNNRR NNNNFF NNNNRR"),
    # The pack's download: none is built in these worlds, so 404 for the organisers too.
    "judging:download_pack":                ("L      NNNNFF NNNNFF NNNNFF NNNNFF NNNNNN NNNNFF NNNNNN",
                                             "L      M      M      M      M      M      M      M"),
    # --- The Django admin ---
    "admin:index":                          ("L      L      L      L      L      O      L      O",
                                             "L      L      L      L      L      O      L      O"),
    "admin:login":                          ("L      F      F      F      F      R      F      R",
                                             "L      F      F      F      F      O      F      O"),
    "admin:logout":                         ("R      R      R      R      R      M      R      M",
                                             "R      R      R      R      R      O      R      O"),
    "admin:password_change":                ("L      L      L      L      L      O      L      O",
                                             "L      L      L      L      L      O      L      O"),
    "admin:password_change_done":           ("L      L      L      L      L      O      L      O",
                                             "L      L      L      L      L      M      L      M"),
    "admin:autocomplete":                   ("L      L      L      L      L      F      L      F",
                                             "L      L      L      L      L      M      L      M"),
    "admin:jsi18n":                         ("L      L      L      L      L      O      L      O",
                                             "L      L      L      L      L      M      L      M"),
    "admin:view_on_site":                   ("L      L      L      L      L      N      L      N",
                                             "L      L      L      L      L      N      L      N"),
    "admin:app_list":                       ("L      L      L      L      L      O      L      O",
                                             "L      L      L      L      L      O      L      O"),
    "admin/(?P<url>.*)$":                   ("L      L      L      L      L      N      L      N",
                                             "L      L      L      L      L      N      L      N"),
    **admin_model("auth.group", superuser=EVERYTHING, organiser=NOTHING),
    **admin_model("auth.user", superuser=EVERYTHING, organiser=NOTHING),
    "admin:auth_user_password_change":      ("L      L      L      L      L      F      L      O",
                                             "L      L      L      L      L      F      L      O"),
    **admin_model("account.emailaddress", superuser=EVERYTHING, organiser=NOTHING),
    **admin_model("axes.accessattempt", superuser="OO FF OR OO OO RR", organiser=NOTHING),
    **admin_model("axes.accesslog", superuser="OO FF OR OO OO RR", organiser=NOTHING),
    **admin_model("axes.accessfailurelog", superuser="OO FF OR OO OO RR", organiser=NOTHING),
    **admin_model("awards.edition", superuser=EVERYTHING, organiser="OO OO OO FF OO RR"),
    **admin_model("awards.category", superuser=EVERYTHING, organiser=EVERYTHING),
    **admin_model("awards.ndaversion", superuser="OO OO OF FF OO RR", organiser="OO OO OF FF OO RR"),
    "admin:awards_ndaversion_publish":      ("L      L      L      L      L      M      L      M",
                                             "L      L      L      L      L      R      L      R"),
    **admin_model("awards.company", superuser=EVERYTHING, organiser="OO OO OO FF OO RR"),
    **admin_model("awards.entry", superuser=VIEW_ONLY, organiser=VIEW_ONLY),
    **admin_model("awards.ndaacceptance", superuser=VIEW_ONLY, organiser=VIEW_ONLY),
    **admin_model("awards.auditevent", superuser=VIEW_ONLY, organiser=VIEW_ONLY),
    **admin_model("judging.rubric", superuser="OO OO OF OO OO RR", organiser=NOTHING),
    **admin_model("judging.round", superuser=EVERYTHING, organiser=NOTHING),
    # No identity swaps (judging.admin): judges join by invitation, so the admin adds none (F); on a change page
    # the person and what they are linked to are read-only, so an empty POST to a panel seat saves as it is (R).
    **admin_model("judging.judge", superuser="OO FF OO OO OO RR", organiser=NOTHING),
    **admin_model("judging.conflictdeclaration", superuser=EVERYTHING, organiser=NOTHING),
    **admin_model("judging.panelmember", superuser="OO OO OR OO OO RR", organiser=NOTHING),
    # Assignments are made on the organiser's assignments page (conflicts checked), not added in the admin.
    **admin_model("judging.assignment", superuser="OO FF OO OO OO RR", organiser=NOTHING),
    # Authenticators are view-only (no secret shown, none added or edited); removal stays, recorded and told.
    **admin_model("mfa.authenticator", superuser="OO FF OF OO OO RR", organiser=NOTHING),
    # --- allauth: signing in and out, sign-up, e-mail and password pages ---
    # --- Two-factor sign-in (allauth MFA); participants have no authenticator, the other roles do. Every
    # change to the second factor first asks for the password again (R), and the admin signs in through
    # the site's sign-in page (L), refusing signed-in non-staff (F). ---
    "mfa_index":                            ("L      O      O      O      O      O      O      O",
                                             "L      M      M      M      M      M      M      M"),
    "mfa_authenticate":                     ("L      R      R      R      R      R      R      R",
                                             "L      R      R      R      R      R      R      R"),
    "mfa_reauthenticate":                   ("L      R      R      O      O      O      O      O",
                                             "L      R      R      O      O      O      O      O"),
    "mfa_activate_totp":                    ("L      R      R      R      R      R      R      R",
                                             "L      R      R      R      R      R      R      R"),
    "mfa_deactivate_totp":                  ("L      N      N      R      R      R      R      R",
                                             "L      N      N      R      R      R      R      R"),
    "mfa_view_recovery_codes":              ("L      N      N      R      R      R      R      R",
                                             "L      M      M      M      M      M      M      M"),
    "mfa_generate_recovery_codes":          ("L      R      R      R      R      R      R      R",
                                             "L      R      R      R      R      R      R      R"),
    "mfa_download_recovery_codes":          ("L      N      N      R      R      R      R      R",
                                             "L      N      N      R      R      R      R      R"),
    "account_login":                        ("O      R      R      R      R      R      R      R",
                                             "O      R      R      R      R      R      R      R"),
    "account_logout":                       ("R      O      O      O      O      O      O      O",
                                             "R      R      R      R      R      R      R      R"),
    "account_inactive":                     ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    "account_signup":                       ("O      R      R      R      R      R      R      R",
                                             "O      R      R      R      R      R      R      R"),
    "account_reauthenticate":               ("L      O      O      O      O      O      O      O",
                                             "L      O      O      O      O      O      O      O"),
    # Reauthentication by an e-mailed code is off (settings.ACCOUNT_REAUTHENTICATION_METHODS): refused to all.
    "account_request_reauthentication_code": ("L      F      F      F      F      F      F      F",
                                             "L      F      F      F      F      F      F      F"),
    "account_confirm_reauthentication_code": ("L      F      F      F      F      F      F      F",
                                             "L      F      F      F      F      F      F      F"),
    "account_email":                        ("L      O      O      O      O      O      O      O",
                                             "L      R      R      R      R      R      R      R"),
    "account_email_verification_sent":      ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    "account_change_password":              ("L      O      O      O      O      O      O      O",
                                             "L      O      O      O      O      O      O      O"),
    "account_set_password":                 ("L      R      R      R      R      R      R      R",
                                             "L      R      R      R      R      R      R      R"),
    "account_reset_password":               ("O      O      O      O      O      O      O      O",
                                             "O      O      O      O      O      O      O      O"),
    "account_confirm_login_code":           ("L      R      R      R      R      R      R      R",
                                             "L      R      R      R      R      R      R      R"),
    "account_confirm_email":                ("O      O      O      O      O      O      O      O",
                                             "N      N      N      N      N      N      N      N"),
    "account_reset_password_from_key_done": ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
    "account_reset_password_from_key":      ("O      O      O      O      O      O      O      O",
                                             "O      O      O      O      O      O      O      O"),
    "account_reset_password_done":          ("O      O      O      O      O      O      O      O",
                                             "M      M      M      M      M      M      M      M"),
}

ANSWERS = w.ANSWERS  # the letters of the cells
SITE_WIDE_PREFIXES = ("admin/", "accounts/")  # pages that do not depend on an edition's state


def cells(spec: str) -> list[str]:
    return spec.split()


def expected(key: str, method: str, role: str, state: str | None) -> str:
    cell = cells(TABLE[key][0 if method == "GET" else 1])[w.ROLES.index(role)]
    return cell if len(cell) == 1 else cell[STATES.index(state)]


# --- Filling a pattern's arguments from the world -----------------------------------------------------

PK_OBJECTS = {
    "awards:nda_pdf": "nda_a",
    "awards:entry_edit": "entry_a",
    "awards:entry_submit": "entry_a",
    "awards:entry_withdraw": "entry_a",
    "awards:entry_delete": "entry_a",
    "awards:entry_receipt": "entry_a",
    "awards:document_upload": "entry_a",
    "awards:document_download": "document_a",
    "awards:document_delete": "document_a",
    "awards:organiser_review_entry": "entry_a",
    "awards:organiser_review_accept": "entry_a",
    "awards:organiser_review_return": "entry_a",
    "awards:organiser_review_withdraw": "entry_a",
    "awards:organiser_review_document": "document_a",
    "awards:organiser_review_document_view": "document_a",
    "judging:entry": "entry_a",
    "judging:document": "document_a",
    "judging:document_view": "document_a",
    "judging:scorecard": "entry_a",
    "judging:scorecard_autosave": "entry_a",
    "judging:scorecard_review": "entry_a",
    "judging:receipt": "entry_a",
    "judging:recuse": "entry_a",
    "judging:call_log_new": "entry_a",
    "judging:site_visit_new": "entry_a",
    "judging:reopen": "scorecard_a",
    "judging:conflict_withdraw": "conflict",
    "judging:finals_presentation": "entry_a",
    "judging:finals_notes": "entry_a",
}
TOKENS = {"awards:company_join": "company_invitation_token", "judging:judge_join": "judge_invitation_token"}


def project_url(route: w.Route, world: EditionWorld) -> str | None:
    """The route with its arguments taken from the world; None when an object it names cannot exist yet."""
    values = w.edition_values(world)
    kwargs = {}
    for name in route.arguments:
        if name == "pk" and route.name == "awards:organiser_message":
            value = GroupMessage.objects.filter(edition=world.edition).values_list("pk", flat=True).first()
        elif name == "pk" and route.name == "awards:outbox_resend":
            value = OutboxMessage.objects.filter(edition=world.edition).order_by("pk").values_list("pk", flat=True)[0]
        elif name == "pk" and route.name == "judging:site_visit_checklist_remove":
            value = 0  # no checklist item exists in this world
        elif name == "pk":
            value = getattr(getattr(world, PK_OBJECTS[route.name]), "pk", None)
        elif name == "token":
            value = getattr(world, TOKENS[route.name])
        else:
            value = values[name]
        if value is None:
            return None
        kwargs[name] = value
    return reverse(route.name, kwargs=kwargs)


def site_wide_url(route: w.Route, world: EditionWorld) -> str:
    """An admin or allauth route with its arguments filled: the newest object of an admin's model."""
    if not route.name:  # the admin's unnamed patterns: a model's bare object URL, and its catch-all
        if route.route == "admin/(?P<url>.*)$":
            return "/admin/no-such-page/"
        app_label, model_name = route.route.split("/")[1:3]
        pk = apps.get_model(app_label, model_name)._default_manager.order_by("-pk").values_list("pk", flat=True)[0]
        return "/" + route.route.replace("<path:object_id>", str(pk))
    kwargs = {}
    for name in route.arguments:
        if name in ("object_id", "id") and route.name == "admin:view_on_site":
            kwargs[name] = world.edition.pk
        elif name in ("object_id", "id"):
            app_label, model_name = route.route.split("/")[1:3]
            model = apps.get_model(app_label, model_name)
            kwargs[name] = model._default_manager.order_by("-pk").values_list("pk", flat=True)[0]
        else:
            kwargs[name] = {
                "content_type_id": ContentType.objects.get_for_model(world.edition).pk,
                "app_label": "awards",
                "key": "not-a-key",
                "uidb36": "zz",
            }[name]
    return reverse(route.name, kwargs=kwargs)


def mismatches(routes, url_of, cast, world, state) -> tuple[list[str], int]:
    clients = {role: w.client_for(user) for role, user in w.role_users(cast).items()}
    found, asked = [], 0
    for route in routes:
        url = url_of(route, world)
        for method in ("GET", "POST"):
            for role in w.ROLES:
                want = expected(route.key, method, role, state)
                if url is None or want == "-":
                    if (url is None) != (want == "-"):
                        found.append(f"{route.key} {method} as {role} in {state}: the table says {want!r} but "
                                     f"the object {'does not exist' if url is None else 'exists'} ({url})")
                    continue
                got = w.ask(clients[role], method, url)
                asked += 1
                if got != want:
                    found.append(f"{route.key} {method} {url} as {role} in {state}: expected {want}, got {got}")
    return found, asked


# --- The tests --------------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    keys = [route.key for route in w.routes()]
    missing = [key for key in keys if key not in TABLE]
    assert not missing, f"URL patterns without a row in the authorization TABLE: {missing}"
    stale = sorted(set(TABLE) - set(keys))
    assert not stale, f"rows of the authorization TABLE whose URL pattern is gone: {stale}"
    assert len(keys) == len(set(keys)), "two URL patterns share a name"
    for key, specs in TABLE.items():
        for spec in specs:
            row = cells(spec)
            assert len(row) == len(w.ROLES), (key, spec)
            site_wide = key.startswith(SITE_WIDE_PREFIXES) or key.startswith(("admin:", "account_"))
            for cell in row:
                assert len(cell) in ((1,) if site_wide else (1, len(STATES))), (key, spec)
                assert set(cell) <= set(ANSWERS) | {"-"}, (key, spec)


@pytest.mark.parametrize("state", STATES)
def test_every_project_page_answers_each_role_as_the_table_says(state, cast, edition_in):
    world = edition_in(state)
    outbox_queue(kind="test", to=cast.participant_a.email, subject="Hello", body="Hello", edition=world.edition)
    GroupMessage.objects.create(edition=world.edition, group="entrants", group_label="All entrants", language="en",
                                subject_en="Hello", body_en="Hello", recipient_count=1, sent_at=timezone.now())
    routes = [route for route in w.routes() if not route.route.startswith(SITE_WIDE_PREFIXES)]
    found, _asked = mismatches(routes, project_url, cast, world, state)
    assert not found, f"{len(found)} answers differ from the table:\n" + "\n".join(found)


def test_every_admin_and_account_page_answers_each_role_as_the_table_says(cast, edition_in):
    worlds = [edition_in(state) for state in STATES]
    world = worlds[-1]  # the newest objects, which the admin's object pages show, are the published edition's
    PanelMember.objects.create(category=world.category, judge=world.alice)
    lockout = {"username": "someone@example.test", "ip_address": "192.0.2.1", "user_agent": "test", "path_info": "/"}
    AccessAttempt.objects.create(**lockout, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**lockout)
    AccessFailureLog.objects.create(**lockout, locked_out=False)
    routes = [route for route in w.routes() if route.route.startswith(SITE_WIDE_PREFIXES)]
    found, asked = mismatches(routes, site_wide_url, cast, world, None)
    assert not found, f"{len(found)} answers differ from the table:\n" + "\n".join(found)
    assert asked == len(routes) * 2 * len(w.ROLES)
