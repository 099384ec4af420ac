"""Demo data for the judging phase: the edition cct-2026 in `judging`, ready to be sealed and revealed.

It goes through the same services the organisers, judges and key holders use (NDA publication, the
lifecycle, rubrics, conflicts, panels, the key ceremony, opening judging, the assigner, drafts and
sealing), so the audit log and every invariant look exactly as after a real judging period.
Content (names, narratives) is in `judging.demo_content`.

Safe to run twice: when the edition exists nothing is changed, nothing is re-keyed and the share
files are left alone. The scores are drawn from a seeded random generator (a hidden "quality" per
entry, a leniency per judge, some noise), so every run gives the same scores for the same
assignments; they are only ever stored sealed.
"""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards.audit import audit_append
from awards.demo_content import DEMO_TOTP_SECRET, JUDGE_NDA, MEDALS, ORGANISER_EMAIL, PARTICIPANT_NDA
from awards.files import atomic_write
from awards.models import Category, Company, CompanyContact, Edition, Entry, NdaAcceptance, NdaVersion
from awards.selectors import entry_number_next
from awards.services.editions import edition_transition, nda_version_create, nda_version_publish
from awards.services.eligibility import entry_accept
from config.two_factor import enrol_authenticator_app
from judging import sealing
from judging.demo_content import (
    CATEGORIES,
    COMMENTS,
    COMPANIES,
    CONFLICTS,
    DISSENT,
    EDITION,
    ENTRIES,
    JUDGE_PASSWORD,
    JUDGES,
    KEYHOLDER_PASSWORD,
    KEYHOLDERS,
    NARRATIVES,
    NDA_VERSION_LABEL,
    NOMINEE_NARRATIVES,
    NOTES,
    PARTICIPANT_PASSWORD,
)
from judging.models import AREA_ORDER, Criterion, Judge, Round, ScorecardDraft, SealedScorecard
from judging.selectors.keys import key_ceremony_active
from judging.selectors.workspace import rubric_of
from judging.services.assignments import assignment_apply, assignment_plan_for_edition, panel_member_add
from judging.services.conflicts import conflict_declare
from judging.services.drafts import draft_encrypt
from judging.services.keys import edition_open_judging, key_ceremony_create
from judging.services.rubrics import rubric_create_default, rubric_update
from judging.services.scoring import scorecard_seal

SEED = "cct-2026 demo"
HOLDERS = 3
THRESHOLD = 2
JAKARTA = ZoneInfo("Asia/Jakarta")


def share_file_name(slug: str, index: int) -> str:
    return f"{slug}-share-{index}.txt"


def _jakarta(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


def _rng(*parts) -> random.Random:
    """A generator seeded by names, not database ids, so the draws do not depend on the database."""
    return random.Random("|".join([SEED, *map(str, parts)]))


def _users(specs: list[tuple[str, str, str]], password: str, *, two_factor: bool = False) -> dict:
    """Users (username = e-mail, verified primary address) for (e-mail, first name, last name) specs; with
    ``two_factor``, enrolled with the documented demo authenticator secret (judges and key holders must be).

    Hashing a password is slow on purpose, and the demo makes ~50 accounts that share a documented
    password, so the hash is computed once and shared (acceptable for demo accounts only).
    """
    user_model = get_user_model()
    emails = [email for email, _first, _last in specs]
    existing = set(user_model.objects.filter(username__in=emails).values_list("username", flat=True))
    hashed = make_password(password)
    user_model.objects.bulk_create([
        user_model(username=email, email=email, first_name=first, last_name=last, password=hashed)
        for email, first, last in specs
        if email not in existing
    ])
    users = {user.username: user for user in user_model.objects.filter(username__in=emails)}
    verified = set(EmailAddress.objects.filter(user__in=users.values()).values_list("email", flat=True))
    EmailAddress.objects.bulk_create([
        EmailAddress(user=user, email=email, verified=True, primary=True)
        for email, user in users.items()
        if email not in verified
    ])
    if two_factor:
        for user in users.values():
            enrol_authenticator_app(user=user, secret=DEMO_TOTP_SECRET)
    return users


def _edition(now: dt.datetime, spec: dict = EDITION) -> Edition:
    today = now.astimezone(JAKARTA).date()
    edition = Edition(
        **spec,
        state=Edition.State.DRAFT,
        registration_opens=_jakarta(today - dt.timedelta(days=75), 9),
        registration_closes=_jakarta(today - dt.timedelta(days=15), 23, 59),
        judging_opens=_jakarta(today - dt.timedelta(days=12), 9),
        judging_closes=_jakarta(today + dt.timedelta(days=9), 17),
        award_night=_jakarta(today + dt.timedelta(days=24), 19),
    )
    edition.full_clean()
    edition.save()
    return edition


def _categories(edition: Edition) -> dict[str, Category]:
    categories = {}
    for order, spec in enumerate(CATEGORIES, start=1):
        spec = dict(spec)
        medals = spec.pop("medals", False)
        spec.pop("weights", None)
        category = Category(
            edition=edition,
            ceremony_order=order * 10,
            max_entries_per_company=3 if spec["kind"] == Category.Kind.INDIVIDUAL else 1,
            award_mode=Category.AwardMode.MEDALS if medals else Category.AwardMode.PLACES,
            **(MEDALS if medals else {}),
            **spec,
        )
        category.full_clean()
        category.save()
        categories[category.code] = category
    return categories


def _nda(edition: Edition, audience: str, texts: dict, actor) -> NdaVersion:
    year = str(edition.year)
    texts = {key: value.replace("2027", year) for key, value in texts.items()}
    version = nda_version_create(edition=edition, audience=audience, version_label=NDA_VERSION_LABEL, **texts)
    return nda_version_publish(version=version, actor=actor)


def _sign(*, version: NdaVersion, user, company, signer_name: str, signer_title: str, when) -> None:
    acceptance = NdaAcceptance(
        version=version,
        user=user,
        company=company,
        signer_name=signer_name,
        signer_title=signer_title,
        accepted_at=when,
        ip_address="127.0.0.1",
        user_agent="demo_data",
        text_sha256=version.text_sha256,
    )
    acceptance.full_clean()
    acceptance.save()
    audit_append(
        action="nda.signed",
        actor=user,
        edition=version.edition,
        payload={
            "acceptance": acceptance.pk,
            "version": version.pk,
            "version_label": version.version_label,
            "audience": version.audience,
            "company": company.pk if company else None,
            "text_sha256": version.text_sha256,
        },
    )


def _contact_email(spec: dict) -> str:
    contact = spec["contact"]
    return f"{contact['first_name']}.{contact['last_name']}@{spec['domain']}".lower()


def _companies(*, edition: Edition, nda: NdaVersion) -> dict[str, tuple[Company, object]]:
    users = _users(
        [(_contact_email(spec), spec["contact"]["first_name"], spec["contact"]["last_name"])
         for spec in COMPANIES.values()],
        PARTICIPANT_PASSWORD,
    )
    companies = {}
    for position, (key, spec) in enumerate(COMPANIES.items()):
        user = users[_contact_email(spec)]
        company = Company.objects.filter(legal_name=spec["company"]["legal_name"]).first()
        if company is None:
            company = Company(**spec["company"])
            company.full_clean()
            company.save()
        contact = spec["contact"]
        full_name = f"{contact['first_name']} {contact['last_name']}"
        if not CompanyContact.objects.filter(user=user).exists():
            member = CompanyContact(
                user=user, company=company, full_name=full_name, job_title=contact["job_title"], phone=contact["phone"]
            )
            member.full_clean()
            member.save()
        _sign(
            version=nda, user=user, company=company, signer_name=full_name, signer_title=contact["job_title"],
            when=edition.registration_opens + dt.timedelta(days=2, hours=position),
        )
        companies[key] = (company, user)
    return companies


def _figures(rng: random.Random, quality: float, seats: int) -> dict:
    """Operational figures that go with the entry's quality (better entries, better figures)."""
    lift = quality - 5

    def percent(base, per_point, spread, low=0.0, high=99.5):
        return Decimal(f"{min(high, max(low, base + per_point * lift + rng.uniform(-spread, spread))):.2f}")

    return {
        "agent_seats": seats,
        "inbound_contacts_yearly": seats * rng.randrange(3800, 6200, 10),
        "outbound_contacts_yearly": seats * rng.randrange(300, 1200, 10),
        "service_level_percent": percent(68, 5, 3),
        "service_level_seconds": rng.choice([20, 20, 30]),
        "average_speed_of_answer": max(5, round(48 - 7 * lift + rng.uniform(-4, 4))),
        "abandonment_rate": percent(9.5, -1.6, 0.8, low=0.8),
        "first_contact_resolution": percent(62, 5, 3),
        "customer_satisfaction": percent(76, 4, 2),
        "agent_attrition": percent(34, -4.5, 3, low=4),
    }


def accept_entries(*, edition: Edition, organiser) -> None:
    """The organisers' eligibility review: every demo entry is in order, and is accepted for judging."""
    waiting = Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED, accepted_at__isnull=True)
    for entry in waiting.order_by("pk"):
        entry_accept(entry=entry, actor=organiser)


def _entries(*, categories: dict, companies: dict, edition: Edition) -> dict[int, tuple[str, float]]:
    """Submit every demo entry; returns entry pk -> (content key, hidden quality)."""
    hidden = {}
    for position, (code, specs) in enumerate(ENTRIES.items()):
        category = categories[code]
        for number, spec in enumerate(specs):
            company, user = companies[spec[0]]
            quality = spec[1]
            key = f"{code}:{spec[0]}"
            rng = _rng("entry", key)
            fields = {}
            if category.is_individual:
                _key, _quality, name, role, years = spec
                title = f"{name}, {role}"
                words = {"name": name, "role": role.lower(), "brand": company.display_name, "years": years}
                fields = {"nominee_name": name, "nominee_role": role, "nominee_years_in_role": years}
                pool = NOMINEE_NARRATIVES
            else:
                title = spec[2]
                channels = ", ".join(channel for channel in company.channels if channel != "phone") or "e-mail"
                words = {"brand": company.display_name, "city": company.city, "seats": company.agent_seats,
                         "channels": channels}
                fields = _figures(rng, quality, company.agent_seats)
                pool = NARRATIVES
            for area in AREA_ORDER:
                picks = rng.sample(pool[area], 2 if not category.is_individual else 1)
                fields[f"narrative_{area}"] = " ".join(text.format(**words) for text in picks)
            entry = Entry(
                company=company,
                category=category,
                title=title[:200],
                number=entry_number_next(edition=edition),
                created_by=user,
                status=Entry.Status.SUBMITTED,
                submitted_at=edition.registration_closes - dt.timedelta(days=10 - position % 7, hours=number * 3),
                **fields,
            )
            entry.full_clean()
            entry.save()
            audit_append(
                action="entry.submitted",
                actor=user,
                edition=edition,
                payload={"entry": entry.pk, "reference": entry.reference},
            )
            hidden[entry.pk] = (key, quality)
    return hidden


def _rubrics(*, categories: dict, actor) -> None:
    for spec in CATEGORIES:
        rubric = rubric_create_default(category=categories[spec["code"]])
        if "weights" in spec:
            rubric_update(rubric=rubric, weights=spec["weights"], tie_break_order=rubric.tie_break_order, actor=actor)


def _judges(*, edition: Edition, nda: NdaVersion) -> list[Judge]:
    users = _users([(email, *_judge_names(name)) for email, name, *_rest in JUDGES], JUDGE_PASSWORD, two_factor=True)
    # Pseudonyms are shuffled, so "Judge 01" says nothing about who it is.
    numbers = list(range(1, len(JUDGES) + 1))
    _rng("pseudonyms").shuffle(numbers)
    judges = []
    for number, (email, full_name, job_title, organisation, kind, expertise) in zip(numbers, JUDGES, strict=True):
        user = users[email]
        judge = Judge(
            edition=edition,
            user=user,
            full_name=full_name,
            job_title=job_title,
            organisation=organisation,
            expertise=expertise,
            kind=kind,
            pseudonym=f"Judge {number:02d}",
        )
        judge.full_clean()
        judge.save()
        audit_append(
            action="judge.joined",
            actor=user,
            edition=edition,
            payload={"judge": judge.pk, "pseudonym": judge.pseudonym},
        )
        _sign(
            version=nda, user=user, company=None, signer_name=full_name, signer_title=job_title,
            when=edition.registration_closes - dt.timedelta(days=20 - number),
        )
        judges.append(judge)
    return judges


def _judge_names(full_name: str) -> tuple[str, str]:
    """First and last name without titles: "Dr. Ratna Wijayanti, M.M." -> ("Ratna", "Wijayanti")."""
    words = [word for word in full_name.split(",")[0].split() if not word.endswith(".")]
    return words[0], words[-1]


def _conflicts(*, judges: list[Judge], companies: dict) -> None:
    by_email = {judge.user.email: judge for judge in judges}
    for email, company_key, relation, note in CONFLICTS:
        conflict_declare(judge=by_email[email], company=companies[company_key][0], relation=relation, note=note)


def _panels(*, categories: dict, judges: list[Judge], actor) -> None:
    """Each category's panel: min_judges + 3 judges, rotating through the panel so the load spreads."""
    ordered = sorted(judges, key=lambda judge: judge.user.email)
    for position, category in enumerate(categories.values()):
        size = min(len(ordered), category.min_judges + 3)
        for offset in range(size):
            panel_member_add(category=category, judge=ordered[(position * 5 + offset) % len(ordered)], actor=actor)


def _key_holders(organiser) -> list:
    users = _users(
        [(spec["email"], spec["first_name"], spec["last_name"]) for spec in KEYHOLDERS],
        KEYHOLDER_PASSWORD,
        two_factor=True,
    )
    return [organiser, *(users[spec["email"]] for spec in KEYHOLDERS)]


def _clamp(value: float) -> int:
    return max(1, min(10, round(value)))


def demo_scores(*, criteria: list[Criterion], entry_key: str, quality: float, judge_email: str, dissent: int = 0):
    """A judge's scores for an entry: hidden quality + the entry's area profile + the judge's leniency +
    noise, clamped to 1..10; `dissent` points are taken off every criterion."""
    profile = _rng("profile", entry_key)
    area_offset = {area: profile.gauss(0, 0.45) for area in AREA_ORDER}
    leniency = _rng("leniency", judge_email).gauss(0, 0.3)
    noise = _rng("noise", entry_key, judge_email)
    return {
        criterion.code: _clamp(quality + area_offset[criterion.area] + leniency + noise.gauss(0, 0.55) - dissent)
        for criterion in criteria
    }


def _comment(*, entry_key: str, judge_email: str, quality: float) -> tuple[dict, str]:
    rng = _rng("comment", entry_key, judge_email)
    band = "high" if quality >= 8 else "middle" if quality >= 7 else "low"
    areas = rng.sample(list(NOTES), rng.randint(0, 2))
    return {area: NOTES[area] for area in areas}, rng.choice(COMMENTS[band])


def seal_demo_scorecard(*, judge: Judge, entry: Entry, round: Round, scores: dict, notes: dict, comment: str):  # noqa: A002
    """The one place the demo seals a scorecard, the way a judge's final submit does.

    The draft is written directly (the judges' `draft_save` repeats the checks that `scorecard_seal`
    makes anyway, and doubles the demo's run time); `scorecard_seal` checks the assignment, the
    conflicts and that every criterion has a score from 1 to 10, encrypts, and deletes the draft.
    """
    key_id, ciphertext = draft_encrypt(
        judge_id=judge.pk, entry_id=entry.pk, round_id=round.pk, scores=scores, notes=notes, comment=comment
    )
    ScorecardDraft.objects.create(judge=judge, entry=entry, round=round, key_id=key_id, ciphertext=ciphertext)
    return scorecard_seal(judge=judge, entry=entry, round=round, actor=judge.user)


def _scorecards(*, edition: Edition, final: Round, hidden: dict) -> int:
    criteria_of = {}  # each category's criteria in this round (its own rubric, else the category's)
    for category in edition.categories.all():
        criteria_of[category.pk] = rubric_of(category=category, round=final)[1]
    dissent_key = f"{DISSENT[0]}:{DISSENT[1]}"
    dissenter = None
    count = 0
    assignments = (
        final.assignments.select_related("entry__category__edition", "judge__user")
        .order_by("entry__category__ceremony_order", "entry__pk", "judge__pseudonym")
    )
    for assignment in assignments:
        entry, judge = assignment.entry, assignment.judge
        entry_key, quality = hidden[entry.pk]
        if entry_key == dissent_key and dissenter is None:
            dissenter = judge.pk  # the first judge by pseudonym sees this entry very differently
        dissent = DISSENT[2] if judge.pk == dissenter and entry_key == dissent_key else 0
        scores = demo_scores(
            criteria=criteria_of[entry.category_id], entry_key=entry_key, quality=quality,
            judge_email=judge.user.email, dissent=dissent,
        )
        notes, comment = _comment(entry_key=entry_key, judge_email=judge.user.email, quality=quality)
        seal_demo_scorecard(judge=judge, entry=entry, round=final, scores=scores, notes=notes, comment=comment)
        count += 1
    return count


def _write_shares(*, shares_dir: Path, slug: str, texts: list[str]) -> list[Path]:
    """Write each holder's file (holder key + encrypted share) to its own file, readable by the owner only."""
    shares_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = []
    for index, text in enumerate(texts, start=1):
        path = shares_dir / share_file_name(slug, index)
        atomic_write(path, text.encode("utf-8"), mode=0o600)
        paths.append(path)
    return paths


def _build(*, organiser, stdout, shares_dir: Path) -> None:
    now = timezone.now()
    edition = _edition(now)
    categories = _categories(edition)
    participant_nda = _nda(edition, NdaVersion.Audience.PARTICIPANT, PARTICIPANT_NDA, organiser)
    judge_nda = _nda(edition, NdaVersion.Audience.JUDGE, JUDGE_NDA, organiser)
    edition_transition(edition=edition, to_state=Edition.State.REGISTRATION, actor=organiser)
    companies = _companies(edition=edition, nda=participant_nda)
    hidden = _entries(categories=categories, companies=companies, edition=edition)
    _rubrics(categories=categories, actor=organiser)
    judges = _judges(edition=edition, nda=judge_nda)
    _conflicts(judges=judges, companies=companies)
    _panels(categories=categories, judges=judges, actor=organiser)
    # Each demo holder's key is made here, as a holder would on their own device; the ceremony then goes
    # through the same path as keygen (shares encrypted to the holder keys), and each holder's file holds
    # their key and their encrypted share (the demo's secrets are public anyway).
    holder_keys = [sealing.holder_key_generate() for _index in range(HOLDERS)]
    ceremony, handed_out = key_ceremony_create(
        edition=edition, holders=_key_holders(organiser), threshold=THRESHOLD, actor=organiser,
        holder_public_keys=[key.public_key().public_bytes_raw() for key in holder_keys],
    )
    holder_files = [
        sealing.holder_file_text(key, encrypted)
        for key, (_holder, encrypted) in zip(holder_keys, handed_out, strict=True)
    ]
    accept_entries(edition=edition, organiser=organiser)
    edition_open_judging(edition=edition, actor=organiser)
    final = Round.objects.get(edition=edition, is_final=True)
    plan = assignment_plan_for_edition(edition=edition)
    shortfalls = [shortfall for category in plan.categories for shortfall in category.shortfalls]
    if shortfalls:
        raise ValidationError(f"The demo panels are too small: {shortfalls}")
    assignment_apply(plan=plan, actor=organiser)
    sealed = _scorecards(edition=edition, final=final, hidden=hidden)
    paths = _write_shares(shares_dir=shares_dir, slug=edition.slug, texts=holder_files)

    stdout.write(
        f"Edition {edition.slug}: {edition.name} ({edition.get_state_display()}), {len(categories)} categories, "
        f"{len(companies)} companies, {len(hidden)} entries, {len(judges)} judges, {sealed} sealed scorecards\n"
    )
    stdout.write(
        f"Key ceremony: {HOLDERS} key holders, {THRESHOLD} needed; "
        f"key {sealing.fingerprint_display(ceremony.fingerprint)}\n"
    )
    for holder, path in zip((holder for holder, _text in handed_out), paths, strict=True):
        stdout.write(f"Key file of key holder {holder.index} ({holder.user.email}), with their encrypted share, "
                     f"written to {path}\n")


@transaction.atomic
def build_judging_demo(*, stdout, shares_dir: Path) -> list[tuple[str, str, str]]:
    """Create (once) the edition cct-2026 in judging; return its logins as (role, e-mail, password).

    Needs the demo organiser made by `awards.demo.build_registration_demo`.
    """
    organiser = get_user_model().objects.get(username=ORGANISER_EMAIL)
    shares_dir = Path(shares_dir)
    edition = Edition.objects.filter(slug=EDITION["slug"]).first()
    if edition is None:
        _build(organiser=organiser, stdout=stdout, shares_dir=shares_dir)
    else:
        sealed = SealedScorecard.objects.filter(edition=edition, is_latest=True).count()
        stdout.write(
            f"Edition {edition.slug}: {edition.name} ({edition.get_state_display()}) exists, left as it is "
            f"({sealed} sealed scorecards); no new key\n"
        )
        ceremony = key_ceremony_active(edition=edition)
        if ceremony is not None:
            for index in range(1, ceremony.holders_count + 1):
                path = shares_dir / share_file_name(edition.slug, index)
                state = "kept" if path.exists() else "not there (shares exist only where they were first written)"
                stdout.write(f"Share file {path}: {state}\n")
    first_company = next(iter(COMPANIES.values()))
    logins = [
        (f"Participant (cct-2026): {first_company['company']['brand']}, like every cct-2026 contact",
         _contact_email(first_company), PARTICIPANT_PASSWORD),
    ]
    logins += [
        (f"Judge (cct-2026): {full_name}", email, JUDGE_PASSWORD) for email, full_name, *_rest in JUDGES
    ]
    # The organiser holds share 1; these two hold shares 2 and 3.
    logins += [
        (f"Key holder, share {index} (cct-2026): {spec['first_name']} {spec['last_name']}", spec["email"],
         KEYHOLDER_PASSWORD)
        for index, spec in enumerate(KEYHOLDERS, start=2)
    ]
    return logins
