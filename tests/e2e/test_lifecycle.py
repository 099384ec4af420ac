"""The whole lifecycle of an edition in Debian's Chromium, through the pages people use.

Registration (sign-up, e-mail confirmation, company profile, NDA, entry with a document, submit),
the judges (invitation by e-mail, joining, agreement, a conflict), the key ceremony (three holders,
two needed), opening judging, panels and the assigner, scoring and sealing each scorecard, the seal,
the reveal with two holder key files (enrolled in Chromium with WebCrypto X25519, one holder and the
reveal in Indonesian), the results and the award-night pack, publication, and the
public winners and certificate verification pages. Screenshots go to test-artifacts/e2e/.
"""

import contextlib
import datetime as dt
import hashlib
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from awards.models import Category, Company, Edition, NdaVersion
from judging.models import Assignment, Judge, KeyCeremony, KeyHolder
from judging.pack import PACK
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    CategoryFactory,
    EditionFactory,
    NdaVersionFactory,
    OrganiserFactory,
    totp_code,
)

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
# A minimal valid one-page PDF: the upload check reads the content, not the name.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
FIGURES = {
    "agent_seats": "150",
    "inbound_contacts_yearly": "1200000",
    "outbound_contacts_yearly": "300000",
    "service_level_percent": "80",
    "service_level_seconds": "20",
    "average_speed_of_answer": "18",
    "abandonment_rate": "3.5",
    "first_contact_resolution": "82",
    "customer_satisfaction": "91",
    "agent_attrition": "12",
}
NARRATIVES = ("narrative_infrastructure", "narrative_technology", "narrative_communication", "narrative_people")


@pytest.fixture
def _sync_playwright_in_this_thread(monkeypatch):
    # Playwright's sync API runs an event loop in the test's thread; the test also reads the
    # database there, which Django's async-unsafe guard would refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextlib.contextmanager
def _own_db_connections_closed():
    # Inside sync_playwright() the test runs in another context, so its database reads open their
    # own connection; close it there, or PostgreSQL cannot drop the test database at the end.
    try:
        yield
    finally:
        connections.close_all()


def _edition_ready_for_registration():
    """Set-up with no page of its own: an edition open for registration, one category, both NDAs."""
    edition = EditionFactory(
        name="Call Center Terbaik Indonesia E2E",
        slug="cct-e2e",
        state=Edition.State.REGISTRATION,
        registration_opens=timezone.now() - dt.timedelta(days=1),
    )
    CategoryFactory(
        edition=edition,
        code="best-cc",
        name_en="Best Contact Centre",
        name_id="Pusat Kontak Terbaik",
        kind=Category.Kind.CORPORATE,
        min_judges=2,
    )
    NdaVersionFactory(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
    NdaVersionFactory(
        edition=edition,
        audience=NdaVersion.Audience.JUDGE,
        title_id="Perjanjian Kerahasiaan Juri",
        title_en="Judge Confidentiality Agreement",
        text_id="Juri menjaga kerahasiaan seluruh nilai.",
        text_en="The judge keeps every score confidential.",
    )
    return edition


class Scenario:
    def __init__(self, browser, base_url, outbox, prefix="lifecycle"):
        self.browser = browser
        self.prefix = prefix  # the screenshots' names begin with it
        self.base = base_url
        self.outbox = outbox
        self.errors = []
        self.failed = []
        self.shots = 0
        self.totp_secrets = {}  # e-mail -> the secret of the authenticator app the person enrolled
        self.last_code = {}  # e-mail -> the last code typed: allauth accepts each code once

    def person(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(
            f"{response.status} {response.url}"))
        return page

    def go(self, page, path):
        page.goto(self.base + path)

    def shot(self, page, name):
        self.shots += 1
        page.screenshot(path=str(ARTIFACTS / f"{self.prefix}-{self.shots:02d}-{name}.png"), full_page=True)

    @staticmethod
    def press(page, name):
        """Click a submit button by its text and wait for the page it leads to."""
        with page.expect_navigation():
            page.get_by_role("button", name=name, exact=True).click()

    def link_in_mail(self, to, pattern):
        message = [mail for mail in self.outbox if to in mail.to][-1]
        return re.search(pattern, message.body).group(0)

    def log_in(self, page, email):
        self.go(page, reverse("account_login"))
        page.fill("[name=login]", email)
        page.fill("[name=password]", PASSWORD)
        self.press(page, "Sign In")
        if page.url.endswith(reverse("mfa_authenticate")):
            page.fill("[name=code]", self.code(email))
            self.press(page, "Sign In")
        assert not page.url.endswith(reverse("mfa_authenticate")), "the authenticator code was refused"
        assert page.url.endswith("/"), page.url

    def code(self, email):
        """What the person's authenticator app shows now; a code already typed is refused, so wait for the next."""
        secret = self.totp_secrets.get(email, TOTP_SECRET)
        # A code is good for its 30-second window only (no tolerance): one read in the window's last seconds
        # could reach the server in the next window on a loaded machine, so wait for a fresh window then.
        if (left := 30 - time.time() % 30) < 6:
            time.sleep(left + 0.5)
        while (code := totp_code(secret)) == self.last_code.get(email):
            time.sleep(1)
        self.last_code[email] = code
        return code

    def enrol(self, page, email):
        """Held on enrolment: confirm the password, read the secret under the QR code, type the app's code."""
        if reverse("account_reauthenticate") in page.url:
            page.fill("[name=password]", PASSWORD)
            self.press(page, "Confirm")
        assert page.url.endswith(reverse("mfa_activate_totp")), page.url
        assert page.locator("img[src^='data:image/svg+xml']").count() == 1
        self.totp_secrets[email] = page.input_value("#authenticator_secret")
        page.fill("[name=code]", self.code(email))
        self.press(page, "Activate")
        assert page.url.endswith(reverse("mfa_view_recovery_codes")), page.url


def _register_company(s, *, email, legal_name, brand, first=False):
    page = s.person()
    s.go(page, reverse("account_signup"))
    page.fill("[name=email]", email)
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    if first:
        s.shot(page, "signup")
    s.press(page, "Sign Up")
    assert "Verify Your Email Address" in page.content()
    page.context.close()
    # The link is opened in a fresh browser (a mail client elsewhere), so the visitor then logs in.
    page = s.person()
    confirm = s.link_in_mail(email, r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(s.base + re.sub(r"^https?://[^/]+", "", confirm))
    s.press(page, "Confirm")
    s.log_in(page, email)

    page.get_by_role("link", name="Register your company").first.click()
    page.fill("[name=legal_name]", legal_name)
    page.fill("[name=brand]", brand)
    page.select_option("[name=sector]", index=1)
    page.fill("[name=city]", "Jakarta")
    page.fill("[name=address]", "Jl. Jend. Sudirman Kav. 52")
    page.fill("[name=agent_seats]", "150")
    page.check("input[name=channels][value=phone]")
    page.fill("[name=full_name]", f"Contact of {brand}")
    page.fill("[name=job_title]", "Head of Customer Care")
    page.fill("[name=phone]", "+62 21 555 0100")
    if first:
        s.shot(page, "company-profile")
    s.press(page, "Register the company")

    page.get_by_role("link", name="Read and sign the NDA").click()
    page.check("[name=accept]")
    page.fill("[name=signer_name]", f"Contact of {brand}")
    page.fill("[name=signer_title]", "Head of Customer Care")
    if first:
        s.shot(page, "participant-nda")
    s.press(page, "Sign the NDA")

    page.get_by_role("link", name="Enter", exact=True).click()
    page.fill("[name=title]", f"{brand}: one queue for every channel")
    for name in NARRATIVES:
        page.fill(f"[name={name}]", f"{brand} explains its {name.split('_')[1]}.")
    for name, value in FIGURES.items():
        page.fill(f"[name={name}]", value)
    s.press(page, "Save draft")
    page.set_input_files("input[name=file]", {"name": "presentation.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF_BYTES})
    s.press(page, "Upload")
    assert "presentation.pdf" in page.content()
    if first:
        s.shot(page, "entry-draft-with-document")
    page.get_by_role("link", name="Submit entry…").click()
    s.press(page, "Yes, submit the entry")
    if first:
        s.shot(page, "entry-submitted")
    page.context.close()


# --- The steps of the lifecycle, each a function the console chain (test_console_chain.py) reuses ------------


def invite_judges(s, organiser, slug, judges):
    """The organiser invites each judge by e-mail."""
    s.go(organiser, reverse("judging:judge_invite", args=[slug]))
    for email, name in judges:
        organiser.fill("[name=email]", email)
        organiser.fill("[name=full_name]", name)
        s.press(organiser, "Send the invitation")
        assert f"Invitation sent to {email}" in organiser.content()
    s.shot(organiser, "judge-invitations")


def judges_join(s, slug, judges, conflicted_with):
    """Each judge joins from the e-mailed link, enrols an authenticator and signs the agreement; the third
    declares a conflict with `conflicted_with` (a company)."""
    for number, (email, name) in enumerate(judges):
        page = s.person()
        join = s.link_in_mail(email, r"/judging/join/[^/\s]+/")
        s.go(page, join)
        page.fill("[name=password1]", PASSWORD)
        page.fill("[name=password2]", PASSWORD)
        page.fill("[name=job_title]", "Customer Experience Director")
        page.fill("[name=organisation]", "Asosiasi Contact Center Indonesia")
        page.fill("[name=expertise]", "Workforce management and quality")
        page.locator("[name=kind]").first.check()
        s.press(page, "Join the panel")
        # a judge signs in with two factors: the first page after joining is the authenticator enrolment
        s.enrol(page, email)
        if number == 0:
            s.shot(page, "judge-two-factor-enrolled")
        s.go(page, reverse("judging:agreement", args=[slug]))
        page.check("[name=accept]")
        page.fill("[name=signer_name]", name)
        page.fill("[name=signer_title]", "Judge")
        s.press(page, "Sign the agreement")
        if number == 2:
            s.go(page, reverse("judging:conflicts", args=[slug]))
            page.select_option("[name=company]", value=str(conflicted_with.pk))
            page.select_option("[name=relation]", index=1)
            page.fill("[name=note]", "Former employer")
            s.press(page, "Declare")
            assert conflicted_with.legal_name in page.content()
            s.shot(page, "judge-conflict-declared")
        page.context.close()


def hold_key_ceremony(s, organiser, slug, holders):
    """The key ceremony (k = 2 of n = 3, the organiser signed in on `organiser` is holders[0]): each holder enrols
    a key of their own in Chromium, the edition key is made, the third holder checks the share. Returns each
    holder's key file by e-mail."""
    chair = holders[0]
    s.go(organiser, reverse("judging:keys", args=[slug]))
    for holder in holders:
        organiser.check(f"input[name=organisers][value='{holder.pk}']")
    organiser.fill("[name=threshold]", "2")
    s.press(organiser, "Name the key holders")
    s.shot(organiser, "key-ceremony-holders-named")
    # Each holder enrols a key of their own from the e-mailed link: Chromium makes it (WebCrypto X25519)
    # and downloads the private key file; only the public key is sent. The second holder reads Indonesian.
    key_files = {}
    for number, holder in enumerate(holders, start=1):
        page = organiser if holder == chair else s.person()
        if holder != chair:
            s.log_in(page, holder.email)
        s.go(page, s.link_in_mail(holder.email, r"/judging/keys/\d+/share/"))
        make, enrol, enrolled = ("Make my holder key and save the file", "Enrol this public key",
                                 "Your holder key is enrolled")
        if number == 2:
            with page.expect_navigation():
                page.locator(".language-switcher button[value=id]").click()
            assert page.locator("html").get_attribute("lang") == "id"
            assert "Daftarkan kunci pemegang Anda" in page.content()
            make, enrol, enrolled = ("Buat kunci pemegang saya dan simpan berkasnya", "Daftarkan kunci publik ini",
                                     "Kunci pemegang Anda sudah terdaftar")
        with page.expect_download() as download_info:
            page.get_by_role("button", name=make).click()
        download = download_info.value
        index = KeyHolder.objects.get(ceremony__edition__slug=slug, ceremony__made_at__isnull=True,
                                      user=holder).index
        assert download.suggested_filename == f"{slug}-holder-key-{index}.txt"
        key_files[holder.email] = Path(download.path()).read_text()
        assert key_files[holder.email].startswith("CCT-AWARDS-HOLDER-KEY v1\npublic: ")
        page.wait_for_function("document.querySelector('input[name=public_key]').value.length === 44")
        public = page.input_value("input[name=public_key]")
        assert public in key_files[holder.email]
        if number <= 2:
            s.shot(page, f"holder-key-saved-{'id' if number == 2 else 'en'}")
        s.press(page, enrol)
        assert enrolled in page.content()
        if holder != chair:
            page.context.close()
    s.go(organiser, reverse("judging:keys", args=[slug]))
    s.press(organiser, "Make the edition key")
    assert "The edition key is made" in organiser.content()
    s.shot(organiser, "key-ceremony")
    ceremony = KeyCeremony.objects.get(edition__slug=slug, is_active=True)
    assert all(holder.encrypted_share and holder.public_key for holder in ceremony.holders.all())
    assert len(set(key_files.values())) == 3
    # The third holder checks the share with the key file.
    checker = s.person()
    s.log_in(checker, holders[2].email)
    s.go(checker, reverse("judging:share_check"))
    checker.set_input_files("input[name=share_file]", {"name": "key.txt", "mimeType": "text/plain",
                                                       "buffer": key_files[holders[2].email].encode()})
    s.press(checker, "Check share")
    assert "Your share matches" in checker.content()
    s.shot(checker, "share-checked-with-key-file")
    checker.context.close()
    return key_files


def accept_every_entry(s, organiser, slug, count, *, accept="Accept for judging", accepted="is accepted for judging"):
    """The eligibility review: the organiser reads each of the `count` submitted entries and accepts it."""
    s.go(organiser, reverse("awards:organiser_review", args=[slug]))
    assert organiser.locator(".review-queue tbody tr").count() == count
    s.shot(organiser, "review-queue")
    for number in range(count):
        s.go(organiser, reverse("awards:organiser_review", args=[slug]))
        organiser.locator(".review-queue tbody tr a").first.click()
        organiser.wait_for_load_state()
        if number == 0:
            s.shot(organiser, "review-entry")
        s.press(organiser, accept)
        assert accepted in organiser.content()


def open_judging(s, organiser, slug):
    """Registration has run its course: on the timeline page the organiser closes it and brings judging's date
    forward (judging is not opened before its date), then opens judging."""
    s.go(organiser, reverse("awards:organiser_edition_settings", args=[slug]))
    moment = timezone.localtime(timezone.now() - dt.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    organiser.fill("[name=registration_closes]", moment)
    organiser.fill("[name=judging_opens]", moment)
    s.press(organiser, "Save")
    assert "The edition is saved." in organiser.content()
    s.go(organiser, reverse("judging:keys", args=[slug]))
    s.press(organiser, "Open judging")
    assert "Judging is open" in organiser.content()


def assign_and_score(s, organiser, slug, judges, favourite):
    """Panels and the assigner (preview, then apply); each judge scores their entries (`favourite`'s higher) and
    seals each scorecard. Returns the assignments."""
    s.go(organiser, reverse("judging:assignments", args=[slug]))
    category = Category.objects.get(edition__slug=slug)
    for judge in Judge.objects.filter(edition__slug=slug):
        organiser.select_option("[name=member-category]", value=str(category.pk))
        organiser.select_option("[name=member-judge]", value=str(judge.pk))
        s.press(organiser, "Add to the panel")
    s.press(organiser, "Preview assignments")
    s.shot(organiser, "assigner-preview")
    s.press(organiser, "Apply these assignments")
    assignments = list(Assignment.objects.filter(entry__category=category).select_related("judge__user",
                                                                                         "entry__company"))
    assert len(assignments) >= 4
    assert all(a.entry.company != favourite or a.judge.user.email != judges[2][0] for a in assignments)
    for email, _name in judges:
        page = s.person()
        s.log_in(page, email)
        for assignment in (a for a in assignments if a.judge.user.email == email):
            s.go(page, reverse("judging:scorecard", args=[assignment.entry.pk]))
            score = "9" if assignment.entry.company == favourite else "6"
            radios = page.locator(".score-radios")
            for index in range(radios.count()):
                radios.nth(index).locator("label", has_text=re.compile(rf"^{score}$")).click()
            page.fill("textarea[name=comment]", "Clear and well evidenced.")
            s.press(page, "Review and submit")
            s.press(page, "Seal and submit")
            assert page.text_content("#receipt").strip()
            if email == judges[0][0] and assignment.entry.company == favourite:
                s.shot(page, "scorecard-sealed-receipt")
        page.context.close()
    return assignments


def seal_and_reveal(s, organiser, slug, holders, key_files, assignments):
    """The organiser seals the judging; a key file of nobody's is refused; two holders reveal with theirs (the
    second holder on the Indonesian page)."""
    chair = holders[0]
    s.go(organiser, reverse("judging:ceremony", args=[slug]))
    organiser.check("[name=confirm]")
    s.press(organiser, "Seal the judging")
    root = organiser.text_content(".commitment-root").strip()
    s.shot(organiser, "sealed-commitment")
    s.go(organiser, reverse("judging:ceremony", args=[slug]))
    organiser.fill("[name=confirm_root]", root[:8])
    organiser.fill("[name=confirm_count]", str(len(assignments)))
    stranger = ("CCT-AWARDS-HOLDER-KEY v1\n-----BEGIN PRIVATE KEY-----\n"
                "MC4CAQAwBQYDK2VuBCIEIKA5mAPnMXgbdd75swD8TnfgzkVimsY5ct75hBOCn1hh\n-----END PRIVATE KEY-----\n")
    organiser.set_input_files("input[name=share_file_1]", {"name": "key.txt", "mimeType": "text/plain",
                                                           "buffer": key_files[chair.email].encode()})
    organiser.set_input_files("input[name=share_file_2]", {"name": "stranger.txt", "mimeType": "text/plain",
                                                           "buffer": stranger.encode()})
    s.press(organiser, "Reveal")
    assert "Key file number 2 belongs to no key holder" in organiser.content()
    assert Edition.objects.get(slug=slug).state == Edition.State.SEALED
    holder = s.person()
    s.log_in(holder, holders[1].email)
    s.go(holder, reverse("judging:ceremony", args=[slug]))
    with holder.expect_navigation():
        holder.locator(".language-switcher button[value=id]").click()
    assert holder.locator("html").get_attribute("lang") == "id"
    holder.fill("[name=confirm_root]", root[:8])
    holder.fill("[name=confirm_count]", str(len(assignments)))
    for slot, owner in ((2, holders[1]), (3, holders[2])):
        holder.set_input_files(f"input[name=share_file_{slot}]", {
            "name": f"{slug}-holder-key-{slot}.txt", "mimeType": "text/plain",
            "buffer": key_files[owner.email].encode()})
    s.shot(holder, "reveal-form-in-indonesian")
    s.press(holder, "Buka segel")
    assert "Segel edisi telah dibuka" in holder.content()
    holder.context.close()
    assert Edition.objects.get(slug=slug).state == Edition.State.REVEALED


def pack_and_publish(s, organiser, slug, winner_name):
    """The results, the award-night pack (checked against its manifest), and publication."""
    s.go(organiser, reverse("judging:results", args=[slug]))
    assert winner_name in organiser.content()
    s.shot(organiser, "results")
    # The tests run background tasks at once: the pack is made while the button's request is served.
    organiser.get_by_role("button", name="Make the award-night pack").click()
    with organiser.expect_download() as download_info:
        organiser.get_by_role("link", name="Download the award-night pack").click()
    pack = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    manifest = json.loads(pack.read(PACK.manifest))
    assert set(manifest["files"]) == set(pack.namelist()) - {PACK.manifest}
    assert {PACK.results_json, PACK.certificates, PACK.running_order} <= set(manifest["files"])
    assert all(hashlib.sha256(pack.read(name)).hexdigest() == digest for name, digest in manifest["files"].items())
    organiser.get_by_role("link", name="Publish the winners…").click()
    s.shot(organiser, "publish-confirm")
    s.press(organiser, "Publish the results now")
    assert Edition.objects.get(slug=slug).state == Edition.State.PUBLISHED


def public_winners_and_certificate(s, slug, category, *, first, second, category_name_id, winner_email):
    """The public winners page (then in Indonesian), and the winner's certificate verification page, found on the
    winner's dashboard."""
    public = s.person()
    s.go(public, reverse("awards:winners", args=[slug]))
    places = public.locator(f"section[aria-labelledby=category-{category.pk}] li")
    assert places.count() == 2
    assert places.first.inner_text().startswith(first)
    assert places.nth(1).inner_text().startswith(second)
    s.shot(public, "public-winners")
    with public.expect_navigation():
        public.locator(".language-switcher button[value=id]").click()
    assert public.locator("html").get_attribute("lang") == "id"
    assert category_name_id in public.content()
    s.shot(public, "public-winners-in-indonesian")
    public.context.close()
    winner = s.person()
    s.log_in(winner, winner_email)
    s.go(winner, reverse("awards:dashboard"))
    verify = winner.get_by_role("link", name="Verification page").first.get_attribute("href")
    assert re.fullmatch(r"/verify/\w+/", verify)
    winner.context.close()
    public = s.person()
    s.go(public, verify)
    assert "This certificate is genuine" in public.content()
    company_row = public.locator("dt", has_text="Company").locator("xpath=following-sibling::dd[1]")
    assert company_row.inner_text().strip() == first
    s.shot(public, "certificate-verification")
    public.context.close()



@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}")
def test_the_whole_lifecycle(live_server, mailoutbox, _sync_playwright_in_this_thread):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("lifecycle-*.png"):
        old.unlink()
    edition = _edition_ready_for_registration()
    slug = edition.slug
    # Organiser accounts are made by an administrator (no page): the chair and two more key holders.
    chair = OrganiserFactory(username="chair@cct.example", first_name="Ratna", last_name="Wijaya")
    holders = [chair, *(OrganiserFactory(username=f"{role}@cct.example") for role in ("treasurer", "notary"))]
    judges = [("juri.satu@example.test", "Juri Satu"), ("juri.dua@example.test", "Juri Dua"),
              ("juri.tiga@example.test", "Juri Tiga")]

    with sync_playwright() as playwright, _own_db_connections_closed():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        s = Scenario(browser, live_server.url, mailoutbox)

        # A visitor reads the home page in Indonesian first, then switches back to English.
        visitor = s.person()
        s.go(visitor, "/")
        with visitor.expect_navigation():
            visitor.locator(".language-switcher button[value=id]").click()
        assert visitor.locator("html").get_attribute("lang") == "id"
        s.go(visitor, reverse("account_login"))
        assert "Masuk" in visitor.content()
        s.shot(visitor, "login-in-indonesian")
        with visitor.expect_navigation():
            visitor.locator(".language-switcher button[value=en]").click()
        assert visitor.locator("html").get_attribute("lang") == "en"
        visitor.context.close()

        # Two companies register and submit an entry each.
        _register_company(s, email="care@alpha.example", legal_name="PT Alpha Kontak Nusantara Tbk",
                          brand="Alpha Care", first=True)
        _register_company(s, email="care@beta.example", legal_name="PT Beta Layanan Prima", brand="Beta Care")
        alpha = Company.objects.get(brand="Alpha Care")

        # The organiser invites three judges; they join, one declares a conflict with Alpha.
        organiser = s.person()
        s.log_in(organiser, chair.email)
        invite_judges(s, organiser, slug, judges)
        judges_join(s, slug, judges, conflicted_with=alpha)

        # The organiser saves the default rubric and holds the key ceremony (k = 2 of n = 3).
        s.go(organiser, reverse("judging:rubric", args=[slug, "best-cc"]))
        s.press(organiser, "Save the rubric")
        key_files = hold_key_ceremony(s, organiser, slug, holders)

        accept_every_entry(s, organiser, slug, 2)
        open_judging(s, organiser, slug)
        assignments = assign_and_score(s, organiser, slug, judges, favourite=alpha)
        seal_and_reveal(s, organiser, slug, holders, key_files, assignments)
        pack_and_publish(s, organiser, slug, "PT Alpha Kontak Nusantara Tbk")
        organiser.context.close()

        public_winners_and_certificate(
            s, slug, Category.objects.get(edition__slug=slug), first="PT Alpha Kontak Nusantara Tbk",
            second="PT Beta Layanan Prima", category_name_id="Pusat Kontak Terbaik", winner_email="care@alpha.example",
        )
        browser.close()

    assert s.errors == []
    assert s.failed == []
    assert Edition.objects.get(slug=slug).state == Edition.State.PUBLISHED
